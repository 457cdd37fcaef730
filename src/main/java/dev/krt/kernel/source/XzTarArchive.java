package dev.krt.kernel.source;

import java.io.Closeable;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tukaani.xz.SeekableFileInputStream;
import org.tukaani.xz.SeekableXZInputStream;
import org.tukaani.xz.XZFormatException;

/**
 * Random access to a multi-block {@code .tar.xz} without unpacking it.
 *
 * <p>xz streams made with several blocks (Debian's linux-source tarballs have 62) can be
 * decompressed from the start of any block. krt uses that twice: to find members it probes where
 * the first tar header of each block is and, since kernel tarballs are written in sorted path
 * order, binary-searches that sparse map and decompresses only the block that holds a member; and
 * to build a complete index it decompresses all blocks in parallel. What was learnt is kept in a
 * {@link TarIndex} that callers cache by the tarball's identity.
 *
 * <p>Sorted order is checked, not assumed: every decompressed block must be in order and must end
 * exactly where the next block's first member starts; otherwise krt falls back to a full sequential
 * index.
 */
final class XzTarArchive implements Closeable {
  /** Members up to this size are captured while their block is decompressed anyway. */
  static final long CAPTURE_LIMIT = 4L << 20;

  /** The largest member krt reads into memory: kernel scripts and build files are far smaller. */
  static final long READ_LIMIT = 64L << 20;

  private final File file;
  private final TarIndex index;
  private final int threads;
  private final Map<String, byte[]> captured = new ConcurrentHashMap<>();
  private ExecutorService pool;

  XzTarArchive(File file, TarIndex cachedOrNull, int threads) throws IOException {
    this.file = file;
    this.threads = Math.max(1, threads);
    try (SeekableXZInputStream in = open()) {
      int n = in.getBlockCount();
      long[] starts = new long[n + 1];
      for (int i = 0; i < n; i++) {
        starts[i] = in.getBlockPos(i);
      }
      starts[n] = in.length();
      if (cachedOrNull != null && cachedOrNull.sameLayout(starts)) {
        this.index = cachedOrNull;
      } else {
        this.index = new TarIndex(starts);
      }
    }
  }

  TarIndex index() {
    return index;
  }

  private SeekableXZInputStream open() throws IOException {
    try {
      return new SeekableXZInputStream(
          new SeekableFileInputStream(file), KernelSources.XZ_MEMORY_KIB);
    } catch (org.tukaani.xz.MemoryLimitException e) {
      throw tooMuchMemory(e);
    } catch (XZFormatException e) {
      throw new CorruptArchiveException("not an xz file: " + file);
    } catch (EOFException e) {
      throw new CorruptArchiveException("truncated xz file: " + file);
    } catch (org.tukaani.xz.CorruptedInputException e) {
      throw new CorruptArchiveException("corrupt xz file: " + file + " (" + e.getMessage() + ")");
    }
  }

  private TarWalker.RecordInput input(SeekableXZInputStream in) {
    return new TarWalker.RecordInput() {
      @Override
      public void seek(long pos) throws IOException {
        try {
          in.seek(pos);
        } catch (org.tukaani.xz.MemoryLimitException e) {
          throw tooMuchMemory(e);
        } catch (org.tukaani.xz.XZIOException e) {
          throw corrupt(e);
        }
      }

      @Override
      public long position() {
        try {
          return in.position();
        } catch (IOException e) {
          return -1;
        }
      }

      @Override
      public void readFully(byte[] buf, int off, int len) throws IOException {
        int done = 0;
        while (done < len) {
          int r;
          try {
            r = in.read(buf, off + done, len - done);
          } catch (org.tukaani.xz.MemoryLimitException e) {
            throw tooMuchMemory(e);
          } catch (org.tukaani.xz.XZIOException e) {
            throw corrupt(e);
          }
          if (r < 0) {
            throw new EOFException("unexpected end of archive");
          }
          done += r;
        }
      }
    };
  }

  private synchronized ExecutorService pool() {
    if (pool == null) {
      pool =
          Executors.newFixedThreadPool(
              threads,
              r -> {
                Thread t = new Thread(r, "krt-xz");
                t.setDaemon(true);
                return t;
              });
    }
    return pool;
  }

  @Override
  public synchronized void close() {
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /** Damaged xz data wherever the decoder meets it (block headers, block data, checks). */
  private CorruptArchiveException corrupt(org.tukaani.xz.XZIOException e) {
    return new CorruptArchiveException("corrupt xz data in " + file + " (" + e.getMessage() + ")");
  }

  private CorruptArchiveException tooMuchMemory(org.tukaani.xz.MemoryLimitException e) {
    return new CorruptArchiveException(
        file
            + ": an xz block needs "
            + (e.getMemoryNeeded() >> 10)
            + " MiB to decompress, more than krt allows ("
            + (KernelSources.XZ_MEMORY_KIB >> 10)
            + " MiB); a kernel tarball needs under 100 MiB");
  }

  // ---------------------------------------------------------------------------------------------
  // Block map: the first member of each block.

  /** Finds the first reliable member header at or after a block's start (a heuristic scan). */
  private void probeBlock(int b) throws IOException {
    if (index.firstHeader(b) != TarIndex.UNKNOWN) {
      return;
    }
    long blockStart = index.blockStart(b);
    long blockEnd = index.blockStart(b + 1);
    long pos = (blockStart + 511) & ~511L;
    byte[] rec = new byte[TarHeaders.RECORD];
    try (SeekableXZInputStream in = open()) {
      TarWalker.RecordInput ri = input(in);
      if (pos >= blockEnd) {
        index.setFirst(b, TarIndex.NONE, null);
        return;
      }
      ri.seek(pos);
      while (pos < blockEnd) {
        try {
          ri.readFully(rec, 0, rec.length);
        } catch (EOFException e) {
          index.setFirst(b, TarIndex.NONE, null);
          return;
        }
        TarHeaders.Header h = TarHeaders.parse(rec, pos);
        if (h != null && plausible(h)) {
          char t = h.type();
          boolean nearStart = pos - blockStart < 4 * TarHeaders.RECORD;
          // Right at the block start, a long-link or pax header, or a header whose 100-byte name
          // field is full, may continue a member whose GNU long-name header is in the previous
          // block: that block owns it, so start at the member after it. (Were it a member of its
          // own, the previous block's walk ends short of our first member and the chain check
          // falls back to a full index.)
          boolean continuation =
              t == 'K' || t == 'x' || t == 'g' || (h.nameFieldFull() && t != 'L');
          // Block 0 continues nothing: its extended headers belong to its first member.
          if (b > 0 && nearStart && continuation) {
            List<TarEntry> skipped = new ArrayList<>(1);
            long after;
            try {
              after = TarWalker.walk(ri, pos, pos + 1, e -> false, 0, skipped::add, (e, d) -> {});
            } catch (TarWalker.CorruptTarException e) {
              pos += TarHeaders.RECORD;
              ri.seek(pos);
              continue;
            }
            if (after == TarWalker.END) {
              index.setFirst(b, TarIndex.NONE, null);
              return;
            }
            pos = after;
            if (pos < blockEnd) {
              ri.seek(pos);
            }
            continue;
          }
          // Read the member properly (long names) to learn its path.
          List<TarEntry> first = new ArrayList<>(1);
          try {
            TarWalker.walk(ri, pos, pos + 1, e -> false, 0, first::add, (e, d) -> {});
          } catch (TarWalker.CorruptTarException e) {
            if (pos == 0) {
              // The archive's first member: no earlier block to have started it elsewhere.
              throw new CorruptArchiveException("corrupt tar in " + file + ": " + e.getMessage());
            }
            pos += TarHeaders.RECORD;
            ri.seek(pos);
            continue;
          }
          if (first.isEmpty()) {
            index.setFirst(b, TarIndex.NONE, null);
          } else {
            TarEntry e = first.get(0);
            index.setFirst(b, pos, e.path());
            if (b == 0 && index.rootPrefix() == null) {
              // Kernel tarballs keep the tree under one directory (linux-source-6.12/).
              String p = e.path();
              index.setRootPrefix(
                  p.contains("/") ? p.substring(0, p.indexOf('/')) : (e.type() == '5' ? p : ""));
            }
          }
          return;
        }
        pos += TarHeaders.RECORD;
      }
    }
    index.setFirst(b, TarIndex.NONE, null);
  }

  private boolean plausible(TarHeaders.Header h) {
    String prefix = index.rootPrefix();
    if (prefix == null || prefix.isEmpty()) {
      return true;
    }
    String name = h.entry().getName();
    char t = h.type();
    return t == 'L'
        || t == 'K'
        || t == 'x'
        || name.startsWith(prefix + "/")
        || name.equals(prefix + "/");
  }

  void probeAllBlocks() throws IOException {
    probeBlock(0);
    if (index.rootPrefix() == null) {
      index.setRootPrefix("");
    }
    List<Integer> todo = new ArrayList<>();
    for (int b = 1; b < index.blockCount(); b++) {
      if (index.firstHeader(b) == TarIndex.UNKNOWN) {
        todo.add(b);
      }
    }
    runAll(todo, this::probeBlock);
  }

  // ---------------------------------------------------------------------------------------------
  // Scanning blocks.

  /** Decompresses block {@code b} from its first member and records the members it owns. */
  private void scanBlock(int b, Set<String> wanted) throws IOException {
    probeBlock(b);
    long first = index.firstHeader(b);
    if (first == TarIndex.NONE) {
      index.setEntries(b, List.of(), -2);
      return;
    }
    if (index.entries(b) != null && (wanted.isEmpty() || capturedAll(wanted, b))) {
      return;
    }
    List<TarEntry> entries = new ArrayList<>();
    long next;
    try (SeekableXZInputStream in = open()) {
      next =
          TarWalker.walk(
              input(in),
              first,
              index.blockStart(b + 1),
              e -> wanted.contains(e.path()),
              CAPTURE_LIMIT,
              entries::add,
              (e, data) -> captured.put(e.path(), data));
    } catch (EOFException e) {
      throw new CorruptArchiveException("truncated tar inside " + file + ": " + e.getMessage());
    } catch (TarWalker.CorruptTarException e) {
      // The block probe took file data for a header: only a walk from the start is certain.
      index.markUnsorted();
      return;
    }
    for (int i = 1; i < entries.size(); i++) {
      if (TarIndex.ORDER.compare(entries.get(i - 1).path(), entries.get(i).path()) >= 0) {
        index.markUnsorted();
      }
    }
    index.setEntries(b, entries, next);
  }

  private boolean capturedAll(Set<String> wanted, int b) {
    for (TarEntry e : index.entries(b)) {
      if (wanted.contains(e.path())
          && e.isFile()
          && e.size() <= CAPTURE_LIMIT
          && !captured.containsKey(e.path())) {
        return false;
      }
    }
    return true;
  }

  /** Scans every block (in parallel) so the index lists every member. */
  void indexAll() throws IOException {
    if (index.complete()) {
      return;
    }
    probeAllBlocks();
    List<Integer> todo = new ArrayList<>();
    for (int b = 0; b < index.blockCount(); b++) {
      if (index.entries(b) == null) {
        todo.add(b);
      }
    }
    runAll(todo, b -> scanBlock(b, Set.of()));
    if (!index.chainConsistent() || index.unsorted()) {
      sequentialIndex();
    }
    index.markComplete();
  }

  /** The slow, certain path: one walk over the whole archive. */
  private void sequentialIndex() throws IOException {
    List<TarEntry> all = new ArrayList<>();
    try (SeekableXZInputStream in = open()) {
      TarWalker.walk(input(in), 0, Long.MAX_VALUE, e -> false, 0, all::add, (e, d) -> {});
    } catch (TarWalker.CorruptTarException e) {
      throw new CorruptArchiveException("corrupt tar in " + file + ": " + e.getMessage());
    } catch (EOFException e) {
      throw new CorruptArchiveException("truncated tar inside " + file);
    }
    index.replaceAll(all);
  }

  // ---------------------------------------------------------------------------------------------
  // Lookups.

  /** The member at an archive path, if any. */
  Optional<TarEntry> find(String path) throws IOException {
    Map<String, TarEntry> r = findAll(List.of(path), false);
    return Optional.ofNullable(r.get(path));
  }

  /**
   * Finds members by archive path, decompressing only the blocks that hold them; with {@code
   * capture}, their contents are kept for {@link #data}.
   */
  Map<String, TarEntry> findAll(Collection<String> paths, boolean capture) throws IOException {
    Map<String, TarEntry> out = new HashMap<>();
    if (!index.complete()) {
      probeAllBlocks();
      if (!index.blockMapSorted() || index.unsorted()) {
        indexAll();
      }
    }
    if (index.complete()) {
      List<String> need = new ArrayList<>();
      for (String p : paths) {
        TarEntry e = index.lookup(p);
        if (e != null) {
          out.put(p, e);
          if (capture && e.isFile() && !captured.containsKey(p)) {
            need.add(p);
          }
        }
      }
      if (!need.isEmpty()) {
        Map<Integer, Set<String>> byBlock = new HashMap<>();
        for (String p : need) {
          byBlock.computeIfAbsent(index.ownerBlock(out.get(p)), k -> new HashSet<>()).add(p);
        }
        runAll(new ArrayList<>(byBlock.keySet()), b -> readDataFromBlock(byBlock.get(b), out));
      }
      return out;
    }
    Map<Integer, Set<String>> byBlock = new HashMap<>();
    for (String p : paths) {
      byBlock.computeIfAbsent(index.blockFor(p), k -> new HashSet<>()).add(p);
    }
    byBlock.remove(-1);
    runAll(
        new ArrayList<>(byBlock.keySet()), b -> scanBlock(b, capture ? byBlock.get(b) : Set.of()));
    if (index.unsorted() || !index.chainConsistentFor(byBlock.keySet())) {
      indexAll();
      return findAll(paths, capture);
    }
    for (String p : paths) {
      TarEntry e = index.lookupScanned(p);
      if (e != null) {
        out.put(p, e);
      }
    }
    return out;
  }

  private void readDataFromBlock(Set<String> paths, Map<String, TarEntry> entries)
      throws IOException {
    List<TarEntry> list = new ArrayList<>();
    for (String p : paths) {
      list.add(entries.get(p));
    }
    list.sort((a, b) -> Long.compare(a.dataOffset(), b.dataOffset()));
    try (SeekableXZInputStream in = open()) {
      TarWalker.RecordInput ri = input(in);
      for (TarEntry e : list) {
        if (e.size() > CAPTURE_LIMIT) {
          continue;
        }
        byte[] data = new byte[(int) e.size()];
        ri.seek(e.dataOffset());
        ri.readFully(data, 0, data.length);
        captured.put(e.path(), data);
      }
    }
  }

  /**
   * Members under a directory prefix (archive path ending in {@code /}), decompressing the blocks
   * that span it.
   */
  List<TarEntry> listUnder(String dirPrefix) throws IOException {
    if (!index.complete()) {
      probeAllBlocks();
      if (!index.blockMapSorted() || index.unsorted() || dirPrefix.isEmpty()) {
        indexAll();
      }
    }
    if (!index.complete()) {
      int[] range = index.blockRangeFor(dirPrefix);
      List<Integer> blocks = new ArrayList<>();
      for (int b = range[0]; b <= range[1]; b++) {
        if (index.entries(b) == null) {
          blocks.add(b);
        }
      }
      runAll(blocks, b -> scanBlock(b, Set.of()));
      Set<Integer> all = new HashSet<>();
      for (int b = range[0]; b <= range[1]; b++) {
        all.add(b);
      }
      if (index.unsorted() || !index.chainConsistentFor(all)) {
        indexAll();
      }
    }
    return index.under(dirPrefix);
  }

  /** Contents of a file member. */
  byte[] data(TarEntry e) throws IOException {
    byte[] d = captured.get(e.path());
    if (d != null) {
      return d;
    }
    if (e.size() > READ_LIMIT) {
      throw new CorruptArchiveException(
          file
              + ": member '"
              + e.path()
              + "' is larger than "
              + (READ_LIMIT >> 20)
              + " MiB; krt reads only a kernel's scripts and build files");
    }
    byte[] data = new byte[(int) e.size()];
    try (SeekableXZInputStream in = open()) {
      TarWalker.RecordInput ri = input(in);
      ri.seek(e.dataOffset());
      ri.readFully(data, 0, data.length);
    }
    if (e.size() <= CAPTURE_LIMIT) {
      captured.put(e.path(), data);
    }
    return data;
  }

  // ---------------------------------------------------------------------------------------------

  private interface BlockTask {
    void run(int block) throws IOException;
  }

  private void runAll(List<Integer> blocks, BlockTask task) throws IOException {
    if (blocks.isEmpty()) {
      return;
    }
    if (blocks.size() == 1 || threads == 1) {
      for (int b : blocks) {
        task.run(b);
      }
      return;
    }
    List<Future<?>> fs = new ArrayList<>();
    for (int b : blocks) {
      fs.add(
          pool()
              .submit(
                  () -> {
                    task.run(b);
                    return null;
                  }));
    }
    IOException first = null;
    for (Future<?> f : fs) {
      try {
        f.get();
      } catch (ExecutionException e) {
        Throwable c = e.getCause();
        if (first == null) {
          first = c instanceof IOException io ? io : new IOException(c.toString(), c);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted");
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
