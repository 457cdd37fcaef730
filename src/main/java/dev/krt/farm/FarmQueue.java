package dev.krt.farm;

import dev.krt.error.UserException;
import dev.krt.store.Store;
import dev.krt.store.StoreException;
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
    // JobRunr makes its tables on first use; machines starting together race for that, and the
    // loser sees them half made: it tries again.
    for (int attempt = 1; ; attempt++) {
      try {
        // JobRunr finds its tables in any schema but queries them unqualified: name the store's
        // schema, so that two stores in one database (a test's, say) each have their own queue.
        PostgresStorageProvider storage =
            new PostgresStorageProvider(store.dataSource(), schemaOf(store) + ".");
        storage.setJobMapper(new JobMapper(json));
        return new FarmQueue(storage, json);
      } catch (RuntimeException e) {
        if (attempt == 5) {
          throw new StoreException(
              "cannot set up the farm's queue in " + store.url() + ": " + Store.rootMessage(e), e);
        }
        try {
          Thread.sleep(500L * attempt);
        } catch (InterruptedException i) {
          Thread.currentThread().interrupt();
          throw new StoreException("interrupted while setting up the farm's queue", i);
        }
      }
    }
  }

  private static String schemaOf(Store store) {
    try (java.sql.Connection c = store.dataSource().getConnection();
        java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT current_schema()")) {
      rs.next();
      String schema = rs.getString(1);
      if (schema == null || !schema.matches("[A-Za-z_][A-Za-z0-9_]{0,62}")) {
        throw new StoreException(
            "the store's schema must be a plain name for the farm's queue (got '" + schema + "')",
            null);
      }
      return schema;
    } catch (java.sql.SQLException e) {
      throw new StoreException("cannot read the store's schema: " + e.getMessage(), e);
    }
  }

  StorageProvider storage() {
    return storage;
  }

  JsonMapper json() {
    return json;
  }

  /**
   * Starts JobRunr's dashboard (jobs, their states, the workers) on a port. JobRunr's server
   * listens on every interface and lets its users delete and requeue jobs, so it always asks for a
   * password (user {@code krt}).
   */
  public AutoCloseable dashboard(int port, String password) {
    org.jobrunr.dashboard.JobRunrDashboardWebServer web =
        new org.jobrunr.dashboard.JobRunrDashboardWebServer(
            storage,
            json,
            org.jobrunr.dashboard.JobRunrDashboardWebServerConfiguration
                .usingStandardDashboardConfiguration()
                .andPort(port)
                .andBasicAuthentication("krt", password)
                .andAllowAnonymousDataUsage(false));
    web.start();
    return web::stop;
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
