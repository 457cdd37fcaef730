package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A build step that leaves processes behind holding its output open must not hold krt: the step
 * ends when its command does (plus a short drain), and what it left in its process group is killed.
 */
@Timeout(90)
class StepProcessTest {
  @TempDir Path tmp;
  final List<String> markers = new ArrayList<>();

  /** A sleep that can be found again by its (unique) argument. */
  private String sleeper() {
    String s = Long.toString(100_000 + (System.nanoTime() % 800_000));
    markers.add(s);
    return s;
  }

  private static List<ProcessHandle> running(String marker) {
    return ProcessHandle.allProcesses()
        .filter(
            h ->
                h.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false)
                    && StepProcess.running(h))
        .toList();
  }

  @AfterEach
  void cleanUp() {
    markers.forEach(m -> running(m).forEach(ProcessHandle::destroyForcibly));
  }

  private StepProcess.Result run(String script, Path logFile) throws IOException {
    try (BuildLog log = new BuildLog(logFile)) {
      return StepProcess.run(
          List.of("sh", "-c", script),
          Map.of("PATH", "/usr/bin:/bin"),
          tmp,
          Duration.ofMinutes(5),
          log,
          new LogClassifier(),
          line -> {});
    }
  }

  private static String text(Path gz) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void aBackgroundJobIsKilledWithTheStepsProcessGroup() throws IOException {
    String m = sleeper();
    Path log = tmp.resolve("bg.log.gz");
    StepProcess.Result r = run("sleep " + m + " & echo started; sleep 1", log);
    assertThat(r.exitCode()).isZero();
    assertThat(r.timedOut()).isFalse();
    assertThat(text(log)).contains("started");
    assertThat(running(m)).as("the background sleep").isEmpty();
  }

  @Test
  void aDetachedProcessHoldingTheOutputDoesNotHoldTheStep() throws IOException {
    String m = sleeper();
    Path log = tmp.resolve("detached.log.gz");
    long t0 = System.nanoTime();
    // The shell exits a second after its last output, while krt waits in read().
    StepProcess.Result r = run("setsid sleep " + m + " & echo started; sleep 1", log);
    long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
    assertThat(r.exitCode()).isZero();
    assertThat(seconds).as("seconds until the step ended").isLessThan(60);
    assertThat(text(log)).contains("started");
  }

  @Test
  void aCommandThatIsNotThereIsAStartError() throws IOException {
    try (BuildLog log = new BuildLog(tmp.resolve("none.log.gz"))) {
      StepProcess.Result r =
          StepProcess.run(
              List.of("no-such-make"),
              Map.of("PATH", "/usr/bin:/bin"),
              tmp,
              Duration.ofMinutes(1),
              log,
              new LogClassifier(),
              line -> {});
      assertThat(r.startError()).contains("no-such-make: not found in PATH");
    }
  }

  /** A step that floods its output: the log stops at its cap, says so, and the step still ends. */
  @Test
  void aFloodingStepsLogIsCutWithANote() throws IOException {
    Path file = tmp.resolve("flood.log.gz");
    StepProcess.Result r;
    try (BuildLog log = new BuildLog(file, 1 << 20)) {
      r =
          StepProcess.run(
              List.of("sh", "-c", "yes 'all work and no play' | head -c 50000000; echo done"),
              Map.of("PATH", "/usr/bin:/bin"),
              tmp,
              Duration.ofMinutes(5),
              log,
              new LogClassifier(),
              line -> {});
      assertThat(log.cut()).isTrue();
      log.note("step ended");
    }
    assertThat(r.exitCode()).isZero();
    String text = text(file);
    assertThat(text.length()).isLessThan(2 << 20);
    assertThat(text).contains("### krt: log cut at 1 MiB").endsWith("### krt: step ended\n");
  }
}
