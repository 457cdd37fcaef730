package dev.krt.farm;

import dev.krt.matrix.CellReuse;
import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import dev.krt.store.StoreException;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * A matrix run on the farm, seen from the machine that starts it: the run is planned here (its cell
 * keys name this machine's kernels and toolchains, which workers must have too), recorded, its
 * unchanged cells reused, the rest queued; then it is followed in the store until every cell has
 * its result.
 */
public final class FarmRun {
  private final Store store;
  private final FarmQueue queue;

  public FarmRun(Store store, FarmQueue queue) {
    this.store = store;
    this.queue = queue;
  }

  /** Records the run and queues its cells; its id. */
  public String submit(MatrixPlan plan, int jobs, boolean force, String host) {
    String runId = MatrixRunner.newRunId();
    List<Store.CellPlan> cells = plan.cells().stream().map(MatrixRunner::cellPlan).toList();
    long now = System.currentTimeMillis();
    store
        .farm()
        .createRun(runId, plan.spec().file().toString(), plan.specText(), jobs, host, cells, now);
    if (!force) {
      CellReuse.reuse(store, runId, plan.cells(), now);
    }
    enqueueUnfinished(plan, runId);
    return runId;
  }

  /** Queues every unfinished cell of a run again (a second job for a cell is harmless). */
  public void enqueueUnfinished(MatrixPlan plan, String runId) {
    for (CellRow c : store.cells(runId)) {
      if (!c.finished()) {
        queue.enqueue(CellJob.of(c));
      }
    }
    store.farm().completeIfDone(runId, System.currentTimeMillis());
  }

  /**
   * Follows a run until every cell has a result, telling the listener what starts and ends; an
   * unreachable store is waited for.
   */
  public MatrixRunner.Summary follow(
      MatrixPlan plan, String runId, MatrixRunner.Listener listener, PrintStream err, Duration poll)
      throws InterruptedException {
    Set<String> started = new HashSet<>();
    Set<String> finished = new HashSet<>();
    boolean toldNoWorker = false;
    boolean toldUnreachable = false;
    while (true) {
      List<CellRow> cells;
      List<FarmQueue.Worker> live;
      try {
        cells = store.cells(runId);
        live = queue.liveWorkers(Instant.now());
        if (toldUnreachable) {
          err.println("krt: the store is back");
          toldUnreachable = false;
        }
      } catch (StoreException | org.jobrunr.storage.StorageException e) {
        if (!toldUnreachable) {
          err.println(
              "krt: the store is unreachable ("
                  + Optional.ofNullable(e.getMessage()).orElse("").lines().findFirst().orElse("")
                  + "); waiting for it");
          toldUnreachable = true;
        }
        Thread.sleep(poll.toMillis());
        continue;
      }
      for (CellRow c : cells) {
        // A resumed run's cell this machine now plans differently is still followed to its end;
        // only the progress display needs the plan's cell.
        Optional<MatrixPlan.Cell> cell = plan.cell(c.key());
        if (c.status() == CellStatus.RUNNING && started.add(c.key())) {
          cell.ifPresent(listener::started);
        }
        if (c.finished() && finished.add(c.key())) {
          if (started.add(c.key())) {
            cell.ifPresent(listener::started);
          }
          cell.ifPresent(x -> listener.finished(x, c));
        }
      }
      if (finished.size() == cells.size()) {
        store.farm().completeIfDone(runId, System.currentTimeMillis());
        int reused = (int) cells.stream().filter(c -> c.reusedFrom().isPresent()).count();
        return MatrixRunner.summary(runId, RunStatus.DONE, cells, cells.size() - reused, reused);
      }
      if (live.isEmpty() && !toldNoWorker) {
        err.println(
            "krt: no krt worker is alive on "
                + store.url()
                + "; the cells wait for one ('krt worker --db URL' on each build machine)");
        toldNoWorker = true;
      } else if (!live.isEmpty()) {
        toldNoWorker = false;
      }
      Thread.sleep(poll.toMillis());
    }
  }
}
