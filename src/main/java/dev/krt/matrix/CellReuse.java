package dev.krt.matrix;

import dev.krt.store.CellRow;
import dev.krt.store.StepRow;
import dev.krt.store.Store;
import java.util.List;
import java.util.Optional;

/**
 * An unchanged cell takes the result an earlier run recorded for its key instead of building again:
 * in a local run and a farm run alike (the key says everything that decides the outcome).
 */
public final class CellReuse {
  private CellReuse() {}

  /** Finishes every cell an earlier run has the result for; how many it finished. */
  public static int reuse(Store store, String runId, List<MatrixPlan.Cell> cells, long now) {
    int n = 0;
    for (MatrixPlan.Cell c : cells) {
      Optional<CellRow> prev = store.latestResult(c.key(), runId);
      if (prev.isPresent()) {
        CellRow p = prev.get();
        List<StepRow> steps = store.steps(p.runId(), p.key());
        store.finishCell(
            runId,
            c.key(),
            new Store.Outcome(
                p.status(),
                p.durationMs().orElse(0L),
                p.failedStep(),
                p.classification(),
                p.firstError(),
                p.logPath(),
                p.logLines(),
                p.metadataJson(),
                Optional.of(p.runId()),
                steps,
                store.tests(p.runId(), p.key())),
            now);
        n++;
      }
    }
    return n;
  }
}
