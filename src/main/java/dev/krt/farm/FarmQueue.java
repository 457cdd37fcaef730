package dev.krt.farm;

import dev.krt.error.UserException;
import dev.krt.store.Store;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jobrunr.jobs.mappers.JobMapper;
import org.jobrunr.scheduling.JobRequestScheduler;
import org.jobrunr.storage.StorageProvider;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;
import org.jobrunr.utils.mapper.JsonMapper;
import org.jobrunr.utils.mapper.jackson.JacksonJsonMapper;

/**
 * The farm's queue: JobRunr's own tables in the store's PostgreSQL (made by JobRunr on first use).
 * Workers poll it every {@link #POLL}; one whose heartbeat is {@link #WORKER_TIMEOUT} old is dead,
 * and the cells it held go to other workers.
 */
public final class FarmQueue {
  /** How often a worker asks for work and heart-beats (JobRunr's SQL minimum is 5 s). */
  public static final Duration POLL = Duration.ofSeconds(5);

  /** Heartbeats a worker may miss before JobRunr, and krt, give it up for dead. */
  static final int TIMEOUT_POLLS = 4;

  /** A worker that has not heart-beaten for this long is dead. */
  public static final Duration WORKER_TIMEOUT = POLL.multipliedBy(TIMEOUT_POLLS);

  private final StorageProvider storage;
  private final JsonMapper json;
  private final JobRequestScheduler scheduler;

  private FarmQueue(StorageProvider storage, JsonMapper json) {
    this.storage = storage;
    this.json = json;
    this.scheduler = new JobRequestScheduler(storage);
  }

  /** The queue in a store, which must be PostgreSQL: the machines of a farm share it. */
  public static FarmQueue open(Store store) {
    if (!store.postgres()) {
      throw new UserException(
          "the farm needs a PostgreSQL store that every machine reaches (--db jdbc:postgresql://HOST/DB?user=...)");
    }
    JsonMapper json = new JacksonJsonMapper();
    PostgresStorageProvider storage = new PostgresStorageProvider(store.dataSource());
    storage.setJobMapper(new JobMapper(json));
    return new FarmQueue(storage, json);
  }

  StorageProvider storage() {
    return storage;
  }

  JsonMapper json() {
    return json;
  }

  /** Queues a cell for any worker. */
  public void enqueue(CellJob job) {
    scheduler.enqueue(job);
  }

  /** Queues a cell for any worker, from a moment on. */
  void schedule(Instant at, CellJob job) {
    scheduler.schedule(at, job);
  }

  /** A worker as the queue knows it. */
  public record Worker(String id, String name, int jobs, Instant lastHeartbeat) {}

  /**
   * The workers whose heartbeat is recent, by JobRunr's servers table (a paused one heart-beats
   * too: it is alive).
   */
  public List<Worker> liveWorkers(Instant now) {
    Instant cut = now.minus(WORKER_TIMEOUT);
    return storage.getBackgroundJobServers().stream()
        .filter(s -> s.getLastHeartbeat().isAfter(cut))
        .map(
            s ->
                new Worker(
                    s.getId().toString(), s.getName(), s.getWorkerPoolSize(), s.getLastHeartbeat()))
        .toList();
  }
}
