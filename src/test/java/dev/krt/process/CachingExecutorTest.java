package dev.krt.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link CachingExecutor}: a repeated identical run is answered from the cache (memory or disk);
 * anything that can change a toolchain's answer (the program file, relevant environment variables,
 * files named by arguments) makes it run again; timed-out runs are never remembered.
 */
@Timeout(60)
class CachingExecutorTest {
  @TempDir Path tmp;
  Path cacheRoot;
  Path script;
  final AtomicInteger realRuns = new AtomicInteger();

  /** The real runner, counting what it starts. */
  final ProcessExecutor counting =
      spec -> {
        realRuns.incrementAndGet();
        return new ProcessRunner().run(spec);
      };

  @BeforeEach
  void setUp() throws IOException {
    cacheRoot = tmp.resolve("cache");
    script =
        executable(
            tmp.resolve("tool"),
            "#!/bin/sh\necho \"tool $* LIBCLANG_PATH=$LIBCLANG_PATH TERM=$TERM\"\n");
  }

  static Path executable(Path p, String text) throws IOException {
    Files.writeString(p, text);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  static ProcessSpec spec(Path program, Map<String, String> env, String... args) {
    List<String> argv = new java.util.ArrayList<>();
    argv.add(program.toString());
    argv.addAll(List.of(args));
    return new ProcessSpec(argv, env, null, null, Duration.ofSeconds(10), ProcessSpec.DEFAULT_CAP);
  }

  static Map<String, String> env(String... kv) {
    Map<String, String> m = new HashMap<>();
    m.put("PATH", "/usr/bin:/bin");
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return m;
  }

  @Test
  void sameSpecTwiceRunsOnce() {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    ProcessResult a = c.run(spec(script, env(), "--version"));
    ProcessResult b = c.run(spec(script, env(), "--version"));
    assertThat(realRuns).hasValue(1);
    assertThat(c.ran()).isEqualTo(1);
    assertThat(c.hits()).isEqualTo(1);
    assertThat(b.stdoutText())
        .isEqualTo(a.stdoutText())
        .isEqualTo("tool --version LIBCLANG_PATH= TERM=\n");
    assertThat(b.exitCode()).isEqualTo(a.exitCode());
  }

  @Test
  void differentArgumentsRunAgain() {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    c.run(spec(script, env(), "--version"));
    c.run(spec(script, env(), "-vV"));
    assertThat(realRuns).hasValue(2);
  }

  @Test
  void touchingTheProgramRunsAgain() throws IOException {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    c.run(spec(script, env(), "--version"));
    Files.setLastModifiedTime(
        script, FileTime.fromMillis(Files.getLastModifiedTime(script).toMillis() + 10_000));
    c.run(spec(script, env(), "--version"));
    assertThat(realRuns).hasValue(2);
  }

  @Test
  void replacingTheProgramRunsAgain() throws IOException {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    FileTime t = Files.getLastModifiedTime(script);
    assertThat(c.run(spec(script, env())).stdoutText()).startsWith("tool");
    // Same size and mtime, new file (new inode): still a different program.
    Path other =
        executable(tmp.resolve("tool.new"), Files.readString(script).replace("tool", "TOOL"));
    Files.setLastModifiedTime(other, t);
    Files.move(other, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertThat(c.run(spec(script, env())).stdoutText()).startsWith("TOOL");
    assertThat(realRuns).hasValue(2);
  }

  @Test
  void relevantEnvironmentRunsAgainIrrelevantDoesNot() {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    c.run(spec(script, env("LIBCLANG_PATH", "/a")));
    ProcessResult b = c.run(spec(script, env("LIBCLANG_PATH", "/b")));
    assertThat(realRuns).as("LIBCLANG_PATH changed").hasValue(2);
    assertThat(b.stdoutText()).contains("LIBCLANG_PATH=/b");
    c.run(spec(script, env("LIBCLANG_PATH", "/b", "TERM", "xterm")));
    c.run(spec(script, env("LIBCLANG_PATH", "/b", "TERM", "dumb")));
    assertThat(realRuns).as("TERM is not part of the key").hasValue(2);
    c.run(spec(script, env("LIBCLANG_PATH", "/b", "RUSTUP_TOOLCHAIN", "nightly")));
    c.run(spec(script, env("LIBCLANG_PATH", "/b", "LD_LIBRARY_PATH", "/x")));
    c.run(spec(script, env("LIBCLANG_PATH", "/b", "PATH", "/bin")));
    assertThat(realRuns).as("RUSTUP_TOOLCHAIN, LD_LIBRARY_PATH, PATH are").hasValue(5);
  }

  @Test
  void relevantEnvNames() {
    for (String n :
        List.of(
            "PATH",
            "HOME",
            "LD_LIBRARY_PATH",
            "LC_ALL",
            "LANG",
            "RUSTUP_HOME",
            "CARGO_HOME",
            "LIBCLANG_PATH",
            "BINDGEN_EXTRA_CLANG_ARGS",
            "LLVM_CONFIG_PATH",
            "CLANG_PATH")) {
      assertThat(CachingExecutor.relevantEnv(n)).as(n).isTrue();
    }
    for (String n : List.of("TERM", "DISPLAY", "RUSTC", "BINDGEN", "CC", "KRUSTFLAGS", "SHLVL")) {
      assertThat(CachingExecutor.relevantEnv(n)).as(n).isFalse();
    }
  }

  @Test
  void theContentOfFileArgumentsCounts() throws IOException {
    Path header = Files.writeString(tmp.resolve("probe.h"), "#pragma message(\"a\")\n");
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    c.run(spec(script, env(), header.toString()));
    c.run(spec(script, env(), header.toString()));
    assertThat(realRuns).hasValue(1);
    Files.writeString(header, "#pragma message(\"b\")\n");
    c.run(spec(script, env(), header.toString()));
    assertThat(realRuns).hasValue(2);
  }

  @Test
  void theDiskCacheSurvivesANewExecutor() {
    new CachingExecutor(counting, cacheRoot).run(spec(script, env(), "--version"));
    CachingExecutor second = new CachingExecutor(counting, cacheRoot);
    ProcessResult r = second.run(spec(script, env(), "--version"));
    assertThat(realRuns).hasValue(1);
    assertThat(second.ran()).isZero();
    assertThat(second.hits()).isEqualTo(1);
    assertThat(r.stdoutText()).isEqualTo("tool --version LIBCLANG_PATH= TERM=\n");
    assertThat(r.timedOut()).isFalse();
  }

  @Test
  void withoutADiskCacheOnlyMemoryRemembers() {
    new CachingExecutor(counting, null).run(spec(script, env()));
    CachingExecutor second = new CachingExecutor(counting, null);
    second.run(spec(script, env()));
    second.run(spec(script, env()));
    assertThat(realRuns).hasValue(2);
    assertThat(second.hits()).isEqualTo(1);
  }

  @Test
  void failuresAreRememberedWithTheirExitCodeAndStderr() throws IOException {
    Path failing = executable(tmp.resolve("failing"), "#!/bin/sh\necho broken >&2\nexit 42\n");
    new CachingExecutor(counting, cacheRoot).run(spec(failing, env()));
    ProcessResult r = new CachingExecutor(counting, cacheRoot).run(spec(failing, env()));
    assertThat(realRuns).hasValue(1);
    assertThat(r.exitCode()).isEqualTo(42);
    assertThat(r.stderrText()).isEqualTo("broken\n");
  }

  @Test
  void timedOutRunsAreNotCached() throws IOException {
    Path slow = executable(tmp.resolve("slow"), "#!/bin/sh\nsleep 10\n");
    ProcessSpec s =
        new ProcessSpec(List.of(slow.toString()), env(), null, null, Duration.ofMillis(300), 1000);
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    assertThat(c.run(s).timedOut()).isTrue();
    CachingExecutor d = new CachingExecutor(counting, cacheRoot);
    assertThat(d.run(s).timedOut()).isTrue();
    assertThat(realRuns).as("a timed-out run is tried again by the next executor").hasValue(2);
  }

  /** One file, two names: rustup's proxies answer by the name they were run as. */
  @Test
  void hardlinkedNamesAreDifferentPrograms() throws IOException {
    Path a = executable(tmp.resolve("rustc"), "#!/bin/sh\necho \"$0\"\n");
    Path b = Files.createLink(tmp.resolve("bindgen"), a);
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    ProcessResult ra = c.run(spec(a, env()));
    ProcessResult rb = c.run(spec(b, env()));
    assertThat(ra.stdoutText()).isEqualTo(a + "\n");
    assertThat(rb.stdoutText()).isEqualTo(b + "\n");
    assertThat(realRuns).hasValue(2);
  }

  @Test
  void missingProgramsAreReportedNotThrown() {
    CachingExecutor c = new CachingExecutor(counting, cacheRoot);
    ProcessResult r = c.run(spec(tmp.resolve("nope"), env()));
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.startError()).isPresent();
  }
}
