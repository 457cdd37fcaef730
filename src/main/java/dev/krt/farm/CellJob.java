package dev.krt.farm;

import dev.krt.store.CellRow;
import org.jobrunr.jobs.lambdas.JobRequest;

/**
 * A farm cell as a JobRunr job: which run and cell to build. Everything else a worker needs is in
 * the store (the run's matrix text, the cell's names and key).
 *
 * @param label the cell's {@code kernel / toolchain / arch / config}, for the JobRunr dashboard
 * @param bounces how often the cell was already handed on because a worker could not build it (the
 *     next hand-on waits longer)
 */
public record CellJob(String runId, String cellKey, String label, int bounces)
    implements JobRequest {

  @Override
  public Class<CellJobHandler> getJobRequestHandler() {
    return CellJobHandler.class;
  }

  /** A job for a stored cell, labelled by its names. */
  static CellJob of(CellRow c) {
    return new CellJob(c.runId(), c.key(), c.label(), 0);
  }

  @Override
  public String toString() {
    return "krt cell " + label + " of run " + runId;
  }
}
