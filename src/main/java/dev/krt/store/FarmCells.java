package dev.krt.store;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The cells of farm runs, which workers on many machines claim and record through the store alone.
 * Each change first takes the run's row (raising its revision), so the changes to one run are
 * serialised on PostgreSQL too: a claim and a result for the same cell never cross, and exactly one
 * result marks the run done.
 *
 * <p>A claim raises the cell's {@code attempt}; a result is recorded only by the attempt that holds
 * the cell. A worker that was given up for dead (its heartbeat stopped) and comes back finds its
 * attempt gone and records nothing: a cell has one result however often it was started.
 */
public final class FarmCells {
  /** A run's origin in the store: its cells are built by workers. */
  public static final String ORIGIN = "farm";

  /** The most of a compressed log the store keeps per cell. */
  public static final int MAX_LOG_BYTES = 16 << 20;

  private final Store store;

  FarmCells(Store store) {
    this.store = store;
  }

  /** Records a farm run and its cells, all pending. */
  public RunRow createRun(
      String id,
      String specPath,
      String specText,
      int jobs,
      String host,
      List<Store.CellPlan> cells,
      long now) {
    return store.createRun(id, specPath, specText, jobs, host, cells, now, ORIGIN);
  }

  /** The farm runs that still have cells to build, newest first (at most {@code limit}). */
  public List<RunRow> openRuns(int limit) {
    return store.read(
        h ->
            h.createQuery(
                    "SELECT * FROM runs WHERE origin = :o AND status = 'running' ORDER BY created_at DESC, id DESC LIMIT :n")
                .bind("o", ORIGIN)
                .bind("n", limit)
                .map(Store::runRow)
                .list());
  }

  /** Whether the run's cells are built by workers (not by the krt that made it). */
  public boolean isFarmRun(String runId) {
    return store.read(
        h ->
            h.createQuery("SELECT origin FROM runs WHERE id = :r")
                .bind("r", runId)
                .mapTo(String.class)
                .findOne()
                .map(ORIGIN::equals)
                .orElse(false));
  }

  /**
   * Takes a cell for a worker: a pending one, or one held by a worker that is no longer alive.
   *
   * @param live the ids of the workers alive now (the holder of a running cell must be one of them
   *     to keep it)
   * @return the attempt the worker now holds, empty when the cell is finished or held by a live
   *     worker
   */
  public Optional<Integer> claim(
      String runId, String key, String worker, String workerId, Collection<String> live, long now) {
    return store.call(
        h -> {
          Store.bump(h, runId);
          Optional<CellRow> c = cell(h, runId, key);
          if (c.isEmpty() || c.get().finished()) {
            return Optional.empty();
          }
          if (heldByLive(h, runId, key, c.get(), live)) {
            return Optional.empty();
          }
          h.createUpdate(
                  "UPDATE cells SET status = 'running', started_at = :t, worker = :w, worker_id = :wi, attempt = attempt + 1 WHERE run_id = :r AND cell_key = :k")
              .bind("t", now)
              .bind("w", worker)
              .bind("wi", workerId)
              .bind("r", runId)
              .bind("k", key)
              .execute();
          return Optional.of(attempt(h, runId, key));
        });
  }

  /** A compressed log as the store keeps it. */
  public record Log(byte[] gzip, boolean truncated) {}

  /**
   * Records the result of the attempt that holds the cell, with its log; the run is done when this
   * was its last cell.
   *
   * @return false when the attempt no longer holds the cell (it was given to another worker): the
   *     result is dropped
   */
  public boolean finish(
      String runId, String key, int attempt, Store.Outcome o, Optional<Log> log, long now) {
    return store.call(
        h -> {
          Store.bump(h, runId);
          if (!holds(h, runId, key, attempt)) {
            return false;
          }
          Store.finish(h, runId, key, o, now);
          h.createUpdate("DELETE FROM cell_logs WHERE run_id = :r AND cell_key = :k")
              .bind("r", runId)
              .bind("k", key)
              .execute();
          if (log.isPresent()) {
            h.createUpdate(
                    "INSERT INTO cell_logs (run_id, cell_key, log_gz, truncated) VALUES (:r, :k, :g, :tr)")
                .bind("r", runId)
                .bind("k", key)
                .bind("g", log.get().gzip())
                .bind("tr", log.get().truncated() ? 1 : 0)
                .execute();
          }
          completeIfDone(h, runId, now);
          return true;
        });
  }

  /** Hands a cell back (its worker is stopping): pending again, for any worker. */
  public boolean release(String runId, String key, int attempt) {
    return store.call(
        h -> {
          Store.bump(h, runId);
          if (!holds(h, runId, key, attempt)) {
            return false;
          }
          h.createUpdate(
                  "UPDATE cells SET status = 'pending', started_at = NULL, worker = NULL, worker_id = NULL WHERE run_id = :r AND cell_key = :k")
              .bind("r", runId)
              .bind("k", key)
              .execute();
          return true;
        });
  }

  /** Why a worker will not build a cell. */
  public record Refusal(String workerId, String worker, String reason) {}

  /** Records that a worker will not build a cell, and why (once per worker; the last reason). */
  public void refuse(
      String runId, String key, String workerId, String worker, String reason, long now) {
    store.call(
        h -> {
          h.createUpdate(
                  "DELETE FROM cell_refusals WHERE run_id = :r AND cell_key = :k AND worker_id = :wi")
              .bind("r", runId)
              .bind("k", key)
              .bind("wi", workerId)
              .execute();
          return h.createUpdate(
                  "INSERT INTO cell_refusals (run_id, cell_key, worker_id, worker, reason, at) VALUES (:r, :k, :wi, :w, :re, :t)")
              .bind("r", runId)
              .bind("k", key)
              .bind("wi", workerId)
              .bind("w", worker)
              .bind("re", reason)
              .bind("t", now)
              .execute();
        });
  }

  /** The workers that would not build a cell, in the order they said so. */
  public List<Refusal> refusals(String runId, String key) {
    return store.read(
        h ->
            h.createQuery(
                    "SELECT worker_id, worker, reason FROM cell_refusals WHERE run_id = :r AND cell_key = :k ORDER BY at, worker")
                .bind("r", runId)
                .bind("k", key)
                .map(
                    (rs, ctx) ->
                        new Refusal(
                            rs.getString("worker_id"),
                            rs.getString("worker"),
                            rs.getString("reason")))
                .list());
  }

  /**
   * Ends a cell that no live worker can build as an error saying why: a pending one, or one a dead
   * worker held.
   *
   * @return false when the cell is finished or a live worker holds it
   */
  public boolean endUnbuildable(
      String runId, String key, Collection<String> live, String why, long now) {
    return store.call(
        h -> {
          Store.bump(h, runId);
          Optional<CellRow> c = cell(h, runId, key);
          if (c.isEmpty() || c.get().finished() || heldByLive(h, runId, key, c.get(), live)) {
            return false;
          }
          Store.finish(
              h,
              runId,
              key,
              new Store.Outcome(
                  CellStatus.ERROR,
                  0,
                  Optional.empty(),
                  Optional.of("no-worker"),
                  Optional.of(why),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  Optional.empty(),
                  List.of()),
              now);
          completeIfDone(h, runId, now);
          return true;
        });
  }

  /**
   * A cell's log kept in the store: its own, or that of the run whose result it reuses. Empty for a
   * cell whose log is a file (local runs) or that has none.
   */
  public Optional<Log> log(CellRow c) {
    return store.read(
        h ->
            h.createQuery(
                    "SELECT log_gz, truncated FROM cell_logs WHERE run_id = :r AND cell_key = :k")
                .bind("r", c.reusedFrom().orElse(c.runId()))
                .bind("k", c.key())
                .map((rs, ctx) -> new Log(rs.getBytes("log_gz"), rs.getInt("truncated") != 0))
                .findOne());
  }

  /** Marks the run done when it has no unfinished cell; true when it is done now. */
  public boolean completeIfDone(String runId, long now) {
    return store.call(
        h -> {
          Store.bump(h, runId);
          return completeIfDone(h, runId, now);
        });
  }

  private static boolean completeIfDone(Handle h, String runId, long now) {
    int open =
        h.createQuery(
                "SELECT COUNT(*) FROM cells WHERE run_id = :r AND status IN ('pending', 'running')")
            .bind("r", runId)
            .mapTo(Integer.class)
            .one();
    if (open > 0) {
      return false;
    }
    h.createUpdate(
            "UPDATE runs SET status = 'done', finished_at = COALESCE(finished_at, :t) WHERE id = :r")
        .bind("t", now)
        .bind("r", runId)
        .execute();
    return true;
  }

  private static boolean heldByLive(
      Handle h, String runId, String key, CellRow c, Collection<String> live) {
    if (c.status() != CellStatus.RUNNING) {
      return false;
    }
    Optional<String> holder =
        h.createQuery("SELECT worker_id FROM cells WHERE run_id = :r AND cell_key = :k")
            .bind("r", runId)
            .bind("k", key)
            .mapTo(String.class)
            .findOne();
    return holder.isPresent() && live.contains(holder.get());
  }

  private static boolean holds(Handle h, String runId, String key, int attempt) {
    return h.createQuery(
                "SELECT COUNT(*) FROM cells WHERE run_id = :r AND cell_key = :k AND status = 'running' AND attempt = :a")
            .bind("r", runId)
            .bind("k", key)
            .bind("a", attempt)
            .mapTo(Integer.class)
            .one()
        > 0;
  }

  private static int attempt(Handle h, String runId, String key) {
    return h.createQuery("SELECT attempt FROM cells WHERE run_id = :r AND cell_key = :k")
        .bind("r", runId)
        .bind("k", key)
        .mapTo(Integer.class)
        .one();
  }

  private static Optional<CellRow> cell(Handle h, String runId, String key) {
    return h.createQuery("SELECT * FROM cells WHERE run_id = :r AND cell_key = :k")
        .bind("r", runId)
        .bind("k", key)
        .map(Store::cellRow)
        .findOne();
  }
}
