package dev.krt.interop;

import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
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
public final class ResultsWriter implements MatrixRunner.Listener {
  private final MatrixRunner.Listener next;
  private final Path dir;
  private final Store store;
  private final Set<String> written = ConcurrentHashMap.newKeySet();
  private volatile String problem;

  public ResultsWriter(MatrixRunner.Listener next, Path dir, Store store) {
    this.next = next;
    this.dir = dir;
    this.store = store;
  }

  @Override
  public void started(MatrixPlan.Cell cell) {
    next.started(cell);
  }

  @Override
  public void line(MatrixPlan.Cell cell, String line) {
    next.line(cell, line);
  }

  @Override
  public void finished(MatrixPlan.Cell cell, CellRow row) {
    next.finished(cell, row);
    write(cell.ordinal(), row);
  }

  /** Writes the run's finished cells not written yet; why a result could not be written, if so. */
  public Optional<String> finish(String runId, MatrixPlan plan) {
    for (CellRow c : store.cells(runId)) {
      if (c.finished()) {
        plan.cell(c.key()).ifPresent(p -> write(p.ordinal(), c));
      }
    }
    return Optional.ofNullable(problem);
  }

  private void write(int ordinal, CellRow row) {
    if (!written.add(row.key())) {
      return;
    }
    try {
      RunRow run = store.run(row.runId()).orElseThrow();
      ResultDirs.write(dir, run, ordinal, row, store.steps(row.runId(), row.key()));
    } catch (IOException | RuntimeException e) {
      written.remove(row.key());
      if (problem == null) {
        problem =
            "cannot write the result of "
                + row.kernel()
                + " / "
                + row.toolchain()
                + " / "
                + row.arch()
                + " / "
                + row.config()
                + " to "
                + dir
                + ": "
                + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
      }
    }
  }
}
