package dev.krt.kernel.source;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What krt knows of one tarball's members, block by block: where each xz block's first member
 * starts, and the members of the blocks decompressed so far. Serialisable, so it is computed once
 * per tarball identity.
 */
final class TarIndex {
  static final long UNKNOWN = -3;
  static final long NONE = -2;
  private static final int FORMAT = 1;

  /**
   * Kernel tarballs list members in byte order of their paths (directories without the trailing
   * slash), as {@code find | LC_ALL=C sort} would; git-archive order differs only around names that
   * sort before {@code /}, and then the order check falls back to a full index.
   */
  /**
   * Tar's order: by UTF-8 bytes. Outside surrogate pairs, UTF-16 order is code-point order, which
   * is UTF-8 byte order, so chars are compared directly and only surrogates take the slow path
   * (sorting 87,000 paths must not encode each one again per comparison).
   */
  static final Comparator<String> ORDER =
      (a, b) -> {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
          char x = a.charAt(i);
          char y = b.charAt(i);
          if (x != y) {
            if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
              return Arrays.compareUnsigned(
                  a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
            }
            return Character.compare(x, y);
          }
        }
        return Integer.compare(a.length(), b.length());
      };

  private final long[] blockStarts; // uncompressed, blockCount + 1 (last = total length)
  private final long[] firstHeader;
  private final String[] firstPath;
  private final List<List<TarEntry>> entries;
  private final long[] nextAfter;
  private String rootPrefix;
  private boolean unsorted;
  private boolean complete;
  private boolean dirty;
  private Map<String, TarEntry> byPath;

  TarIndex(long[] blockStarts) {
    this.blockStarts = blockStarts.clone();
    int n = blockStarts.length - 1;
    this.firstHeader = new long[n];
    Arrays.fill(firstHeader, UNKNOWN);
    this.firstPath = new String[n];
    this.entries = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      entries.add(null);
    }
    this.nextAfter = new long[n];
    Arrays.fill(nextAfter, UNKNOWN);
    this.dirty = true;
  }

  boolean sameLayout(long[] starts) {
    return Arrays.equals(blockStarts, starts);
  }

  int blockCount() {
    return firstHeader.length;
  }

  long blockStart(int b) {
    return b >= blockCount() ? Long.MAX_VALUE : blockStarts[b];
  }

  synchronized long firstHeader(int b) {
    return firstHeader[b];
  }

  synchronized String firstPath(int b) {
    return firstPath[b];
  }

  synchronized void setFirst(int b, long offset, String path) {
    firstHeader[b] = offset;
    firstPath[b] = path;
    dirty = true;
  }

  synchronized String rootPrefix() {
    return rootPrefix;
  }

  synchronized void setRootPrefix(String p) {
    rootPrefix = p;
    dirty = true;
  }

  synchronized List<TarEntry> entries(int b) {
    return entries.get(b);
  }

  synchronized void setEntries(int b, List<TarEntry> list, long next) {
    entries.set(b, List.copyOf(list));
    nextAfter[b] = next;
    byPath = null;
    dirty = true;
  }

  synchronized void markUnsorted() {
    unsorted = true;
    dirty = true;
  }

  synchronized boolean unsorted() {
    return unsorted;
  }

  synchronized boolean complete() {
    return complete;
  }

  synchronized void markComplete() {
    complete = true;
    dirty = true;
  }

  synchronized boolean dirty() {
    return dirty;
  }

  synchronized void clean() {
    dirty = false;
  }

  /** Replaces everything with the result of one sequential walk. */
  synchronized void replaceAll(List<TarEntry> all) {
    for (int b = 0; b < blockCount(); b++) {
      entries.set(b, new ArrayList<>());
      firstHeader[b] = NONE;
      firstPath[b] = null;
    }
    for (TarEntry e : all) {
      int b = ownerBlock(e);
      if (entries.get(b).isEmpty()) {
        firstHeader[b] = e.startOffset();
        firstPath[b] = e.path();
      }
      entries.get(b).add(e);
    }
    for (int b = 0; b < blockCount(); b++) {
      entries.set(b, List.copyOf(entries.get(b)));
      nextAfter[b] = UNKNOWN;
    }
    byPath = null;
    complete = true;
    dirty = true;
  }

  int ownerBlock(TarEntry e) {
    int i = Arrays.binarySearch(blockStarts, 0, blockCount(), e.startOffset());
    return i >= 0 ? i : -i - 2;
  }

  /** Whether the first members of the blocks are in sorted order (a precondition for search). */
  synchronized boolean blockMapSorted() {
    String prev = null;
    for (int b = 0; b < blockCount(); b++) {
      if (firstPath[b] == null) {
        continue;
      }
      if (prev != null && ORDER.compare(prev, firstPath[b]) >= 0) {
        return false;
      }
      prev = firstPath[b];
    }
    return true;
  }

  /** The block whose members would include {@code path} in sorted order, or -1. */
  synchronized int blockFor(String path) {
    int found = -1;
    for (int b = 0; b < blockCount(); b++) {
      if (firstPath[b] == null) {
        continue;
      }
      if (ORDER.compare(firstPath[b], path) <= 0) {
        found = b;
      } else {
        break;
      }
    }
    return found;
  }

  /** Blocks [from, to] whose members may lie under a directory prefix ending in '/'. */
  synchronized int[] blockRangeFor(String dirPrefix) {
    String dir = dirPrefix.substring(0, dirPrefix.length() - 1);
    int from = Math.max(0, blockFor(dir));
    int to = from;
    for (int b = from + 1; b < blockCount(); b++) {
      if (firstPath[b] == null) {
        to = b;
        continue;
      }
      if (firstPath[b].startsWith(dirPrefix) || firstPath[b].equals(dir)) {
        to = b;
      } else if (ORDER.compare(firstPath[b], dir) <= 0) {
        to = b;
      } else {
        break;
      }
    }
    return new int[] {from, to};
  }

  private long firstHeaderAtOrAfter(int b) {
    for (int i = b; i < blockCount(); i++) {
      if (firstHeader[i] >= 0) {
        return firstHeader[i];
      }
      if (firstHeader[i] == UNKNOWN) {
        return UNKNOWN;
      }
    }
    return TarWalker.END;
  }

  /** Whether each scanned block ended exactly where the next block's first member starts. */
  synchronized boolean chainConsistentFor(Collection<Integer> blocks) {
    for (int b : blocks) {
      if (entries.get(b) == null || firstHeader[b] == NONE) {
        continue;
      }
      long expected = firstHeaderAtOrAfter(b + 1);
      if (expected == UNKNOWN) {
        continue;
      }
      if (nextAfter[b] != expected) {
        return false;
      }
    }
    return true;
  }

  synchronized boolean chainConsistent() {
    List<Integer> all = new ArrayList<>();
    for (int b = 0; b < blockCount(); b++) {
      all.add(b);
    }
    return chainConsistentFor(all);
  }

  private Map<String, TarEntry> byPath() {
    if (byPath == null) {
      Map<String, TarEntry> m = new HashMap<>();
      for (List<TarEntry> l : entries) {
        if (l != null) {
          for (TarEntry e : l) {
            m.put(e.path(), e); // later members win, as when tar extracts
          }
        }
      }
      byPath = m;
    }
    return byPath;
  }

  synchronized TarEntry lookup(String path) {
    return byPath().get(path);
  }

  synchronized TarEntry lookupScanned(String path) {
    return byPath().get(path);
  }

  /** The members under a directory prefix, in no particular order (callers sort as they need). */
  synchronized List<TarEntry> under(String dirPrefix) {
    List<TarEntry> out = new ArrayList<>();
    for (TarEntry e : byPath().values()) {
      if (e.path().startsWith(dirPrefix)) {
        out.add(e);
      }
    }
    return out;
  }

  synchronized int memberCount() {
    return byPath().size();
  }

  // ---------------------------------------------------------------------------------------------

  synchronized byte[] serialize() throws IOException {
    ByteArrayOutputStream bos = new ByteArrayOutputStream(1 << 16);
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(bos))) {
      out.writeInt(FORMAT);
      out.writeInt(blockStarts.length);
      for (long s : blockStarts) {
        out.writeLong(s);
      }
      out.writeUTF(rootPrefix == null ? "\0" : rootPrefix);
      out.writeBoolean(unsorted);
      out.writeBoolean(complete);
      for (int b = 0; b < blockCount(); b++) {
        out.writeLong(firstHeader[b]);
        out.writeUTF(firstPath[b] == null ? "\0" : firstPath[b]);
        out.writeLong(nextAfter[b]);
        List<TarEntry> l = entries.get(b);
        out.writeInt(l == null ? -1 : l.size());
        if (l != null) {
          for (TarEntry e : l) {
            out.writeUTF(e.path());
            out.writeChar(e.type());
            out.writeLong(e.startOffset());
            out.writeLong(e.dataOffset());
            out.writeLong(e.size());
            out.writeUTF(e.linkTarget());
          }
        }
      }
    }
    return bos.toByteArray();
  }

  static TarIndex deserialize(InputStream raw) throws IOException {
    DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16));
    if (in.readInt() != FORMAT) {
      throw new IOException("unknown index format");
    }
    int blocks = in.readInt();
    if (blocks < 1 || blocks > 1_000_000) {
      throw new IOException("bad block count in index");
    }
    long[] starts = new long[blocks];
    for (int i = 0; i < starts.length; i++) {
      starts[i] = in.readLong();
    }
    TarIndex ix = new TarIndex(starts);
    String rp = in.readUTF();
    ix.rootPrefix = rp.equals("\0") ? null : rp;
    ix.unsorted = in.readBoolean();
    ix.complete = in.readBoolean();
    for (int b = 0; b < ix.blockCount(); b++) {
      ix.firstHeader[b] = in.readLong();
      String fp = in.readUTF();
      ix.firstPath[b] = fp.equals("\0") ? null : fp;
      ix.nextAfter[b] = in.readLong();
      int n = in.readInt();
      if (n > 10_000_000) {
        throw new IOException("bad member count in index");
      }
      if (n >= 0) {
        List<TarEntry> l = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
          l.add(
              new TarEntry(
                  in.readUTF(),
                  in.readChar(),
                  in.readLong(),
                  in.readLong(),
                  in.readLong(),
                  in.readUTF()));
        }
        ix.entries.set(b, List.copyOf(l));
      }
    }
    ix.dirty = false;
    return ix;
  }
}
