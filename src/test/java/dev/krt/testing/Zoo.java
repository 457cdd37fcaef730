package dev.krt.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

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

  /** Fails (CI) or skips (elsewhere) unless the zoo is complete. */
  public static Path require() {
    Path r = root();
    boolean ok = Files.isRegularFile(r.resolve(".complete"));
    if (!ok) {
      String why = "toolchain zoo not found at " + r + " (run scripts/toolchain-zoo.sh)";
      if (inCi()) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    return r;
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
      String why = "Debian's linux-source-" + series + " tarball not found at " + p + " (run scripts/toolchain-zoo.sh)";
      if (inCi()) {
        fail(why);
      }
      assumeTrue(false, why);
    }
    return p;
  }

  /** A root with unpacked Debian packages, e.g. {@code roots("rust-src-1.95.0")}. */
  public static Path roots(String name) {
    return require().resolve("roots").resolve(name);
  }

  /**
   * Writes the smallest real matrix: Debian's 6.12 tree, the zoo's toolchains by name, defconfig,
   * {@code make rustavailable} only (a fraction of a second per cell).
   */
  public static java.nio.file.Path rustavailableMatrix(java.nio.file.Path file, String toolchains) throws java.io.IOException {
    java.nio.file.Files.writeString(file, """
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains: [%s]
        configs: [defconfig]
        steps: [rustavailable]
        """.formatted(kernel("6.12"), require().resolve("toolchains.toml"), toolchains));
    return file;
  }
}
