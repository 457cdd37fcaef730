package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A kernel source tarball read in place, never unpacked to disk.
 *
 * <p>{@code .tar.xz} gets block-level random access ({@link XzTarArchive}); {@code .tar.gz} and
 * plain {@code .tar} are walked as a stream. Either way the member index and the small files krt
 * read are cached under {@code <cache>/tar/<identity>/}, so a second look costs no decompression.
 */
public final class TarballSource implements KernelSource {
  private final Path file;
  private final TarballCache cache;
  private final String identity;
  private final TarFormat format;
  private XzTarArchive xz;
  private TarMembers members;
  private String rootPrefix;

  public TarballSource(Path file, Path cacheRoot, int threads) throws IOException {
    this.file = file.toAbsolutePath().normalize();
    this.format = TarFormat.of(this.file);
    this.identity = TarballIdentity.of(this.file);
    this.cache = new TarballCache(cacheRoot, identity);
    if (format == TarFormat.XZ) {
      TarIndex cached = cache.loadIndex();
      this.xz = new XzTarArchive(this.file.toFile(), cached, threads);
    }
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

  private TarMembers members() {
    if (members == null) {
      members = xz != null ? new XzTarMembers(xz) : new TarStreamMembers(file, format);
    }
    return members;
  }

  private void saveIndex() {
    if (xz != null) {
      cache.saveIndex(xz.index());
    }
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
      Optional<Optional<byte[]>> c = cache.content(p);
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
        cache.storeContent(p, d);
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
    return ((TarStreamMembers) members()).index().size();
  }

  @Override
  public void close() {
    saveIndex();
    if (xz != null) {
      xz.close();
    }
  }
}
