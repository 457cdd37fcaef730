package dev.krt.interop;

import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import dev.krt.store.FarmCells;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code krt matrix run --results DIR}: each cell's result goes to {@code DIR} as files ({@link
 * ResultDirs}) the moment it is recorded, reused cells at the end, so a CI job killed at its time
 * limit still leaves the cells it finished.
 */
public final class ResultsWriter extends MatrixRunner.Forwarding {
  private final Path dir;
  private final Store store;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private final MatrixPlan plan;
  private volatile String problem;

  public ResultsWriter(MatrixRunner.Listener next, Path dir, Store store, MatrixPlan plan) {
    super(next);
    this.plan = plan;
    this.dir = dir;
    this.store = store;
  }

  @Override
  public void building(String runId) {
    // Reused cells go now, not at the end a job killed at its time limit never reaches.
    writeRun(runId);
    super.building(runId);
  }

  @Override
  public void finished(MatrixPlan.Cell cell, CellRow row) {
    super.finished(cell, row);
    write(cell.ordinal(), row);
  }

  /** Writes the run's finished cells not written yet; why a result could not be written, if so. */
  public Optional<String> finish(String runId) {
    writeRun(runId);
    return Optional.ofNullable(problem);
  }

  private void writeRun(String runId) {
    for (CellRow c : store.cells(runId)) {
      if (c.finished()) {
        plan.cell(c.key()).ifPresent(p -> write(p.ordinal(), c));
      }
    }
  }

  private void write(int ordinal, CellRow row) {
    if (!written.add(row.key())) {
      return;
    }
    try {
      RunRow run = store.run(row.runId()).orElseThrow();
      ResultDirs.write(
          dir,
          run,
          ordinal,
          row,
          store.steps(row.runId(), row.key()),
          store.tests(row.runId(), row.key()),
          () -> store.farm().log(row).map(FarmCells.Log::gzip));
    } catch (IOException | RuntimeException e) {
      written.remove(row.key());
      if (problem == null) {
        problem =
            "cannot write the result of "
                + row.label()
                + " to "
                + dir
                + ": "
                + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
      }
    }
  }
}
