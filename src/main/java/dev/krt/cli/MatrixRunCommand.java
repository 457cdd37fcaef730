package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.farm.FarmQueue;
import dev.krt.farm.FarmRun;
import dev.krt.interop.ResultsWriter;
import dev.krt.matrix.CellSelector;
import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixPlanner;
import dev.krt.matrix.MatrixRunner;
import dev.krt.matrix.MatrixSpec;
import dev.krt.matrix.MatrixSpecException;
import dev.krt.matrix.MatrixSpecParser;
import dev.krt.remote.MatrixReport;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.report.MatrixText;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code krt matrix run}: builds every cell of a matrix file and records the results. */
@Command(
    name = "run",
    header =
        "Builds every cell of a matrix file for real and records the results (unchanged cells are reused).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Builds every cell (kernel x toolchain x arch x config) of a matrix file: each runs the file's",
      "steps in its own O= directory with the toolchain's RUSTC, HOSTRUSTC, RUSTDOC, RUSTFMT,",
      "CLIPPY_DRIVER, BINDGEN, LLVM or CC and RUST_LIB_SRC. Cells run in parallel (--jobs) and share",
      "the machine's cores as make -j. Each result is recorded as soon as it is known, with a",
      "compressed log, why it failed (rustc error code, denied lint, bindgen/libclang, missing tool,",
      "Kconfig refusing CONFIG_RUST, timeout, signal) and a metadata.json.",
      "",
      "A cell whose key (kernel content, toolchain fingerprint, arch, config, steps) an earlier run",
      "finished is not built again: its result is reused, unless --force. A run that was killed",
      "continues with --resume RUN.",
      "",
      "With --farm and a PostgreSQL --db, the cells go to the krt workers of every machine that",
      "reaches the store instead (docs/farm.md); the run is followed here as a local one."
    },
    footer = {
      "",
      "Exit codes: 0 every cell passed, 1 a cell failed, 2 bad input (matrix file, toolchain, kernel, store).",
      "",
      "Examples:",
      "  krt matrix run ci/matrix.yaml",
      "  krt matrix run ci/matrix.yaml --jobs 2 --force",
      "  krt matrix run ci/matrix.yaml --only toolchain=rustc-web-1.85 --results krt-results",
      "  krt matrix run --resume 20261201-231507-3fa9",
      "  KRT_TOKEN=... krt matrix run ci/matrix.yaml --report https://krt.example.org/",
      "  KRT_DB=jdbc:postgresql://db/krt?user=krt krt matrix run ci/matrix.yaml",
      "  krt matrix run ci/matrix.yaml --db jdbc:postgresql://db/krt?user=krt --farm"
    })
public final class MatrixRunCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      arity = "0..1",
      paramLabel = "MATRIX",
      description = "The matrix file (YAML; see docs/matrix.md).")
  Path file;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      description = "Cells built at the same time (default: the file's 'jobs', else 1).")
  Integer jobs;

  @Option(
      names = "--force",
      description = "Build every cell, even those an earlier run has the result for.")
  boolean force;

  @Option(
      names = "--resume",
      paramLabel = "RUN",
      description = "Continue a killed or interrupted run (its unfinished cells start over).")
  String resume;

  @Option(
      names = "--progress",
      negatable = true,
      description = "Show progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Option(
      names = "--report",
      paramLabel = "URL",
      description =
          "Also send each cell to the krt serve at URL (with $KRT_TOKEN), as it finishes.")
  java.net.URI report;

  @Option(
      names = "--only",
      paramLabel = "SELECTOR",
      description =
          "Build only these cells of the file: FIELD=VALUE[,FIELD=VALUE...] with kernel, toolchain, arch, config (names as in the file) or shard=I/N (docs/pipelines.md).")
  String only;

  @Option(
      names = "--results",
      paramLabel = "DIR",
      description =
          "Also write each cell's result (krt-cell.json, metadata.json, build.log.gz) under DIR, for krt matrix import.")
  Path results;

  @Option(
      names = "--farm",
      description =
          "Queue the cells for the krt workers on the --db PostgreSQL store instead of building them here (docs/farm.md).")
  boolean farm;

  @Option(
      names = "--no-wait",
      description = "With --farm: print the run id once the cells are queued, and return.")
  boolean noWait;

  @Option(
      names = "--dry-run",
      description =
          "Print what the matrix expands to (a matrix file without presets, and its cells), and build nothing.")
  boolean dryRun;

  @Option(
      names = "--preset",
      paramLabel = "NAME",
      description =
          "Run a CI job with no matrix file: rust-ci or bindgen-ci (krt matrix presets), with --kernel and --toolchain.")
  String preset;

  @Option(
      names = "--kernel",
      paramLabel = "SRC",
      description = "With --preset: a kernel directory, tarball or REPO@REF (repeatable).")
  java.util.List<String> kernels = new java.util.ArrayList<>();

  @Option(
      names = "--toolchain",
      paramLabel = "NAME",
      description = "With --preset: a toolchain as krt toolchains names it (repeatable).")
  java.util.List<String> toolchains = new java.util.ArrayList<>();

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "With --preset: a kernel ARCH (repeatable; default x86_64, as the CI jobs).")
  java.util.List<String> arches = new java.util.ArrayList<>();

  @Option(
      names = "--toolchains",
      paramLabel = "FILE",
      description =
          "With --preset: the toolchains file the names come from (default $KRT_TOOLCHAINS or ~/.config/krt/toolchains.toml).")
  Path toolchainsFile;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, MatrixSpecException, InterruptedException {
    if (noWait && !farm) {
      throw new UserException("--no-wait goes with --farm");
    }
    if (farm && report != null) {
      throw new UserException(
          "--report goes with a local run; a farm run is in the store every krt serve reads");
    }
    if (only != null && resume != null) {
      throw new UserException("--only goes with a matrix file (a resumed run keeps its cells)");
    }
    if (results != null && farm) {
      throw new UserException(
          "--results goes with a local run; a farm run's results are in the store (krt matrix results)");
    }
    CellSelector selector = only == null ? CellSelector.ALL : CellSelector.parse(only);
    if (jobs != null && (jobs < 1 || jobs > 999)) {
      throw new UserException("--jobs must be from 1 to 999");
    }
    String token = ReportOption.token(ctx, report);
    if (preset == null
        && (!kernels.isEmpty()
            || !toolchains.isEmpty()
            || !arches.isEmpty()
            || toolchainsFile != null)) {
      throw new UserException("--kernel, --toolchain, --arch and --toolchains go with --preset");
    }
    if (preset != null) {
      if (file != null || resume != null) {
        throw new UserException("--preset makes the matrix: give no matrix file or --resume");
      }
      if (kernels.isEmpty() || toolchains.isEmpty()) {
        throw new UserException("--preset needs --kernel SRC and --toolchain NAME");
      }
    } else if ((file == null) == (resume == null)) {
      throw new UserException(
          file == null
              ? "give a matrix file (or --resume RUN)"
              : "give a matrix file or --resume RUN, not both");
    }
    try (Store db = store.open(ctx)) {
      MatrixSpec spec;
      String text;
      Optional<RunRow> run = Optional.empty();
      if (resume != null) {
        run = db.run(resume);
        if (run.isEmpty()) {
          throw new UserException(
              "no run '" + resume + "' in " + db.url() + " (see 'krt matrix runs')");
        }
        if (run.get().status() == RunStatus.DONE) {
          throw new UserException("run " + resume + " is complete; nothing to resume");
        }
        text = run.get().specText();
        spec = MatrixSpecParser.parse(text, Path.of(run.get().specPath()));
      } else if (preset != null) {
        text = presetMatrix();
        spec = MatrixSpecParser.parse(text, ctx.cwd().resolve("(preset " + preset + ")"));
      } else {
        Path f = ctx.cwd().resolve(file);
        spec = MatrixSpecParser.read(f);
        text = java.nio.file.Files.readString(f);
      }
      if (dryRun) {
        dryRun(spec, selector);
        return ExitCodes.OK;
      }
      boolean farmRun = run.isPresent() && db.farm().isFarmRun(run.get().id());
      if (farm && run.isPresent() && !farmRun) {
        throw new UserException(
            "run " + resume + " was built here, not on the farm; resume it without --farm");
      }
      MatrixPlanner planner = new MatrixPlanner(ctx.env(), ctx.cwd(), ctx.dirs().cache());
      MatrixPlan plan;
      if (run.isPresent()) {
        // The run's own cells: one made with --only resumes on a machine that has only its own
        // kernels and toolchains.
        java.util.Set<String> labels = new java.util.HashSet<>();
        db.cells(run.get().id()).forEach(c -> labels.add(c.label()));
        plan =
            planner.plan(
                spec, text, spec.cells().stream().filter(c -> labels.contains(c.label())).toList());
      } else {
        plan = planner.plan(spec, text, selector);
      }
      int j = jobs != null ? jobs : run.map(RunRow::jobs).orElse(spec.jobs());
      boolean show = progress != null ? progress : System.console() != null;
      MatrixProgress progressLine = new MatrixProgress(ctx.err(), plan.cells().size(), show);
      if (farm || farmRun) {
        return farm(db, plan, run, j, progressLine);
      }
      MatrixReport reporting = null;
      MatrixRunner.Listener listener = progressLine;
      if (report != null) {
        reporting = new MatrixReport(progressLine, report, token, db, ctx.err());
        reporting.open(spec.file().toString(), host());
        listener = reporting;
      }
      ResultsWriter writer = null;
      if (results != null) {
        writer = new ResultsWriter(listener, ctx.cwd().resolve(results), db, plan);
        listener = writer;
      }
      MatrixRunner runner =
          new MatrixRunner(
              db,
              ctx.dirs().data(),
              ctx.env(),
              new MatrixRunner.Options(j, force, Runtime.getRuntime().availableProcessors()),
              listener);
      MatrixRunner.Summary s;
      try {
        s = run.isPresent() ? runner.resume(run.get(), plan, host()) : runner.start(plan, host());
      } catch (IllegalStateException e) {
        throw new UserException(e.getMessage());
      }
      progressLine.done();
      String reported = reporting == null ? null : reporting.finish(s.runId());
      Optional<String> unwritten = writer == null ? Optional.empty() : writer.finish(s.runId());
      print(db, s);
      if (reported != null) {
        ctx.err().println("krt: " + reported);
      }
      if (unwritten.isPresent()) {
        ctx.err().println("krt: results: " + unwritten.get());
        return ExitCodes.USAGE;
      }
      if (runner.fatalError().isPresent()) {
        ctx.err().println("krt: run stopped: " + runner.fatalError().get());
        return ExitCodes.USAGE;
      }
      return s.failed() + s.errors() > 0 ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
  }

  /** Queues the cells for the workers (or, resuming, again), then follows the run. */
  private int farm(
      Store db, MatrixPlan plan, Optional<RunRow> run, int j, MatrixProgress progressLine)
      throws InterruptedException, IOException {
    FarmQueue queue = FarmQueue.open(db);
    FarmRun farmRun = new FarmRun(db, queue);
    String runId;
    if (run.isPresent()) {
      runId = run.get().id();
      farmRun.enqueueUnfinished(plan, runId);
    } else {
      runId = farmRun.submit(plan, j, force, host());
    }
    if (noWait) {
      ctx.out().println(runId);
      return ExitCodes.OK;
    }
    ctx.err().println("krt: run " + runId + " is on the farm (" + plan.cells().size() + " cells)");
    Thread hook =
        new Thread(
            () ->
                ctx.err()
                    .println(
                        "krt: run "
                            + runId
                            + " goes on on the farm; see it with 'krt matrix show "
                            + runId
                            + "', follow it again with 'krt matrix run --resume "
                            + runId
                            + "'"),
            "krt-farm-leave");
    Runtime.getRuntime().addShutdownHook(hook);
    MatrixRunner.Summary s;
    try {
      s = farmRun.follow(plan, runId, progressLine, ctx.err(), java.time.Duration.ofSeconds(1));
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
    progressLine.done();
    print(db, s);
    return s.failed() + s.errors() > 0 ? ExitCodes.NEGATIVE : ExitCodes.OK;
  }

  private void print(Store db, MatrixRunner.Summary s) throws IOException {
    if (format.json()) {
      Json.print(MatrixJson.full(db, db.run(s.runId()).orElseThrow()), ctx.out());
    } else {
      RunRow shown = db.run(s.runId()).orElseThrow();
      MatrixText.show(shown, db.cells(shown.id()), db.tests(shown.id()), ctx.out());
      ctx.out().println();
      ctx.out().println(MatrixText.summary(s));
    }
  }

  /** The matrix file {@code --preset} stands for; stored with the run, as a file's text is. */
  private String presetMatrix() {
    java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
    m.put("preset", preset);
    m.put(
        "kernels",
        kernels.stream()
            .map(
                k ->
                    k.contains("@") && !java.nio.file.Files.exists(ctx.cwd().resolve(k))
                        ? k
                        : ctx.cwd().resolve(k).toString())
            .toList());
    if (toolchainsFile != null) {
      m.put("toolchains-file", ctx.cwd().resolve(toolchainsFile).toString());
    }
    m.put("toolchains", toolchains);
    if (!arches.isEmpty()) {
      m.put("arches", arches);
    }
    org.yaml.snakeyaml.DumperOptions o = new org.yaml.snakeyaml.DumperOptions();
    o.setDefaultFlowStyle(org.yaml.snakeyaml.DumperOptions.FlowStyle.BLOCK);
    return new org.yaml.snakeyaml.Yaml(o).dump(m);
  }

  /** The matrix with its presets expanded, as a file that runs the same cells, and its cells. */
  private void dryRun(MatrixSpec spec, CellSelector selector) {
    java.util.List<MatrixSpec.SpecCell> cells = selector.select(spec);
    ctx.out().println("# " + spec.file() + " expands to this matrix (krt matrix run --dry-run)");
    spec.preset()
        .flatMap(dev.krt.matrix.MatrixPresets::named)
        .ifPresent(
            p ->
                ctx.out()
                    .println(
                        "# preset " + p.name() + ": " + p.summary() + "; follows " + p.origin()));
    ctx.out().print(dev.krt.matrix.MatrixSpecWriter.yaml(spec));
    ctx.out().println("# " + cells.size() + " of " + spec.cellCount() + " cells:");
    for (MatrixSpec.SpecCell c : cells) {
      ctx.out().println("#   " + c.label());
    }
  }

  static String host() {
    try {
      return java.nio.file.Files.readString(Path.of("/proc/sys/kernel/hostname")).trim();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
