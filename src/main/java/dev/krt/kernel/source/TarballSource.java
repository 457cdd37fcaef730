package dev.krt.kernel.source;

import dev.krt.cache.AtomicFiles;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A kernel source tarball read in place, never unpacked to disk.
 *
 * <p>{@code .tar.xz} gets block-level random access ({@link XzTarArchive}); {@code .tar.gz} and
 * plain {@code .tar} are walked as a stream. Either way the member index and the small files krt
 * read are cached under {@code <cache>/tar/<identity>/}, so a second look costs no decompression.
 */
public final class TarballSource implements KernelSource {
  /** Files up to this size are kept in the content cache. */
  private static final long CACHE_FILE_LIMIT = 256 * 1024;

  private final Path file;
  private final Path cacheDir; // may be null: no caching
  private final String identity;
  private final Kind kind;
  private XzTarArchive xz;
  private Members members;
  private String rootPrefix;

  enum Kind {
    XZ,
    GZIP,
    TAR
  }

  public TarballSource(Path file, Path cacheRoot, int threads) throws IOException {
    this.file = file.toAbsolutePath().normalize();
    this.kind = kindOf(this.file);
    this.identity = TarballIdentity.of(this.file);
    this.cacheDir = cacheRoot == null ? null : cacheRoot.resolve("tar").resolve(identity);
    if (kind == Kind.XZ) {
      TarIndex cached = loadIndex();
      this.xz = new XzTarArchive(this.file.toFile(), cached, threads);
    }
  }

  private static Kind kindOf(Path p) throws IOException {
    byte[] magic = new byte[6];
    try (InputStream in = Files.newInputStream(p)) {
      int n = in.readNBytes(magic, 0, 6);
      if (n >= 6
          && (magic[0] & 0xff) == 0xfd
          && magic[1] == '7'
          && magic[2] == 'z'
          && magic[3] == 'X'
          && magic[4] == 'Z'
          && magic[5] == 0) {
        return Kind.XZ;
      }
      if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return Kind.GZIP;
      }
    }
    String name = p.getFileName().toString();
    if (name.endsWith(".tar")) {
      return Kind.TAR;
    }
    throw new CorruptArchiveException("not an xz, gzip or tar file: " + p);
  }

  @Override
  public String describe() {
    return file.toString();
  }

  public String identity() {
    return identity;
  }

  @Override
  public Optional<String> contentIdentity() {
    return Optional.of("tar-" + identity);
  }

  // ---------------------------------------------------------------------------------------------

  private TarIndex loadIndex() {
    if (cacheDir == null) {
      return null;
    }
    Path p = cacheDir.resolve("index.bin");
    if (!Files.isRegularFile(p)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(p)) {
      return TarIndex.deserialize(in);
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return null; // a damaged cache is rebuilt, never trusted
    }
  }

  private void saveIndex() {
    if (cacheDir == null || xz == null || !xz.index().dirty()) {
      return;
    }
    try {
      AtomicFiles.write(cacheDir.resolve("index.bin"), xz.index().serialize());
      xz.index().clean();
    } catch (IOException e) {
      // The cache is an optimisation; a read-only cache directory must not fail the check.
    }
  }

  private Path contentPath(String path) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String h = HexFormat.of().formatHex(md.digest(path.getBytes(StandardCharsets.UTF_8)), 0, 12);
      return cacheDir.resolve("files").resolve(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cached content: a header line with the path (to rule out hash collisions), then the bytes. */
  private Optional<Optional<byte[]>> cachedContent(String path) {
    if (cacheDir == null) {
      return Optional.empty();
    }
    Path p = contentPath(path);
    try {
      byte[] all = Files.readAllBytes(p);
      int nl = indexOf(all, (byte) '\n');
      if (nl < 0) {
        return Optional.empty();
      }
      String head = new String(all, 0, nl, StandardCharsets.UTF_8);
      if (head.equals("absent " + path)) {
        return Optional.of(Optional.empty());
      }
      if (!head.equals("file " + path)) {
        return Optional.empty();
      }
      byte[] data = new byte[all.length - nl - 1];
      System.arraycopy(all, nl + 1, data, 0, data.length);
      return Optional.of(Optional.of(data));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private void cacheContent(String path, Optional<byte[]> data) {
    if (cacheDir == null || (data.isPresent() && data.get().length > CACHE_FILE_LIMIT)) {
      return;
    }
    byte[] head =
        ((data.isPresent() ? "file " : "absent ") + path + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = data.orElse(new byte[0]);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    try {
      AtomicFiles.write(contentPath(path), all);
    } catch (IOException e) {
      // optimisation only
    }
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }

  // ---------------------------------------------------------------------------------------------

  /** Members of the archive, whichever way it is read. */
  private interface Members {
    /** The first member's path (to guess the top directory). */
    String firstPath() throws IOException;

    /** Members by archive path (absent ones are left out), their data kept for reading. */
    Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException;

    /** Members by archive path, without their data (to learn what exists). */
    default Map<String, TarEntry> findEntries(Collection<String> archivePaths) throws IOException {
      return find(archivePaths);
    }

    /** The data of file members. */
    Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException;

    /** Members under a directory (archive path ending in '/'); "" for all. */
    List<TarEntry> under(String dirPrefix) throws IOException;
  }

  private Members members() {
    if (members == null) {
      members = xz != null ? new XzMembers() : new StreamMembers();
    }
    return members;
  }

  /**
   * The directory the tree sits in inside the archive ({@code linux-source-6.12}), or "" when the
   * archive holds the tree's files at its top: whichever has the top-level Makefile.
   */
  private String prefix() throws IOException {
    if (rootPrefix == null) {
      String first = members().firstPath();
      String candidate =
          first == null ? "" : first.contains("/") ? first.substring(0, first.indexOf('/')) : first;
      if (candidate.isEmpty()) {
        rootPrefix = "";
      } else {
        // Existence is enough here: decompressing the Makefile's block would cost a block.
        Map<String, TarEntry> m =
            members().findEntries(List.of(candidate + "/Makefile", "Makefile"));
        rootPrefix =
            !m.containsKey(candidate + "/Makefile") && m.containsKey("Makefile") ? "" : candidate;
      }
    }
    return rootPrefix;
  }

  private String archivePath(String path) throws IOException {
    String p = prefix();
    return p.isEmpty() ? path : p + "/" + path;
  }

  private String treePath(String archivePath) throws IOException {
    String p = prefix();
    if (p.isEmpty()) {
      return archivePath;
    }
    return archivePath.startsWith(p + "/") ? archivePath.substring(p.length() + 1) : null;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    Map<String, Optional<byte[]>> r = readAll(List.of(path));
    return r.get(path);
  }

  /** Reads several files with one pass over the blocks that hold them. */
  @Override
  public Map<String, Optional<byte[]>> readAll(Collection<String> paths) throws IOException {
    Map<String, Optional<byte[]>> out = new LinkedHashMap<>();
    List<String> missing = new ArrayList<>();
    for (String p : paths) {
      Optional<Optional<byte[]>> c = cachedContent(p);
      if (c.isPresent()) {
        out.put(p, c.get());
      } else {
        missing.add(p);
      }
    }
    if (!missing.isEmpty()) {
      Map<String, Optional<byte[]>> fresh = readResolved(missing);
      for (String p : missing) {
        Optional<byte[]> d = fresh.getOrDefault(p, Optional.empty());
        out.put(p, d);
        cacheContent(p, d);
      }
      saveIndex();
    }
    return out;
  }

  /** Reads tree paths, following symlinks and hard links inside the tree, also in directories. */
  private Map<String, Optional<byte[]>> readResolved(List<String> treePaths) throws IOException {
    // Resolve every path to a file member (or nothing), batching lookups per round.
    Map<String, String> current = new LinkedHashMap<>();
    for (String p : treePaths) {
      current.put(p, p);
    }
    Map<String, TarEntry> files = new LinkedHashMap<>();
    for (int depth = 0; depth <= 8 && !current.isEmpty(); depth++) {
      Map<String, String> arch = new LinkedHashMap<>();
      for (String p : current.values()) {
        arch.put(archivePath(p), p);
      }
      Map<String, TarEntry> found = members().find(arch.keySet());
      Map<String, String> next = new LinkedHashMap<>();
      for (Map.Entry<String, String> e : current.entrySet()) {
        String asked = e.getKey();
        String now = e.getValue();
        TarEntry te = found.get(archivePath(now));
        if (te == null) {
          String viaDir = throughDirectoryLink(now);
          if (viaDir != null) {
            next.put(asked, viaDir);
          }
        } else if (te.isFile()) {
          files.put(asked, te);
        } else if (te.isSymlink() || te.isHardLink()) {
          String target = linkTarget(now, te);
          if (target != null) {
            next.put(asked, target);
          }
        }
      }
      current = next;
    }
    Map<TarEntry, byte[]> data = members().data(files.values());
    Map<String, Optional<byte[]>> out = new LinkedHashMap<>();
    for (String p : treePaths) {
      TarEntry te = files.get(p);
      out.put(p, te == null ? Optional.empty() : Optional.ofNullable(data.get(te)));
    }
    return out;
  }

  /** If a directory on the path is a symlink, the path through its target; else null. */
  private String throughDirectoryLink(String treePath) throws IOException {
    String[] parts = treePath.split("/");
    List<String> prefixes = new ArrayList<>();
    for (int i = 1; i < parts.length; i++) {
      prefixes.add(String.join("/", java.util.Arrays.copyOf(parts, i)));
    }
    if (prefixes.isEmpty()) {
      return null;
    }
    Map<String, String> arch = new LinkedHashMap<>();
    for (String p : prefixes) {
      arch.put(archivePath(p), p);
    }
    Map<String, TarEntry> found = members().find(arch.keySet());
    for (int i = prefixes.size() - 1; i >= 0; i--) {
      TarEntry te = found.get(archivePath(prefixes.get(i)));
      if (te != null && te.isSymlink()) {
        String target = linkTarget(prefixes.get(i), te);
        if (target == null) {
          return null;
        }
        return target + treePath.substring(prefixes.get(i).length());
      }
    }
    return null;
  }

  /** Resolves a link member to a tree path, or null if it leaves the tree. */
  private String linkTarget(String treePath, TarEntry te) throws IOException {
    if (te.isHardLink()) {
      return treePath(TarHeaders.normalize(te.linkTarget()));
    }
    return TreePaths.resolveLink(treePath, te.linkTarget());
  }

  @Override
  public List<String> list(String glob) throws IOException {
    Glob g = Glob.of(glob);
    String dir = g.literalPrefix();
    String p = prefix();
    String archDir = dir.isEmpty() ? (p.isEmpty() ? "" : p + "/") : archivePath(dir);
    List<String> out = new ArrayList<>();
    boolean all = glob.equals("**");
    for (TarEntry e : members().under(archDir)) {
      String tp = treePath(e.path());
      if (tp != null && (e.isFile() || e.isSymlink() || e.isHardLink()) && (all || g.matches(tp))) {
        out.add(tp);
      }
    }
    saveIndex();
    out.sort(null);
    return out;
  }

  /** Makes sure every member is indexed (all xz blocks decompressed, in parallel). */
  public int indexAll() throws IOException {
    if (xz != null) {
      xz.indexAll();
      saveIndex();
      return xz.index().memberCount();
    }
    return ((StreamMembers) members()).index().size();
  }

  // ---------------------------------------------------------------------------------------------

  private final class XzMembers implements Members {
    @Override
    public String firstPath() throws IOException {
      xz.probeAllBlocks();
      return xz.index().firstPath(0);
    }

    @Override
    public Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException {
      return xz.findAll(archivePaths, true);
    }

    @Override
    public Map<String, TarEntry> findEntries(Collection<String> archivePaths) throws IOException {
      return xz.findAll(archivePaths, false);
    }

    @Override
    public Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException {
      Map<TarEntry, byte[]> out = new LinkedHashMap<>();
      for (TarEntry e : files) {
        out.put(e, xz.data(e));
      }
      return out;
    }

    @Override
    public List<TarEntry> under(String dirPrefix) throws IOException {
      return xz.listUnder(dirPrefix);
    }
  }

  /** gzip and plain tar: one sequential walk builds the index; data needs another walk. */
  private final class StreamMembers implements Members {
    private Map<String, TarEntry> index;
    private String first;
    private final Map<String, byte[]> data = new java.util.HashMap<>();

    Map<String, TarEntry> index() throws IOException {
      if (index == null) {
        walk(List.of());
      }
      return index;
    }

    /** One pass: indexes every member and keeps the data of the wanted ones. */
    private void walk(Collection<String> wanted) throws IOException {
      Map<String, TarEntry> ix = new LinkedHashMap<>();
      String[] firstSeen = {null};
      walkStream(
          e -> wanted.contains(e.path()),
          (e, d) -> data.put(e.path(), d),
          e -> {
            ix.put(e.path(), e);
            if (firstSeen[0] == null) {
              firstSeen[0] = e.path();
            }
          });
      index = ix;
      first = firstSeen[0];
    }

    @Override
    public String firstPath() throws IOException {
      index();
      return first;
    }

    @Override
    public Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException {
      if (index == null) {
        walk(archivePaths);
      }
      Map<String, TarEntry> out = new LinkedHashMap<>();
      for (String p : archivePaths) {
        TarEntry e = index.get(p);
        if (e != null) {
          out.put(p, e);
        }
      }
      return out;
    }

    @Override
    public Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException {
      List<String> need = new ArrayList<>();
      for (TarEntry e : files) {
        if (!data.containsKey(e.path())) {
          need.add(e.path());
        }
      }
      if (!need.isEmpty()) {
        walk(need);
      }
      Map<TarEntry, byte[]> out = new LinkedHashMap<>();
      for (TarEntry e : files) {
        byte[] d = data.get(e.path());
        if (d != null) {
          out.put(e, d);
        }
      }
      return out;
    }

    @Override
    public List<TarEntry> under(String dirPrefix) throws IOException {
      List<TarEntry> out = new ArrayList<>();
      for (TarEntry e : index().values()) {
        if (e.path().startsWith(dirPrefix)) {
          out.add(e);
        }
      }
      return out;
    }
  }

  private void walkStream(
      java.util.function.Predicate<TarEntry> capture,
      java.util.function.BiConsumer<TarEntry, byte[]> captured,
      java.util.function.Consumer<TarEntry> sink)
      throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream in = kind == Kind.GZIP ? new GZIPInputStream(raw, 1 << 16) : raw) {
      long[] pos = {0};
      TarWalker.RecordInput ri =
          new TarWalker.RecordInput() {
            @Override
            public void seek(long target) throws IOException {
              if (target < pos[0]) {
                throw new IOException("cannot seek backwards in a stream");
              }
              long skip = target - pos[0];
              while (skip > 0) {
                long s = in.skip(skip);
                if (s <= 0) {
                  if (in.read() < 0) {
                    throw new EOFException("unexpected end of archive");
                  }
                  s = 1;
                }
                skip -= s;
                pos[0] += s;
              }
            }

            @Override
            public long position() {
              return pos[0];
            }

            @Override
            public void readFully(byte[] buf, int off, int len) throws IOException {
              int n = in.readNBytes(buf, off, len);
              pos[0] += n;
              if (n < len) {
                throw new EOFException("unexpected end of archive");
              }
            }
          };
      TarWalker.walk(ri, 0, Long.MAX_VALUE, capture, CACHE_FILE_LIMIT * 16, sink, captured);
    } catch (ZipException e) {
      throw new CorruptArchiveException(
          "corrupt gzip data in " + file + " (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw new CorruptArchiveException("truncated archive: " + file);
    } catch (TarWalker.CorruptTarException e) {
      throw new CorruptArchiveException("corrupt tar in " + file + ": " + e.getMessage());
    }
  }

  @Override
  public void close() {
    saveIndex();
    if (xz != null) {
      xz.close();
    }
  }
}
