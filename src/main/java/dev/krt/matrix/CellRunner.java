package dev.krt.matrix;

import dev.krt.check.KconfigFindings;
import dev.krt.kernel.kconfig.DotConfig;
import dev.krt.kernel.kconfig.RustKconfig;
import dev.krt.kernel.kconfig.RustRefusal;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.shell.SignalNames;
import dev.krt.store.CellStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs one cell: its steps in order in the cell's own {@code O=} directory, with the cell's
 * toolchain, each under its timeout, everything printed going to the cell's compressed log. The
 * first failing step ends the cell; the rest are recorded as skipped.
 */
public final class CellRunner {
  private static final Pattern FRAGMENT =
      Pattern.compile("CONFIG_([A-Za-z0-9_]+)=(.*)|# CONFIG_([A-Za-z0-9_]+) is not set");

  /** How a cell went; {@code status} is pass, fail, or error (krt could not run it). */
  public record Result(
      CellStatus status,
      long durationMs,
      Optional<String> failedStep,
      Optional<LogClassifier.Classification> classification,
      List<StepRow> steps,
      List<String> warnings,
      Map<String, String> kconfig,
      Path log,
      long logLines,
      Path buildDir,
      List<TestRow> tests) {}

  private final Path cellDir;
  private final Path buildDir;
  private final Map<String, String> baseEnv;
  private final int makeJobs;
  private final Consumer<String> progress;

  /**
   * @param cellDir where the log and metadata go
   * @param buildDir the cell's {@code O=} directory (emptied first: a cell always builds from
   *     clean)
   * @param makeJobs make's {@code -j} for this cell
   * @param progress each line the build prints (for a progress display)
   */
  public CellRunner(
      Path cellDir,
      Path buildDir,
      Map<String, String> baseEnv,
      int makeJobs,
      Consumer<String> progress) {
    this.cellDir = cellDir;
    this.buildDir = buildDir;
    this.baseEnv = baseEnv;
    this.makeJobs = makeJobs;
    this.progress = progress;
  }

  /**
   * Builds the cell. Its {@code O=} directory is locked for the whole build: a second krt building
   * the same cell at the same time (two runs with {@code --force}) waits instead of sharing the
   * directory, and never takes the first one's make for a leftover. The kernel drops the lock of a
   * krt that is killed, so a resumed run is not kept waiting.
   */
  public Result run(MatrixPlan.Cell cell) throws IOException {
    Files.createDirectories(buildDir.getParent());
    Path lockFile = buildDir.resolveSibling(buildDir.getFileName() + ".lock");
    try (java.nio.channels.FileChannel ch =
            java.nio.channels.FileChannel.open(
                lockFile,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.WRITE);
        java.nio.channels.FileLock lock = ch.lock()) {
      return build(cell);
    }
  }

  private Result build(MatrixPlan.Cell cell) throws IOException {
    long t0 = System.nanoTime();
    int leftovers = StepProcess.killLeftovers(buildDir);
    KernelCheckout.deleteTree(buildDir);
    Files.createDirectories(buildDir);
    Path logFile = cellDir.resolve(RunLayout.LOG);
    List<StepRow> steps = new ArrayList<>();
    List<String> warnings = new ArrayList<>();
    Optional<String> failedStep = Optional.empty();
    Optional<LogClassifier.Classification> why = Optional.empty();
    Map<String, String> env = cell.toolchain().environment(baseEnv);
    List<TestRow> tests = new ArrayList<>();
    long logLines;
    try (BuildLog log = new BuildLog(logFile)) {
      log.note("cell " + cell.label() + " key " + cell.key());
      if (leftovers > 0) {
        log.note(
            "stopped "
                + leftovers
                + " build(s) left running in "
                + buildDir
                + " by an earlier krt that was killed");
      }
      log.note(
          "kernel " + cell.kernel().dir() + " (" + cell.kernel().identity() + "), O=" + buildDir);
      log.note("make variables: " + String.join(" ", cell.toolchain().makeVariables()));
      for (MatrixSpec.StepSpec step : cell.steps()) {
        if (failedStep.isPresent()) {
          steps.add(
              new StepRow(
                  step.name(),
                  StepStatus.SKIPPED,
                  Optional.empty(),
                  0,
                  Optional.empty(),
                  Optional.empty()));
          continue;
        }
        MatrixSpec.StepSpec toRun = step;
        if (step.ifPresent()) {
          TreeTargets.Split split = TreeTargets.split(cell.kernel().dir(), step.targets());
          if (!split.missing().isEmpty()) {
            String msg =
                "step "
                    + step.name()
                    + ": not in this tree, left out: "
                    + String.join(" ", split.missing());
            log.note(msg);
            warnings.add(msg);
          }
          if (split.present().isEmpty()) {
            steps.add(
                new StepRow(
                    step.name(),
                    StepStatus.SKIPPED,
                    Optional.empty(),
                    0,
                    Optional.of("not-in-tree"),
                    Optional.of("none of the step's targets is in this tree")));
            continue;
          }
          toRun =
              new MatrixSpec.StepSpec(
                  step.name(),
                  step.kind(),
                  split.present(),
                  step.makeVariables(),
                  step.timeout(),
                  true,
                  step.kunitconfig(),
                  step.line());
        }
        StepOutcome o = runStep(cell, toRun, env, log);
        warnings.addAll(o.warnings);
        tests.addAll(o.tests);
        steps.add(
            new StepRow(
                step.name(),
                o.failure.isEmpty() ? StepStatus.PASS : StepStatus.FAIL,
                o.exitCode,
                o.millis,
                o.failure.map(LogClassifier.Classification::kind),
                o.failure.map(LogClassifier.Classification::firstError)));
        if (o.failure.isPresent()) {
          failedStep = Optional.of(step.name());
          why = o.failure;
        }
      }
      log.note("cell " + (failedStep.isEmpty() ? "passed" : "failed in step " + failedStep.get()));
      logLines = log.lines();
    }
    return new Result(
        failedStep.isEmpty() ? CellStatus.PASS : CellStatus.FAIL,
        (System.nanoTime() - t0) / 1_000_000,
        failedStep,
        why,
        steps,
        dedupe(warnings),
        kconfig(),
        logFile,
        logLines,
        buildDir,
        List.copyOf(tests));
  }

  private record StepOutcome(
      Optional<Integer> exitCode,
      long millis,
      Optional<LogClassifier.Classification> failure,
      List<String> warnings,
      List<TestRow> tests) {
    StepOutcome(
        Optional<Integer> exitCode,
        long millis,
        Optional<LogClassifier.Classification> failure,
        List<String> warnings) {
      this(exitCode, millis, failure, warnings, List.of());
    }
  }

  private StepOutcome runStep(
      MatrixPlan.Cell cell, MatrixSpec.StepSpec step, Map<String, String> env, BuildLog log)
      throws IOException {
    long t0 = System.nanoTime();
    long deadline = t0 + step.timeout().toNanos();
    List<List<String>> commands = new ArrayList<>();
    KunitStep kunit = null;
    switch (step.kind()) {
      case "kunit" -> {
        kunit = new KunitStep(cell, step, buildDir, makeJobs);
        Optional<String> missing = kunit.missing(env);
        if (missing.isPresent()) {
          log.note("step " + step.name() + ": " + missing.get());
          return new StepOutcome(
              Optional.empty(),
              0,
              Optional.of(
                  new LogClassifier.Classification(
                      "missing-tool", missing.get(), Optional.empty(), log.lines())),
              List.of());
        }
        kunit.prepare();
        commands.add(kunit.argv());
        env = kunit.environment(env);
      }
      case "rustfmt" -> commands.add(make(cell, step, step.targets(), true));
      case "rustavailable" -> commands.add(make(cell, step, List.of("rustavailable"), false));
      case "config" -> {
        commands.add(make(cell, step, List.of(cell.config().base()), false));
        if (!cell.config().fragments().isEmpty()) {
          commands.add(scriptsConfig(cell));
          commands.add(make(cell, step, List.of("olddefconfig"), false));
        }
      }
      default -> commands.add(make(cell, step, step.targets(), true));
    }
    LogClassifier classifier = new LogClassifier();
    RustfmtOutput rustfmt = new RustfmtOutput();
    Consumer<String> lines =
        step.kind().equals("rustfmt")
            ? rustfmt.then(progress)
            : kunit != null ? kunit.andThen(progress) : progress;
    Optional<Integer> exit = Optional.of(0);
    for (List<String> argv : commands) {
      long left = deadline - System.nanoTime();
      log.note("step " + step.name() + ": " + String.join(" ", argv));
      long base = log.lines();
      StepProcess.Result r =
          StepProcess.run(
              argv,
              env,
              cell.kernel().dir(),
              java.time.Duration.ofNanos(Math.max(left, 1_000_000)),
              log,
              classifier,
              lines);
      log.note(
          "step "
              + step.name()
              + ": "
              + (r.startError().isPresent()
                  ? "could not start"
                  : r.timedOut() ? "timed out" : "exit " + r.exitCode())
              + " after "
              + r.millis() / 1000.0
              + " s");
      log.flush();
      long millis = (System.nanoTime() - t0) / 1_000_000;
      if (r.startError().isPresent()) {
        return new StepOutcome(
            Optional.empty(),
            millis,
            Optional.of(
                new LogClassifier.Classification(
                    "missing-tool", r.startError().get(), Optional.empty(), log.lines())),
            classifier.warnings());
      }
      if (kunit != null && !r.timedOut()) {
        KunitStep.Outcome k = kunit.outcome(r.exitCode(), classifier.failure(), log.lines());
        for (String n : k.notes()) {
          log.note(n);
        }
        return new StepOutcome(
            Optional.of(r.exitCode()), millis, k.failure(), classifier.warnings(), k.tests());
      }
      if (r.timedOut()) {
        String msg =
            "step '"
                + step.name()
                + "' did not finish within "
                + human(step.timeout())
                + "; krt killed it";
        return new StepOutcome(
            Optional.of(r.exitCode()),
            millis,
            Optional.of(
                new LogClassifier.Classification("timeout", msg, Optional.empty(), log.lines())),
            classifier.warnings());
      }
      exit = Optional.of(r.exitCode());
      if (r.exitCode() != 0 && step.kind().equals("rustfmt") && rustfmt.onlyDifferences()) {
        // The Rust CI's 'make rustfmt' formats in place and succeeds whatever it changes; krt
        // checks instead (it never writes to the kernel's sources), so differences are no failure.
        String msg =
            "step "
                + step.name()
                + ": rustfmt would change "
                + rustfmt.differences()
                + " place(s) in the tree (make rustfmtcheck; not a failure, as in the Rust CI)";
        log.note(msg);
        List<String> w = new ArrayList<>(classifier.warnings());
        w.add(msg);
        return new StepOutcome(exit, millis, Optional.empty(), w);
      }
      if (r.exitCode() != 0) {
        Optional<LogClassifier.Classification> c =
            classifier
                .failure()
                .map(
                    x ->
                        new LogClassifier.Classification(
                            x.kind(), x.firstError(), x.code(), base + x.line()));
        if (r.exitCode() > 128
            && (c.isEmpty()
                || !(c.get().kind().equals("oom") || c.get().kind().equals("disk-full")))) {
          String sig = SignalNames.forStatus(r.exitCode()).orElse("signal " + (r.exitCode() - 128));
          c =
              Optional.of(
                  new LogClassifier.Classification(
                      "signal",
                      argv.get(0) + " ended by a signal: " + sig,
                      Optional.empty(),
                      log.lines()));
        }
        Optional<String> full = lowOnSpace();
        if (full.isPresent() && (c.isEmpty() || !c.get().kind().equals("disk-full"))) {
          // Tools do not all say ENOSPC (bison reports "input/output error"): ask the disk.
          c =
              Optional.of(
                  new LogClassifier.Classification(
                      "disk-full", full.get(), Optional.empty(), log.lines()));
        }
        return new StepOutcome(
            exit,
            millis,
            Optional.of(
                c.orElse(
                    new LogClassifier.Classification(
                        "make-error",
                        argv.get(0) + " exited with " + r.exitCode(),
                        Optional.empty(),
                        log.lines()))),
            classifier.warnings());
      }
    }
    long millis = (System.nanoTime() - t0) / 1_000_000;
    if (step.kind().equals("config")) {
      Optional<LogClassifier.Classification> refused = verifyConfig(cell, log);
      if (refused.isPresent()) {
        return new StepOutcome(exit, millis, refused, classifier.warnings());
      }
    }
    return new StepOutcome(exit, millis, Optional.empty(), classifier.warnings());
  }

  /** Below this much free space a failed step is taken for a full disk. */
  static final long LOW_SPACE = 16L << 20;

  private Optional<String> lowOnSpace() {
    for (Path p : List.of(buildDir, cellDir)) {
      try {
        long free = Files.getFileStore(p).getUsableSpace();
        if (free < LOW_SPACE) {
          return Optional.of("the disk under " + p + " is full (" + free / 1024 + " KiB free)");
        }
      } catch (IOException e) {
        // cannot tell: leave the classification to the log
      }
    }
    return Optional.empty();
  }

  /** {@code make -C SRC O=BUILD ARCH=... <toolchain> <step variables> [-jN] TARGETS}. */
  private List<String> make(
      MatrixPlan.Cell cell, MatrixSpec.StepSpec step, List<String> targets, boolean parallel) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "make",
                "-C",
                cell.kernel().dir().toString(),
                "O=" + buildDir,
                "ARCH=" + cell.arch().arch()));
    argv.addAll(cell.toolchain().makeVariables());
    step.makeVariables().forEach((k, v) -> argv.add(k + "=" + v));
    if (parallel) {
      argv.add("-j" + makeJobs);
    }
    argv.addAll(targets);
    return argv;
  }

  /** The tree's own {@code scripts/config} applying the fragments to {@code O=/.config}. */
  private List<String> scriptsConfig(MatrixPlan.Cell cell) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "bash",
                cell.kernel().dir().resolve("scripts/config").toString(),
                "--file",
                buildDir.resolve(".config").toString()));
    for (String f : cell.config().fragments()) {
      Matcher m = FRAGMENT.matcher(f);
      if (!m.matches()) {
        continue; // the parser only lets fragments through
      }
      if (m.group(3) != null) {
        argv.addAll(List.of("--disable", m.group(3)));
        continue;
      }
      String sym = m.group(1);
      String v = m.group(2);
      switch (v) {
        case "y" -> argv.addAll(List.of("--enable", sym));
        case "m" -> argv.addAll(List.of("--module", sym));
        case "n" -> argv.addAll(List.of("--disable", sym));
        default -> {
          if (v.startsWith("\"")) {
            argv.addAll(List.of("--set-str", sym, v.substring(1, v.length() - 1)));
          } else {
            argv.addAll(List.of("--set-val", sym, v));
          }
        }
      }
    }
    return argv;
  }

  /**
   * Whether the fragments held after olddefconfig. Kconfig drops a symbol whose dependencies are
   * not met without a word; for {@code CONFIG_RUST} that means the toolchain was refused.
   */
  private Optional<LogClassifier.Classification> verifyConfig(MatrixPlan.Cell cell, BuildLog log)
      throws IOException {
    DotConfig config = DotConfig.read(buildDir.resolve(".config"));
    List<String> lost = new ArrayList<>();
    for (String f : cell.config().fragments()) {
      Matcher m = FRAGMENT.matcher(f);
      if (!m.matches()) {
        continue;
      }
      String sym = m.group(1) != null ? m.group(1) : m.group(3);
      String want = m.group(1) != null ? m.group(2) : "n";
      String have = config.values().getOrDefault(sym, "n");
      if (!want.equals(have)) {
        lost.add(sym + "=" + want + " (is " + have + ")");
      }
    }
    if (lost.isEmpty()) {
      return Optional.empty();
    }
    log.note("config fragments Kconfig did not keep: " + String.join(", ", lost));
    boolean rustLost = lost.stream().anyMatch(s -> s.startsWith("RUST="));
    if (rustLost) {
      String why =
          config.enabled("RUST_IS_AVAILABLE")
              ? culprits(cell, config, log)
              : "CONFIG_RUST_IS_AVAILABLE is not set: the kernel's rust_is_available.sh refused this toolchain";
      return Optional.of(
          new LogClassifier.Classification(
              "kconfig-refused-rust",
              "Kconfig refused CONFIG_RUST=y: " + why,
              Optional.empty(),
              log.lines()));
    }
    return Optional.of(
        new LogClassifier.Classification(
            "kconfig-mismatch",
            "Kconfig did not keep: " + String.join(", ", lost),
            Optional.empty(),
            log.lines()));
  }

  /** The false lines of the tree's {@code config RUST} under the cell's {@code .config}. */
  private String culprits(MatrixPlan.Cell cell, DotConfig config, BuildLog log) throws IOException {
    Optional<RustKconfig> rk;
    try (DirectorySource src = new DirectorySource(cell.kernel().dir())) {
      rk = RustKconfig.load(src, cell.arch());
    }
    List<RustRefusal.Culprit> culprits =
        rk.isEmpty() ? List.of() : RustRefusal.of(rk.get(), config);
    if (culprits.isEmpty()) {
      return "a dependency of RUST is not met in this config (see 'config RUST' in init/Kconfig)";
    }
    String line = KconfigFindings.oneLine(culprits);
    log.note("config RUST is false by " + line);
    return line;
  }

  /** The Rust-related values of the cell's {@code .config} (what tuxmake's metadata lacks). */
  private Map<String, String> kconfig() {
    Map<String, String> out = new LinkedHashMap<>();
    try {
      DotConfig.read(buildDir.resolve(".config"))
          .values()
          .forEach(
              (sym, v) -> {
                String k = "CONFIG_" + sym;
                // "n" is a "# CONFIG_X is not set" line: not a value the file sets
                if (!v.equals("n")
                    && k.matches(
                        "CONFIG_(RUST|RUSTC_.*|BINDGEN_.*|RUST_IS_AVAILABLE|CC_VERSION_TEXT|CLANG_VERSION|GCC_VERSION|LLD_VERSION|LD_VERSION|AS_VERSION|CC_IS_CLANG|CC_IS_GCC|HAVE_RUST|SAMPLES_RUST|SAMPLE_RUST_.*|RUST_.*|KUNIT)")) {
                  out.put(k, v);
                }
              });
    } catch (IOException e) {
      // no .config (the cell failed before configuring): nothing to report
    }
    return out;
  }

  private static List<String> dedupe(List<String> l) {
    return new ArrayList<>(new java.util.LinkedHashSet<>(l));
  }

  static String human(java.time.Duration d) {
    long s = d.toSeconds();
    return s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s";
  }
}
