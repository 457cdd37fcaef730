package dev.krt.farm;

import org.jobrunr.jobs.annotations.Job;
import org.jobrunr.jobs.lambdas.JobRequestHandler;

/** What a worker's JobRunr server calls for a {@link CellJob}: the worker builds the cell. */
public final class CellJobHandler implements JobRequestHandler<CellJob> {
  private final FarmWorker worker;

  CellJobHandler(FarmWorker worker) {
    this.worker = worker;
  }

  @Override
  @Job(name = "%0")
  public void run(CellJob job) throws Exception {
    worker.take(job);
  }
}
