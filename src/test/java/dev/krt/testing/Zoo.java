package dev.krt.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The toolchain zoo and kernel trees built by {@code scripts/toolchain-zoo.sh} (real Debian
 * toolchains and Debian's linux-source-6.12 / linux-source-6.1). Tests that need it call {@link
 * #require()}: under CI ({@code CI=true}) a missing zoo fails the test, elsewhere the test is
 * skipped with a one-line reason.
 */
public final class Zoo {
  private Zoo() {}

  /** The zoo root: {@code $KRT_ZOO}, default {@code /tmp/krt-zoo}. */
  public static Path root() {
    String z = System.getenv("KRT_ZOO");
    return Path.of(z == null || z.isEmpty() ? "/tmp/krt-zoo" : z);
  }

  public static boolean inCi() {
    return "true".equalsIgnoreCase(System.getenv("CI"));
  }

  /** Fails (CI) or skips (elsewhere) unless the zoo is complete and current. */
  public static Path require() {
    Path r = root();
    if (!Files.isRegularFile(r.resolve(".complete"))
        || !Files.isRegularFile(r.resolve("manifest.tsv"))) {
      unavailable("toolchain zoo not found at " + r + " (run scripts/toolchain-zoo.sh)");
    }
    stale().ifPresent(Zoo::unavailable);
    return r;
  }

  /** Fails the test under CI, skips it elsewhere: the one rule for every missing real part. */
  public static void unavailable(String why) {
    if (inCi()) {
      fail(why);
    }
    assumeTrue(false, why);
  }

  /** One part the zoo was built from: a line of {@code $ZOO/manifest.tsv}. */
  public record Part(String part, String pkg, String version, String origin, String upstream) {}

  private static volatile List<Part> manifest;

  /**
   * What {@code scripts/toolchain-zoo.sh} installed, with the versions it found: Debian's archive
   * and rustup move under the tests, so tests read versions from here (or from the part itself),
   * never from a literal.
   */
  public static List<Part> manifest() {
    List<Part> m = manifest;
    if (m == null) {
      Path f = root().resolve("manifest.tsv");
      try {
        m =
            Files.readAllLines(f).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split("\t", -1))
                .map(
                    c -> {
                      if (c.length != 5) {
                        throw new IllegalStateException(
                            f + ": not 5 tab-separated columns: " + String.join("|", c));
                      }
                      return new Part(c[0], c[1], c[2], c[3], c[4]);
                    })
                .toList();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      manifest = m;
    }
    return m;
  }

  /** The manifest line of one part, e.g. {@code part("kernel:6.12")}. */
  public static Part part(String part) {
    return manifest().stream()
        .filter(p -> p.part().equals(part))
        .findFirst()
        .orElseThrow(
            () ->
                new AssertionError("no part '" + part + "' in " + root().resolve("manifest.tsv")));
  }

  private static volatile Optional<String> stale;

  /**
   * Why the zoo no longer matches the machine: Debian upgraded a kernel source after the zoo took
   * it.
   */
  private static Optional<String> stale() {
    Optional<String> s = stale;
    if (s == null) {
      List<Part> kernels = manifest().stream().filter(p -> p.part().startsWith("kernel:")).toList();
      List<String> argv =
          new java.util.ArrayList<>(
              List.of("/usr/bin/dpkg-query", "-W", "-f=${Package} ${Version}\\n"));
      kernels.forEach(k -> argv.add(k.pkg()));
      RealProcess.Result r =
          RealProcess.run(argv, RealProcess.C_ENV, null, null, Duration.ofSeconds(30));
      Map<String, String> now = new java.util.HashMap<>();
      r.out()
          .lines()
          .map(l -> l.split(" ", 2))
          .filter(a -> a.length == 2)
          .forEach(a -> now.put(a[0], a[1]));
      s =
          kernels.stream()
              .filter(k -> !k.version().equals(now.get(k.pkg())))
              .findFirst()
              .map(
                  k ->
                      "Debian's "
                          + k.pkg()
                          + " is now "
                          + now.getOrDefault(k.pkg(), "not installed")
                          + " but the zoo's tree is from "
                          + k.version()
                          + ": re-run scripts/toolchain-zoo.sh");
      stale = s;
    }
    return s;
  }

  /**
   * The version of an extracted kernel tree as its Makefile gives it (the zoo ran {@code make -s
   * kernelversion}).
   */
  public static String kernelVersion(String series) {
    require();
    return part("kernel:" + series).upstream();
  }

  /**
   * What a zoo tree's own {@code scripts/min-tool-version.sh TOOL} prints, run by the real {@code
   * /bin/sh} with that ARCH and SRCARCH (stable updates may change the tree's minimums).
   */
  public static String minToolVersion(String series, String tool, String arch, String srcarch) {
    RealProcess.Result sh =
        RealProcess.run(
            List.of("/bin/sh", "scripts/min-tool-version.sh", tool),
            Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C", "ARCH", arch, "SRCARCH", srcarch),
            null,
            kernel(series),
            Duration.ofSeconds(30));
    if (sh.exitCode() != 0) {
      throw new AssertionError(
          "min-tool-version.sh " + tool + " failed in " + kernel(series) + ": " + sh.err());
    }
    return sh.out().strip();
  }

  /**
   * The {@code library} directory of a root's Debian rust-src, e.g. {@code
   * rustLibSrc("rust-src-stable")}.
   */
  public static Path rustLibSrc(String root) {
    Path src = root().resolve("roots").resolve(root).resolve("usr/src");
    if (!Files.isDirectory(src)) {
      return src.resolve("library"); // no zoo: the test's own require() fails or skips it
    }
    try (var dirs = Files.list(src)) {
      List<Path> libs =
          dirs.filter(d -> d.getFileName().toString().startsWith("rustc-"))
              .map(d -> d.resolve("library"))
              .filter(Files::isDirectory)
              .toList();
      if (libs.size() != 1) {
        throw new AssertionError("expected one rustc-*/library under " + src + ", found " + libs);
      }
      return libs.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The first {@code X.Y.Z} a real program prints after {@code prefix}, e.g. {@code "LLVM version:
   * "}.
   */
  public static String printedVersion(List<String> argv, String prefix) {
    RealProcess.Result r =
        RealProcess.run(argv, RealProcess.C_ENV, null, null, Duration.ofSeconds(60));
    Matcher m =
        Pattern.compile(Pattern.quote(prefix) + "(\\d+\\.\\d+\\.\\d+)").matcher(r.out() + r.err());
    if (!m.find()) {
      throw new AssertionError(argv + " printed no '" + prefix + "X.Y.Z': " + r.out() + r.err());
    }
    return m.group(1);
  }

  /** A zoo rustc's release, from its own {@code --version}. */
  public static String rustcVersion(String id) {
    return printedVersion(List.of(bin(id, "rustc"), "--version"), "rustc ");
  }

  /**
   * {@code CONFIG_RUSTC_VERSION} for a zoo rustc: what the 6.12 tree's own {@code
   * scripts/rustc-version.sh} prints for it.
   */
  public static String rustcVersionCode(String id) {
    RealProcess.Result sh =
        RealProcess.run(
            List.of("/bin/sh", "scripts/rustc-version.sh", bin(id, "rustc")),
            RealProcess.C_ENV,
            null,
            kernel("6.12"),
            Duration.ofSeconds(60));
    if (sh.exitCode() != 0) {
      throw new AssertionError(
          "rustc-version.sh " + id + " failed in " + kernel("6.12") + ": " + sh.err());
    }
    return sh.out().strip();
  }

  /** A zoo bindgen's release, from its own {@code --version}. */
  public static String bindgenVersion(String id) {
    return printedVersion(List.of(bin(id, "bindgen"), "--version"), "bindgen ");
  }

  /** The LLVM a zoo rustc was built with, from its own {@code -vV}. */
  public static String rustcLlvm(String id) {
    return printedVersion(List.of(bin(id, "rustc"), "-vV"), "LLVM version: ");
  }

  /**
   * A host C compiler's version, from its own {@code --version} ({@code clang-22} → {@code
   * 22.1.8}).
   */
  public static String ccVersion(String cc) {
    return printedVersion(List.of("/usr/bin/" + cc, "--version"), "version ");
  }

  /**
   * The libclang a zoo bindgen loads, found the kernel's way: bindgen on the tree's {@code
   * rust_is_available_bindgen_libclang.h} fails with {@code clang version X.Y.Z}.
   */
  public static String libclangOf(String bindgenId) {
    return printedVersion(
        List.of(
            bin(bindgenId, "bindgen"),
            kernel("6.12").resolve("scripts/rust_is_available_bindgen_libclang.h").toString()),
        "clang version ");
  }

  /** A wrapper program, e.g. {@code bin("rustc-web-1.96", "rustc")}. */
  public static String bin(String id, String tool) {
    return require().resolve("bin").resolve(id).resolve(tool).toString();
  }

  /** An extracted Debian kernel tree: {@code kernel("6.12")}. */
  public static Path kernel(String series) {
    return require().resolve("kernels").resolve("linux-source-" + series);
  }

  /** Debian's kernel source tarball (installed by the zoo script from bookworm). */
  public static Path tarball(String series) {
    Path p = Path.of("/usr/src/linux-source-" + series + ".tar.xz");
    if (!Files.isRegularFile(p)) {
      unavailable(
          "Debian's linux-source-"
              + series
              + " tarball not found at "
              + p
              + " (run scripts/toolchain-zoo.sh)");
    }
    require();
    return p;
  }

  /** A root with unpacked Debian packages, e.g. {@code roots("rust-src-stable")}. */
  public static Path roots(String name) {
    return require().resolve("roots").resolve(name);
  }

  /**
   * Writes a real matrix on Debian's 6.12 tree with the zoo's toolchains by name: {@code configs}
   * and {@code steps} as YAML flow values ({@code [defconfig]}, {@code [rustavailable]}).
   */
  public static java.nio.file.Path matrix612(
      java.nio.file.Path file, String toolchains, String configs, String steps)
      throws java.io.IOException {
    java.nio.file.Files.writeString(
        file,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains: [%s]
        configs: %s
        steps: %s
        """
            .formatted(
                kernel("6.12"), require().resolve("toolchains.toml"), toolchains, configs, steps));
    return file;
  }

  /**
   * Writes the smallest real matrix: Debian's 6.12 tree, the zoo's toolchains by name, defconfig,
   * {@code make rustavailable} only (a fraction of a second per cell).
   */
  public static java.nio.file.Path rustavailableMatrix(java.nio.file.Path file, String toolchains)
      throws java.io.IOException {
    return matrix612(file, toolchains, "[defconfig]", "[rustavailable]");
  }
}
