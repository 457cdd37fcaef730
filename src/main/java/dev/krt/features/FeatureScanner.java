package dev.krt.features;

import dev.krt.kernel.source.KernelSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Scans a kernel source (directory, tarball, git ref) for its {@link FeatureUsage}: feature
 * attributes in every Rust file, the build files' -Z flags, allowed features and version gates, the
 * Kconfig files' RUSTC_VERSION comparisons and RUSTC_HAS_* symbols.
 */
public final class FeatureScanner {
  private FeatureScanner() {}

  /** The build files that pass rustc flags: the top Makefile, rust/, scripts/, every arch. */
  static boolean isMakefile(String p) {
    if (!p.contains("Makefile") && !p.equals("scripts/Kconfig.include")) {
      return false; // cheap test first: this runs on every path of the tree
    }
    return p.equals("Makefile")
        || p.equals("rust/Makefile")
        || p.startsWith("scripts/Makefile.")
        || p.equals("scripts/Kconfig.include")
        || ARCH_MAKEFILE.matcher(p).matches();
  }

  private static final java.util.regex.Pattern ARCH_MAKEFILE =
      java.util.regex.Pattern.compile("arch/[^/]+/Makefile(\\.[^/]+)?");

  static boolean isKconfig(String p) {
    if (!p.contains("Kconfig")) {
      return false;
    }
    String name = p.substring(p.lastIndexOf('/') + 1);
    return (name.equals("Kconfig") || name.startsWith("Kconfig."))
        && !p.startsWith("Documentation/")
        && !p.equals("scripts/Kconfig.include");
  }

  /**
   * Scans, or for a source with a content identity (tarball, git tree) reuses the scan kept under
   * {@code cacheRoot} (null: no cache).
   */
  public static FeatureUsage scan(KernelSource src, java.nio.file.Path cacheRoot)
      throws IOException {
    Optional<String> id = cacheRoot == null ? Optional.empty() : src.contentIdentity();
    if (id.isEmpty()) {
      return scan(src);
    }
    java.nio.file.Path f = FeatureUsageCache.file(cacheRoot, id.get());
    Optional<FeatureUsage> cached = FeatureUsageCache.load(f);
    if (cached.isPresent()) {
      return cached.get();
    }
    FeatureUsage u = scan(src);
    FeatureUsageCache.store(f, u);
    return u;
  }

  public static FeatureUsage scan(KernelSource src) throws IOException {
    FeatureUsageBuilder out = new FeatureUsageBuilder();
    // One listing (a directory walk costs the same for one glob as for all).
    List<String> everything = src.list("**");
    src.listProblems().forEach(p -> out.problem(p));
    List<String> rs = everything.stream().filter(p -> p.endsWith(".rs")).toList();
    if (rs.stream().noneMatch(p -> p.startsWith("rust/"))) {
      out.problem(
          "no Rust sources under rust/: this tree has no Rust support (it came in Linux 6.1)");
    }
    TreeSet<String> build = new TreeSet<>();
    for (String p : everything) {
      if (isMakefile(p)) {
        build.add(p);
      }
    }
    List<String> kconfig = new ArrayList<>();
    for (String p : everything) {
      if (isKconfig(p)) {
        kconfig.add(p);
      }
    }
    List<String> all = new ArrayList<>(rs);
    all.addAll(build);
    all.addAll(kconfig);
    Map<String, Optional<byte[]>> files = readAll(src, all, out);
    for (String p : rs) {
      Optional<String> text = text(files, p, out);
      if (text.isEmpty()) {
        continue;
      }
      if (text.get().contains("#![")) {
        RustAttributes.Result r = RustAttributes.scan(text.get());
        for (RustAttributes.Found f : r.features()) {
          out.feature(
              new FeatureUsage.Feature(
                  f.name(),
                  new SourceLocation(p, f.line()),
                  f.condition().isPresent() ? "cfg_attr" : "crate attribute",
                  f.condition()));
        }
        r.problems().forEach(x -> out.problem(p + ":" + x));
      }
      if (text.get().contains("RUSTC_HAS_")) {
        String[] lines = text.get().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
          BuildFileScanner.symbols(p, i + 1, lines[i], out);
        }
      }
    }
    for (String p : build) {
      text(files, p, out).ifPresent(t -> BuildFileScanner.makefile(p, t, out));
    }
    for (String p : kconfig) {
      // Most of the ~1,800 Kconfig files never mention rustc: a plain search skips them.
      text(files, p, out)
          .filter(t -> t.contains("RUSTC") || t.contains("rustc"))
          .ifPresent(t -> BuildFileScanner.kconfig(p, t, out));
    }
    return out.build();
  }

  /** Reads all at once; if that fails (an unreadable file), one by one, each failure a problem. */
  private static Map<String, Optional<byte[]>> readAll(
      KernelSource src, List<String> paths, FeatureUsageBuilder out) throws IOException {
    try {
      return src.readAll(paths);
    } catch (java.nio.file.AccessDeniedException e) {
      Map<String, Optional<byte[]>> m = new java.util.LinkedHashMap<>();
      for (String p : paths) {
        try {
          m.put(p, src.read(p));
        } catch (java.nio.file.AccessDeniedException x) {
          out.problem(p + ": permission denied (not scanned)");
          m.put(p, null);
        }
      }
      return m;
    }
  }

  private static Optional<String> text(
      Map<String, Optional<byte[]>> files, String p, FeatureUsageBuilder out) {
    Optional<byte[]> b = files.getOrDefault(p, Optional.empty());
    if (b == null) {
      return Optional.empty(); // already reported
    }
    if (b.isEmpty()) {
      out.problem(p + ": listed but not readable (a dangling link or a special file)");
      return Optional.empty();
    }
    return Optional.of(new String(b.get(), StandardCharsets.ISO_8859_1));
  }
}
