package dev.krt.matrix;

import dev.krt.process.ChildEnvironment;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs one build command (make, scripts/config) with its output, stdout and stderr merged in the
 * order printed, streamed into the cell's log and a classifier. Unlike {@link
 * dev.krt.process.ProcessRunner} nothing is held in memory: a kernel build prints megabytes. On
 * timeout the whole process tree is killed (make's children hold the output pipe open).
 */
final class StepProcess {
  private StepProcess() {}

  /**
   * How the command ended.
   *
   * @param exitCode the shell's convention: 128+N after signal N; -1 if it could not be started
   * @param startError why it could not be started
   */
  record Result(int exitCode, boolean timedOut, Optional<String> startError, long millis) {}

  /** Commands running now, so an interrupted run can stop them all. */
  private static final java.util.Set<ProcessHandle> ACTIVE =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Kills every running command (Ctrl-C on a run: nothing keeps building behind krt's back). */
  static void killAll() {
    for (ProcessHandle h : List.copyOf(ACTIVE)) {
      killTree(h);
    }
  }

  /** How long output may keep coming after the command exits (from what it left running). */
  static final Duration DRAIN = Duration.ofSeconds(10);

  private static final Path SETSID = Path.of("/usr/bin/setsid");

  static Result run(
      List<String> argv,
      Map<String, String> env,
      Path cwd,
      Duration timeout,
      BuildLog log,
      LogClassifier classifier,
      Consumer<String> progress)
      throws IOException {
    long t0 = System.nanoTime();
    // Its own session and process group (setsid execs in place: the pid stays the command's), so
    // what it leaves running in the background is killed with it.
    List<String> full = new java.util.ArrayList<>();
    if (java.nio.file.Files.isExecutable(SETSID)) {
      // setsid looks the command up in the step's PATH; a missing one is a start error, as before.
      if (new dev.krt.toolchain.PathLookup(env, cwd).find(argv.get(0)).isEmpty()) {
        String why = argv.get(0) + ": not found in PATH";
        log.note("cannot run " + why);
        return new Result(-1, false, Optional.of(why), 0);
      }
      full.add(SETSID.toString());
    }
    full.addAll(argv);
    ProcessBuilder pb =
        new ProcessBuilder(full)
            .directory(cwd.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    pb.environment().clear();
    pb.environment().putAll(ChildEnvironment.forChild(env));
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      String why =
          argv.get(0)
              + ": "
              + Optional.ofNullable(e.getMessage())
                  .orElse("cannot run")
                  .replaceFirst(
                      "^Cannot run program \"[^\"]*\"(?: \\(in directory \"[^\"]*\"\\))?: ", "");
      log.note("cannot run " + why);
      return new Result(-1, false, Optional.of(why), 0);
    }
    ACTIVE.add(p.toHandle());
    try {
      return follow(p, timeout, log, classifier, progress, t0);
    } finally {
      ACTIVE.remove(p.toHandle());
    }
  }

  /**
   * Reads the output on a thread of its own, so that a process the command left behind holding the
   * pipe open cannot hold krt: once the command has exited (or was killed at its timeout), the
   * output is drained for {@link #DRAIN}, then its process group is killed, and if something that
   * left the group still holds the pipe, krt stops reading and says so in the log.
   */
  private static Result follow(
      Process p,
      Duration timeout,
      BuildLog log,
      LogClassifier classifier,
      Consumer<String> progress,
      long t0)
      throws IOException {
    AtomicBoolean stopped = new AtomicBoolean();
    java.util.concurrent.atomic.AtomicReference<IOException> failure =
        new java.util.concurrent.atomic.AtomicReference<>();
    InputStream in = p.getInputStream();
    Thread reader =
        new Thread(
            () -> {
              try {
                pump(in, log, classifier, progress, stopped);
              } catch (IOException e) {
                failure.set(e);
                killTree(p.toHandle());
              }
            },
            "krt-step-output");
    reader.setDaemon(true);
    reader.start();
    boolean timedOut = false;
    int code;
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        killTree(p.toHandle());
      }
      code = p.waitFor();
      reader.join(DRAIN.toMillis());
      // Whatever it left running, holding the output or not; then what the group held is closed.
      killGroup(p.pid());
      reader.join(2000);
    } catch (InterruptedException e) {
      killTree(p.toHandle());
      killGroup(p.pid());
      stopped.set(true);
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
    if (reader.isAlive()) {
      synchronized (stopped) {
        stopped.set(true);
      }
      log.note(
          "a process the step started left its process group and still holds the output open: krt stopped reading it");
    }
    if (failure.get() != null) {
      throw failure.get();
    }
    long ms = (System.nanoTime() - t0) / 1_000_000;
    return new Result(code, timedOut, Optional.empty(), ms);
  }

  private static void pump(
      InputStream in,
      BuildLog log,
      LogClassifier classifier,
      Consumer<String> progress,
      AtomicBoolean stopped)
      throws IOException {
    try (in) {
      ByteArrayOutputStream line = new ByteArrayOutputStream(256);
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        synchronized (stopped) {
          if (stopped.get()) {
            return;
          }
          for (int i = 0; i < n; i++) {
            byte b = buf[i];
            if (b == '\n') {
              emit(line, log, classifier, progress);
            } else if (line.size() < (1 << 16)) {
              line.write(b);
            }
          }
        }
      }
      synchronized (stopped) {
        if (line.size() > 0 && !stopped.get()) {
          emit(line, log, classifier, progress);
        }
      }
    }
  }

  /** Kills the process group the step leads (its pid, set by setsid); quietly if it is gone. */
  static void killGroup(long pgid) {
    if (!java.nio.file.Files.isExecutable(SETSID)) {
      return;
    }
    try {
      Process k =
          new ProcessBuilder("/bin/kill", "-KILL", "--", "-" + pgid)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      k.waitFor(5, TimeUnit.SECONDS);
    } catch (IOException e) {
      // no kill(1): the tree kill is all there is
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void emit(
      ByteArrayOutputStream line, BuildLog log, LogClassifier classifier, Consumer<String> progress)
      throws IOException {
    byte[] b = line.toByteArray();
    int len = b.length > 0 && b[b.length - 1] == '\r' ? b.length - 1 : b.length;
    log.write(b, 0, len);
    String s = new String(b, 0, len, StandardCharsets.UTF_8);
    classifier.accept(s);
    progress.accept(s);
    line.reset();
  }

  /**
   * Kills a process and everything it started, and waits (up to two seconds) until all of them are
   * gone: a caller that reports "killed" must not leave a compiler running.
   */
  static void killTree(ProcessHandle h) {
    java.util.Set<ProcessHandle> seen = new java.util.LinkedHashSet<>();
    long deadline = System.nanoTime() + 2_000_000_000L;
    while (true) {
      // Children first, each round: make may have forked more while the last round ran.
      List<ProcessHandle> kids = h.descendants().toList();
      seen.addAll(kids);
      kids.forEach(ProcessHandle::destroyForcibly);
      h.destroyForcibly();
      seen.add(h);
      if (seen.stream().noneMatch(StepProcess::running) || System.nanoTime() > deadline) {
        return;
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /**
   * Kills what is left of an earlier build in {@code buildDir}: after {@code kill -9} of krt, its
   * make (with {@code O=buildDir} in its arguments) can run on, orphaned, and would write into the
   * directory a resumed cell starts again in. Returns how many were found.
   */
  static int killLeftovers(java.nio.file.Path buildDir) {
    String arg = "O=" + buildDir;
    int n = 0;
    for (ProcessHandle h : ProcessHandle.allProcesses().toList()) {
      if (h.pid() == ProcessHandle.current().pid()) {
        continue;
      }
      if (h.info().arguments().map(a -> java.util.Arrays.asList(a).contains(arg)).orElse(false)) {
        killTree(h);
        n++;
      }
    }
    return n;
  }

  /** Alive and not a zombie waiting to be reaped. */
  static boolean running(ProcessHandle h) {
    if (!h.isAlive()) {
      return false;
    }
    try {
      String stat =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + h.pid() + "/stat"));
      int close = stat.lastIndexOf(')');
      return close < 0 || close + 2 >= stat.length() || stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false; // gone
    }
  }
}
