package dev.krt.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.krt.diff.Diff.Outcome;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's own test suite for its checker, {@code scripts/rust_is_available_test.py} of the
 * 6.12 tree (35 tests, Python fakes), run against krt's drop-in: a scratch tree holds the files the
 * suite reads and a {@code scripts/rust_is_available.sh} that execs krt (a JVM per check, so about
 * two minutes per run).
 */
@Tag("slow")
class KernelTestSuiteTest {
  private static final Duration SUITE_TIMEOUT = Duration.ofMinutes(15);

  @TempDir Path scratch;

  @AfterEach
  void devNull() {
    Diff.assertDevNullIntact();
  }

  @Test
  @Timeout(value = 16, unit = java.util.concurrent.TimeUnit.MINUTES)
  void passesWithTheEraOfPrintWrapper() throws IOException {
    Zoo.require();
    RunKrt.Result w =
        RunKrt.run(
            Diff.env("PATH", Diff.PATH),
            Zoo.kernel("6.12"),
            "rust-is-available",
            "--print-wrapper");
    assertEquals(0, w.exitCode(), () -> "--print-wrapper failed: " + w.stderr());
    Matcher m = Pattern.compile("--era '([^']*)'").matcher(w.stdout());
    assertTrue(m.find(), () -> "no --era in the wrapper krt printed:\n" + w.stdout());
    runSuite(Optional.of(m.group(1)));
  }

  @Test
  @Timeout(value = 16, unit = java.util.concurrent.TimeUnit.MINUTES)
  void passesWithTheEraInferred() throws IOException {
    Zoo.require();
    runSuite(Optional.empty());
  }

  private void runSuite(Optional<String> era) throws IOException {
    Path tree = Zoo.kernel("6.12");
    Path tree2 = scratch.resolve("linux");
    Path scripts = Files.createDirectories(tree2.resolve("scripts"));
    Files.copy(tree.resolve("Makefile"), tree2.resolve("Makefile"));
    for (String f : List.of("min-tool-version.sh", "cc-version.sh", "rust_is_available_test.py")) {
      Files.copy(
          tree.resolve("scripts").resolve(f),
          scripts.resolve(f),
          java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    }
    try (DirectoryStream<Path> hs =
        Files.newDirectoryStream(tree.resolve("scripts"), "rust_is_available_*.h")) {
      for (Path h : hs) {
        Files.copy(h, scripts.resolve(h.getFileName()));
      }
    }
    Path wrapper = scripts.resolve("rust_is_available.sh");
    Files.writeString(wrapper, wrapper(era));
    Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

    // The wrapper itself must behave as the script: nothing on stdout (no JVM chatter), same
    // stderr.
    Map<String, String> noRustc = Diff.env("BINDGEN", "bindgen", "CC", "clang");
    Diff.assertSame(
        "wrapper-rustc-unset",
        Diff.realScript(tree, noRustc),
        Diff.run(List.of(wrapper.toString()), noRustc, tree2, Diff.SCRIPT_TIMEOUT));

    // The suite's real programs: rustc with core sources, bindgen whose libclang matches clang.
    Path bin = Files.createDirectories(scratch.resolve("testpath"));
    Files.createSymbolicLink(bin.resolve("rustc"), Path.of(Zoo.bin("rustc-web-1.96", "rustc")));
    Files.createSymbolicLink(
        bin.resolve("bindgen"), Path.of(Zoo.bin("bindgen-0.71.1-lc19", "bindgen")));
    Files.createSymbolicLink(bin.resolve("clang"), Path.of("/usr/bin/clang-19"));

    Map<String, String> env = Diff.env("PATH", bin + ":" + Diff.PATH);
    Outcome o =
        Diff.run(
            List.of("/usr/bin/python3", "scripts/rust_is_available_test.py"),
            env,
            tree2,
            SUITE_TIMEOUT);
    String report =
        "rust_is_available_test.py against krt ("
            + era.map(e -> "--era " + e).orElse("era inferred")
            + "): rc="
            + o.rc()
            + "\nstdout:\n"
            + o.stdout()
            + "\nstderr:\n"
            + o.stderr();
    assertEquals(0, o.rc(), () -> report);
    assertTrue(o.stderr().contains("\nOK") || o.stdout().contains("\nOK"), () -> report);
    Matcher ran = Pattern.compile("Ran (\\d+) tests").matcher(o.stderr());
    assertTrue(
        ran.find() && Integer.parseInt(ran.group(1)) >= 35,
        () -> "expected the suite's 35 tests to run\n" + report);
  }

  /**
   * The wrapper the suite runs as scripts/rust_is_available.sh: no PATH, no HOME, absolute paths.
   */
  private static String wrapper(Optional<String> era) {
    String java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cp = System.getProperty("java.class.path");
    return "#!/bin/sh\nexec "
        + q(java)
        + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
        + q(cp)
        + " dev.krt.cli.Main rust-is-available --script-path \"$0\""
        + era.map(e -> " --era " + q(e)).orElse("")
        + " -- \"$@\"\n";
  }

  private static String q(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }
}
