package dev.krt.matrix;

import dev.krt.store.CellStatus;
import dev.krt.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Builds one planned cell in its run's directories and says how it ended, as the store records it:
 * the one way a cell is built, by {@code krt matrix run} and by a farm worker alike.
 */
public final class CellBuilder {
  private CellBuilder() {}

  /**
   * How the cell ended; {@code diskFull} when it ended because the disk did (every later cell would
   * too, so the caller stops instead of recording it).
   */
  public record Built(Store.Outcome outcome, boolean diskFull) {}

  /** Kills every build running in this process (a worker stopping hands its cells back). */
  public static void killAll() {
    StepProcess.killAll();
  }

  /**
   * Clears every {@code O=} directory a killed krt left under the layout, and the builds still
   * running in them: only for a data directory no live krt builds in.
   */
  public static void clearBuilds(RunLayout layout) throws IOException {
    Path builds = layout.buildsDir();
    if (!Files.isDirectory(builds)) {
      return;
    }
    try (var leftovers = Files.list(builds)) {
      for (Path b : leftovers.toList()) {
        StepProcess.killLeftovers(b);
        KernelCheckout.deleteTree(b);
      }
    }
  }

  public static Built build(
      RunLayout layout,
      String runId,
      MatrixPlan.Cell cell,
      Map<String, String> env,
      int makeJobs,
      Consumer<String> lines) {
    Path cellDir = layout.cellDir(runId, cell.key());
    Path buildDir = layout.buildDir(cell.key());
    CellRunner runner = new CellRunner(cellDir, buildDir, env, makeJobs, lines);
    long t0 = System.nanoTime();
    try {
      CellRunner.Result r = runner.run(cell);
      String metadata = CellMetadata.text(CellMetadata.of(cell, r, runId, makeJobs));
      Files.writeString(cellDir.resolve("metadata.json"), metadata);
      boolean full = r.classification().map(c -> c.kind().equals("disk-full")).orElse(false);
      return new Built(
          new Store.Outcome(
              r.status(),
              r.durationMs(),
              r.failedStep(),
              r.classification().map(LogClassifier.Classification::kind),
              r.classification().map(LogClassifier.Classification::firstError),
              Optional.of(r.log().toString()),
              Optional.of(r.logLines()),
              Optional.of(metadata),
              Optional.empty(),
              r.steps(),
              r.tests()),
          full);
    } catch (IOException | RuntimeException e) {
      String msg = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
      boolean full = msg.contains("No space left on device") || msg.contains("Disk quota exceeded");
      return new Built(
          new Store.Outcome(
              CellStatus.ERROR,
              (System.nanoTime() - t0) / 1_000_000,
              Optional.empty(),
              Optional.of(full ? "disk-full" : "krt-error"),
              Optional.of("krt could not run the cell: " + msg),
              Optional.of(layout.log(runId, cell.key()).toString()),
              Optional.empty(),
              Optional.empty(),
              Optional.empty(),
              List.of()),
          full);
    }
  }
}
