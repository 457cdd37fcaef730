package dev.krt.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ProcessRunner}: timeouts, output caps, exit codes in the shell's convention, env, stdin.
 */
@Timeout(60)
class ProcessRunnerTest {
  static final Map<String, String> ENV = Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C");

  @TempDir Path tmp;

  final ProcessRunner runner = new ProcessRunner();

  static ProcessSpec spec(
      List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout, int cap) {
    return new ProcessSpec(argv, env, null, stdin, timeout, cap);
  }

  static ProcessSpec sh(String script) {
    return spec(
        List.of("/bin/sh", "-c", script),
        ENV,
        null,
        Duration.ofSeconds(20),
        ProcessSpec.DEFAULT_CAP);
  }

  @Test
  void success() {
    ProcessResult r = runner.run(sh("echo out; echo err >&2"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.ok()).isTrue();
    assertThat(r.stdoutText()).isEqualTo("out\n");
    assertThat(r.stderrText()).isEqualTo("err\n");
    assertThat(r.timedOut()).isFalse();
    assertThat(r.truncated()).isFalse();
    assertThat(r.startError()).isEmpty();
    assertThat(r.signal()).isEmpty();
  }

  @Test
  void exitCodes() {
    assertThat(runner.run(sh("exit 3")).exitCode()).isEqualTo(3);
    assertThat(runner.run(sh("exit 3")).ok()).isFalse();
    assertThat(runner.run(sh("exit 255")).exitCode()).isEqualTo(255);
  }

  @Test
  void timeoutKillsTheWholeProcessTree() throws Exception {
    Path pids = tmp.resolve("pids");
    ProcessSpec s =
        spec(
            List.of("/bin/sh", "-c", "sleep 100 & echo $! > " + pids + "; sleep 100"),
            ENV,
            null,
            Duration.ofSeconds(1),
            ProcessSpec.DEFAULT_CAP);
    long t0 = System.nanoTime();
    ProcessResult r = runner.run(s);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.timedOut()).isTrue();
    assertThat(r.ok()).isFalse();
    assertThat(ms).as("run returned after %d ms", ms).isLessThan(8000);
    long background = Long.parseLong(Files.readString(pids).strip());
    // The background sleep (a child of the killed shell) must be gone too.
    long deadline = System.currentTimeMillis() + 5000;
    while (ProcessHandle.of(background).map(ProcessHandle::isAlive).orElse(false)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(50);
    }
    Optional<ProcessHandle> h = ProcessHandle.of(background);
    try {
      assertThat(h.map(ProcessHandle::isAlive).orElse(false))
          .as("background sleep %d still alive", background)
          .isFalse();
    } finally {
      h.ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  /**
   * A program that never reads a large stdin still ends at its timeout (the write once came first).
   */
  @Test
  @Timeout(60)
  void aProgramThatIgnoresItsStdinStillTimesOut() {
    ProcessResult r =
        runner.run(
            spec(
                List.of("/bin/sleep", "30"),
                ENV,
                new byte[4 << 20],
                Duration.ofSeconds(1),
                ProcessSpec.DEFAULT_CAP));
    assertThat(r.timedOut()).isTrue();
    assertThat(r.durationMillis()).isLessThan(20_000);
  }

  @Test
  void outputIsCapped() {
    ProcessSpec s =
        spec(
            List.of("/bin/sh", "-c", "yes | head -c 5M"),
            ENV,
            null,
            Duration.ofSeconds(20),
            1 << 20);
    ProcessResult r = runner.run(s);
    assertThat(r.exitCode()).isZero();
    assertThat(r.truncated()).isTrue();
    assertThat(r.stdout()).hasSize(1 << 20);
    assertThat(new String(r.stdout(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("y\ny\n");
  }

  @Test
  void stderrIsCappedToo() {
    ProcessSpec s =
        spec(
            List.of("/bin/sh", "-c", "yes | head -c 100000 >&2"),
            ENV,
            null,
            Duration.ofSeconds(20),
            1000);
    ProcessResult r = runner.run(s);
    assertThat(r.truncated()).isTrue();
    assertThat(r.stderr()).hasSize(1000);
  }

  @Test
  void killedBySignal() {
    ProcessResult r = runner.run(sh("kill -9 $$"));
    assertThat(r.exitCode()).isEqualTo(137);
    assertThat(r.signal()).contains(9);
    assertThat(runner.run(sh("kill -15 $$")).exitCode()).isEqualTo(143);
  }

  @Test
  void missingProgram() {
    ProcessResult r =
        runner.run(
            spec(
                List.of(tmp.resolve("no-such-program").toString()),
                ENV,
                null,
                Duration.ofSeconds(5),
                100));
    assertThat(r.exitCode()).isEqualTo(127);
    assertThat(r.startError()).isPresent();
    assertThat(r.ok()).isFalse();
    assertThat(r.signal()).isEmpty();
  }

  @Test
  void nonExecutableFile() throws IOException {
    Path f = Files.writeString(tmp.resolve("not-executable"), "#!/bin/sh\necho hi\n");
    ProcessResult r =
        runner.run(spec(List.of(f.toString()), ENV, null, Duration.ofSeconds(5), 100));
    assertThat(r.exitCode()).isEqualTo(126);
    assertThat(r.startError()).isPresent();
  }

  @Test
  void stdinBytesAreDelivered() {
    byte[] in = new byte[300_000]; // more than a pipe buffer
    new Random(3).nextBytes(in);
    ProcessResult r =
        runner.run(spec(List.of("/bin/cat"), ENV, in, Duration.ofSeconds(20), 1 << 20));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEqualTo(in);
  }

  @Test
  void withoutStdinTheProgramReadsEndOfFile() {
    ProcessResult r = runner.run(spec(List.of("/bin/cat"), ENV, null, Duration.ofSeconds(5), 100));
    assertThat(r.timedOut()).isFalse();
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void environmentIsExactlyAsGiven() {
    ProcessResult r =
        runner.run(
            spec(
                List.of("/usr/bin/env"),
                Map.of("ONLY", "this"),
                null,
                Duration.ofSeconds(5),
                10_000));
    assertThat(r.stdoutText()).isEqualTo("ONLY=this\n");
    ProcessResult empty =
        runner.run(spec(List.of("/usr/bin/env"), Map.of(), null, Duration.ofSeconds(5), 10_000));
    assertThat(empty.stdoutText()).isEmpty();
  }

  @Test
  void workingDirectory() throws IOException {
    ProcessResult r =
        runner.run(
            new ProcessSpec(List.of("/bin/pwd"), ENV, tmp, null, Duration.ofSeconds(5), 1000));
    assertThat(r.stdoutText().strip()).isEqualTo(tmp.toRealPath().toString());
  }

  @Test
  void argumentsAreNotInterpretedByAShell() {
    ProcessResult r =
        runner.run(
            spec(
                List.of("/bin/echo", "$HOME", "a;b", "*"), ENV, null, Duration.ofSeconds(5), 1000));
    assertThat(r.stdoutText()).isEqualTo("$HOME a;b *\n");
  }

  @Test
  void specValidation() {
    assertThatThrownBy(() -> new ProcessSpec(List.of(), ENV, null, null, Duration.ofSeconds(1), 1))
        .isInstanceOf(IllegalArgumentException.class);
    ProcessSpec s = sh("true");
    assertThat(s.program()).isEqualTo("/bin/sh");
  }

  @Test
  void resultText() {
    assertThat(ProcessResult.text(new byte[] {'a', 0, 'b', (byte) 0xe9})).isEqualTo("ab\u00e9");
    assertThat(ProcessResult.looksBinary("text\n\tmore\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isFalse();
    assertThat(ProcessResult.looksBinary(new byte[] {'E', 'L', 'F', 1})).isTrue();
    ProcessResult started =
        new ProcessResult(137, new byte[0], new byte[0], false, false, Optional.empty(), 0);
    assertThat(started.signal()).contains(9);
    ProcessResult notStarted =
        new ProcessResult(137, new byte[0], new byte[0], false, false, Optional.of("x"), 0);
    assertThat(notStarted.signal()).isEmpty();
  }
}
