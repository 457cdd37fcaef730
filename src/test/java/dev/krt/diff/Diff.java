package dev.krt.diff;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.testing.RunKrt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Shared plumbing of the differential tests: run the kernel's real {@code
 * scripts/rust_is_available.sh} and krt's drop-in on the same environment, and compare what they
 * print.
 */
final class Diff {
  private Diff() {}

  /** The PATH run-oracle.sh gives the real script. */
  static final String PATH = "/usr/local/bin:/usr/bin:/bin";

  /** Generous bound for one run of the real script (a pass takes about 1 s). */
  static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(120);

  /** The docs trailer every 6.6+ checker prints on failure or warning. */
  static final String DOCS_TRAILER =
      "*** Please see Documentation/rust/quick-start.rst for details";

  /** Exit code, stdout and stderr of one run; bytes decoded as Latin-1 so every byte survives. */
  record Outcome(int rc, String stdout, String stderr) {
    static Outcome of(RunKrt.Result r) {
      return new Outcome(r.exitCode(), r.stdout(), r.stderr());
    }
  }

  /** An environment in insertion order; {@code vars} alternate name, value. */
  static Map<String, String> env(String... vars) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < vars.length; i += 2) {
      m.put(vars[i], vars[i + 1]);
    }
    return m;
  }

  /**
   * Runs {@code /bin/sh scripts/rust_is_available.sh} in {@code tree} with exactly {@code env} (as
   * {@code env -i ...} would), the way run-oracle.sh and the kernel's test suite do.
   */
  static Outcome realScript(Path tree, Map<String, String> env) {
    return run(List.of("/bin/sh", "scripts/rust_is_available.sh"), env, tree, SCRIPT_TIMEOUT);
  }

  /** krt's drop-in, in-process, same environment and working directory. */
  static Outcome dropIn(Path tree, Map<String, String> env) {
    return Outcome.of(RunKrt.run(env, tree, "rust-is-available"));
  }

  /**
   * Runs a program with exactly {@code env}, killing it (and its children) after {@code timeout}.
   */
  static Outcome run(List<String> argv, Map<String, String> env, Path cwd, Duration timeout) {
    Path out = null;
    Path err = null;
    try {
      out = Files.createTempFile("krt-diff-", ".out");
      err = Files.createTempFile("krt-diff-", ".err");
      ProcessBuilder pb = new ProcessBuilder(argv).directory(cwd.toFile());
      pb.environment().clear();
      pb.environment().putAll(env);
      pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
      pb.redirectOutput(out.toFile());
      pb.redirectError(err.toFile());
      Process p = pb.start();
      boolean done;
      try {
        done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        done = false;
      }
      if (!done) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        fail(
            argv
                + " did not finish within "
                + timeout
                + "; stderr so far:\n"
                + Files.readString(err, StandardCharsets.ISO_8859_1));
      }
      return new Outcome(p.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  private static String read(Path p) throws IOException {
    return new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
  }

  private static void deleteQuietly(Path p) {
    if (p != null) {
      try {
        Files.deleteIfExists(p);
      } catch (IOException e) {
        // ignore
      }
    }
  }

  /** bindgen 0.72.1's panic message carries a thread id that changes from run to run. */
  static String normalize(String stderr) {
    return stderr.replaceAll("thread 'main' \\(\\d+\\)", "thread 'main' (<TID>)");
  }

  /**
   * The differential assertion: same exit code, both stdouts empty, byte-equal stderr. With {@code
   * -Dkrt.diff.dump=DIR} both outcomes are also written to {@code DIR/<name>.txt}, to read what the
   * cases actually exercise.
   */
  static void assertSame(String name, Outcome script, Outcome krt) {
    dump(name, script, krt);
    String head = "[" + name + "] ";
    assertAll(
        () ->
            assertEquals(
                script.rc(), krt.rc(), () -> head + "exit code differs\n" + describe(script, krt)),
        () ->
            assertEquals(
                "",
                script.stdout(),
                head + "the real script printed on stdout (test setup problem?)"),
        () ->
            assertEquals(
                "", krt.stdout(), () -> head + "krt printed on stdout\n" + describe(script, krt)),
        () ->
            assertEquals(
                visible(normalize(script.stderr())),
                visible(normalize(krt.stderr())),
                () -> head + "stderr differs\n" + describe(script, krt)));
  }

  private static void dump(String name, Outcome script, Outcome krt) {
    String dir = System.getProperty("krt.diff.dump");
    if (dir == null || dir.isEmpty()) {
      return;
    }
    try {
      Path d = Files.createDirectories(Path.of(dir));
      String file = name.replaceAll("[^A-Za-z0-9._+-]+", "_") + ".txt";
      Files.writeString(d.resolve(file), describe(script, krt) + "\n", StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String describe(Outcome script, Outcome krt) {
    return "--- real script: rc="
        + script.rc()
        + ", stderr:\n"
        + visible(script.stderr())
        + "--- krt: rc="
        + krt.rc()
        + ", stderr:\n"
        + visible(krt.stderr())
        + "---";
  }

  /** Shows control bytes (NUL, ESC, ...) so that a failing comparison can be read. */
  static String visible(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c == '\n' || c == '\t' || (c >= 0x20 && c != 0x7f && c < 0x80)) {
        b.append(c);
      } else {
        b.append(String.format("\\x%02x", (int) c));
      }
    }
    return b.toString();
  }

  /** /dev/null must stay a character device (rustc -o /dev/null as root replaces it). */
  static void assertDevNullIntact() {
    assertFalse(
        Files.isRegularFile(Path.of("/dev/null")),
        "/dev/null became a regular file: rm -f /dev/null && mknod -m 666 /dev/null c 1 3");
  }

  // ---------------------------------------------------------------------------------------------
  // krt check --format json

  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code krt check ... --format json} in-process; returns the parsed document. */
  static JsonNode checkJson(Map<String, String> env, Path cwd, List<String> args) {
    List<String> argv = new ArrayList<>();
    argv.add("check");
    argv.addAll(args);
    argv.add("--format");
    argv.add("json");
    RunKrt.Result r = RunKrt.run(env, cwd, argv.toArray(String[]::new));
    if (r.exitCode() != 0 && r.exitCode() != 1) {
      fail(
          "krt "
              + String.join(" ", argv)
              + " exited "
              + r.exitCode()
              + "\nstderr:\n"
              + r.stderr()
              + "\nstdout:\n"
              + r.stdout());
    }
    try {
      return JSON.readTree(r.stdout());
    } catch (IOException e) {
      throw new AssertionError(
          "krt check printed no JSON: "
              + e.getMessage()
              + "\nstdout:\n"
              + r.stdout()
              + "\nstderr:\n"
              + r.stderr(),
          e);
    }
  }

  /**
   * The kernel verdict the script's outcome implies: rc≠0 not available; rc 0 with empty stderr
   * available; rc 0 with output: with warnings iff there is the docs trailer (6.6+, printed for
   * every warning), or, in 6.1.y, which never prints the trailer, one of that script's own warning
   * blocks: "too new" or the libclang/Clang mismatch. Anything else (cc-version.sh's complaints,
   * bindgen's stderr) is extra output, not a warning.
   */
  static String expectedVerdict(Outcome script) {
    if (script.rc() != 0) {
      return "not_available";
    }
    if (script.stderr().isEmpty()) {
      return "available";
    }
    String e = script.stderr();
    boolean warnings =
        e.contains(DOCS_TRAILER)
            || e.contains("is too new. This may or may not work.")
            || e.contains("*** version does not match Clang's. This may be a problem.");
    return warnings ? "available_with_warnings" : "available";
  }

  /**
   * Asserts that {@code krt check}'s single toolchain has the verdict and exit code of the script.
   */
  static void assertCheckAgrees(String name, Outcome script, JsonNode doc) {
    assertEquals("krt.check/2", doc.path("schema").asText(), "schema");
    JsonNode tcs = doc.path("toolchains");
    assertEquals(
        1, tcs.size(), () -> "expected exactly one toolchain in:\n" + doc.toPrettyString());
    JsonNode tc = tcs.get(0);
    String why =
        " ["
            + name
            + "]\n--- real script: rc="
            + script.rc()
            + ", stderr:\n"
            + visible(script.stderr())
            + "--- krt check kernelStderr:\n"
            + visible(tc.path("kernel_stderr").asText())
            + "--- findings: "
            + findingIds(tc);
    assertAll(
        () ->
            assertEquals(
                expectedVerdict(script), tc.path("verdict").asText(), () -> "verdict" + why),
        () ->
            assertEquals(
                script.rc(),
                tc.path("kernel_exit_code").asInt(-999),
                () -> "kernel_exit_code" + why));
  }

  static List<String> findingIds(JsonNode toolchain) {
    List<String> ids = new ArrayList<>();
    toolchain.path("findings").forEach(f -> ids.add(f.path("id").asText()));
    return ids;
  }
}
