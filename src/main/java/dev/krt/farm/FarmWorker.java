package dev.krt.farm;

import dev.krt.error.UserException;
import dev.krt.matrix.CellBuilder;
import dev.krt.matrix.KernelCheckout;
import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.RunLayout;
import dev.krt.store.CellRow;
import dev.krt.store.FarmCells;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import dev.krt.store.StoreException;
import dev.krt.text.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;

/**
 * A machine's share of the farm: a JobRunr background-job server that builds the cells it takes
 * with this machine's kernels, toolchains and cores, and records them in the store.
 *
 * <p>A cell is built only if the worker's own plan of it gives the run's cell key; otherwise the
 * worker says why in the cell's record and hands the cell on, and a cell every live worker has
 * refused ends as an error with their reasons. A result is recorded only by the claim that holds
 * the cell ({@link FarmCells}), so a worker given up for dead records nothing when it comes back.
 * Builds go to {@code DATA/worker/} (locked: one worker per data directory); what a killed worker
 * left there is cleared when the next one starts, and each cell's {@code O=} goes when it is done.
 */
public final class FarmWorker {
  /**
   * @param name how the worker is shown (the cell's {@code worker})
   * @param jobs cells built at the same time
   * @param cores processors make's {@code -j} is shared out from
   */
  public record Options(String name, int jobs, int cores) {}

  /** How long a result waits for an unreachable store (a PostgreSQL restart) before it is lost. */
  static final Duration STORE_PATIENCE = Duration.ofMinutes(10);

  private final Store store;
  private final FarmQueue queue;
  private final Path dataDir;
  private final Map<String, String> env;
  private final Options options;
  private final PrintStream out;
  private final FarmPlans plans;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final Set<Thread> building = ConcurrentHashMap.newKeySet();

  /** The runs {@link #survey} has looked at. */
  private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> surveyed =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1000).build();

  private BackgroundJobServer server;
  private FileChannel lockChannel;
  private FileLock lock;

  /**
   * @param dataDir krt's data directory (the worker builds under {@code dataDir/worker})
   * @param cacheRoot krt's cache (toolchain probes, unpacked kernels)
   */
  public FarmWorker(
      Store store,
      FarmQueue queue,
      Path dataDir,
      Map<String, String> env,
      Path cwd,
      Path cacheRoot,
      Options options,
      PrintStream out) {
    this.store = store;
    this.queue = queue;
    this.dataDir = dataDir.resolve("worker");
    this.env = env;
    this.options = options;
    this.out = out;
    this.plans = new FarmPlans(env, cwd, cacheRoot, options.name());
  }

  /** Takes the data directory, clears what a killed worker left in it, and starts taking cells. */
  public void start() throws IOException {
    Files.createDirectories(dataDir);
    lockChannel =
        FileChannel.open(
            dataDir.resolve("worker.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    lock = lockChannel.tryLock();
    if (lock == null) {
      lockChannel.close();
      throw new UserException(
          "another krt worker builds in "
              + dataDir
              + "; give each worker its own data directory (XDG_DATA_HOME)");
    }
    CellBuilder.clearBuilds(new RunLayout(dataDir));
    CellJobHandler handler = new CellJobHandler(this);
    JobActivator activator =
        new JobActivator() {
          @Override
          public <T> T activateJob(Class<T> type) {
            return type == CellJobHandler.class ? type.cast(handler) : null;
          }
        };
    server =
        new BackgroundJobServer(
            queue.storage(),
            queue.json(),
            activator,
            BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                .andName(options.name())
                .andWorkerCount(options.jobs())
                .andPollInterval(FarmQueue.POLL)
                .andServerTimeoutPollIntervalMultiplicand(FarmQueue.TIMEOUT_POLLS));
    server.start();
    Thread survey =
        new Thread(
            () -> {
              while (!stopping.get()) {
                try {
                  survey();
                  Thread.sleep(FarmQueue.POLL.toMillis());
                } catch (InterruptedException e) {
                  return;
                } catch (RuntimeException e) {
                  // the store is away: the next round tries again
                  try {
                    Thread.sleep(FarmQueue.POLL.toMillis());
                  } catch (InterruptedException i) {
                    return;
                  }
                }
              }
            },
            "krt-worker-survey");
    survey.setDaemon(true);
    survey.start();
  }

  /**
   * Says, for every open farm run this worker has not looked at yet, which of its cells it cannot
   * build, without waiting to be given them: a cell no live worker can build then ends (as an error
   * with their reasons) within a poll or two, however the queue hands it round.
   */
  void survey() throws InterruptedException {
    for (RunRow run : store.farm().openRuns(50)) {
      if (surveyed.getIfPresent(run.id()) != null) {
        continue;
      }
      for (CellRow c : store.cells(run.id())) {
        if (stopping.get()) {
          return;
        }
        if (c.finished()) {
          continue;
        }
        Optional<String> why = plans.plan(run, c).refusal();
        if (why.isPresent()) {
          refuse(CellJob.of(c), why.get(), false);
        }
      }
      surveyed.put(run.id(), Boolean.TRUE);
    }
  }

  /** The worker's id in the queue (JobRunr's server id). */
  public String id() {
    return server.getId().toString();
  }

  /** Blocks until {@link #stop} has handed back what the worker held. */
  public void awaitStop() throws InterruptedException {
    stopped.await();
  }

  /**
   * Stops taking cells and hands back the ones being built (their builds are killed; each goes back
   * to pending with a new job, for any worker), then stops the JobRunr server.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      return;
    }
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!building.isEmpty() && System.nanoTime() < deadline) {
      // Again each time: a cell claimed just before the stop may start its build after a kill.
      CellBuilder.killAll();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    if (server != null) {
      server.stop();
    }
    try {
      if (lock != null) {
        lock.release();
        lockChannel.close();
      }
    } catch (IOException e) {
      // the lock goes with the process
    }
    // Said here, not by the command: on SIGTERM the JVM ends when its shutdown hooks have.
    say("stopped");
    out.flush();
    stopped.countDown();
  }

  /** A cell job: build the cell, or say why not and hand it on. */
  void take(CellJob job) throws InterruptedException {
    // Counted from the start: a stop waits for a cell being claimed as for one being built.
    building.add(Thread.currentThread());
    try {
      takeCounted(job);
    } finally {
      building.remove(Thread.currentThread());
    }
  }

  private void takeCounted(CellJob job) throws InterruptedException {
    if (stopping.get()) {
      patiently(
          () -> {
            queue.enqueue(job);
            return true;
          });
      return;
    }
    Optional<RunRow> run = patiently(() -> store.run(job.runId()));
    Optional<CellRow> cell =
        run.isEmpty() ? Optional.empty() : patiently(() -> store.cell(job.runId(), job.cellKey()));
    if (run.isEmpty() || cell.isEmpty() || cell.get().finished()) {
      return; // a job for a cell that is already done (a second job for it): nothing to do
    }
    FarmPlans.Planned p = plans.plan(run.get(), cell.get());
    if (p.refusal().isPresent()) {
      refuse(job, p.refusal().get(), true);
      return;
    }
    List<String> live = liveIds();
    Optional<Integer> attempt =
        patiently(
            () ->
                store.farm().claim(job.runId(), job.cellKey(), options.name(), id(), live, now()));
    if (attempt.isEmpty()) {
      return; // finished meanwhile, or a live worker builds it
    }
    try {
      build(job, p.cell().orElseThrow(), attempt.get());
    } catch (RuntimeException | Error e) {
      // Not a result (the store stayed away too long, memory ran out): the cell must not stay
      // held by this live worker with nobody building it. Hand it back, best effort.
      try {
        store.farm().release(job.runId(), job.cellKey(), attempt.get());
        queue.enqueue(new CellJob(job.runId(), job.cellKey(), job.label(), 0));
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      throw e;
    }
  }

  private void build(CellJob job, MatrixPlan.Cell cell, int attempt) throws InterruptedException {
    say("building " + job.label() + " (run " + job.runId() + ")");
    RunLayout layout = new RunLayout(dataDir);
    int makeJobs = Math.max(1, options.cores() / options.jobs());
    CellBuilder.Built b = CellBuilder.build(layout, job.runId(), cell, env, makeJobs, line -> {});
    if (stopping.get() || b.diskFull()) {
      // Not a result: the build was stopped under it. Any worker builds it again.
      patiently(
          () -> {
            store.farm().release(job.runId(), job.cellKey(), attempt);
            queue.enqueue(new CellJob(job.runId(), job.cellKey(), job.label(), 0));
            return true;
          });
      if (!b.diskFull()) {
        sayCell(job, "handed back (the worker is stopping)");
      } else {
        say(
            "no space left on device in "
                + dataDir
                + "; handed "
                + job.label()
                + " back and stopping");
        new Thread(this::stop, "krt-worker-stop").start();
      }
      return;
    }
    Optional<FarmCells.Log> log = b.outcome().logPath().flatMap(FarmWorker::readLog);
    boolean recorded =
        patiently(
            () ->
                store.farm().finish(job.runId(), job.cellKey(), attempt, b.outcome(), log, now()));
    sayCell(
        job,
        (recorded
            ? b.outcome().status() + " in " + Durations.human(b.outcome().durationMs())
            : "given to another worker meanwhile; this result is dropped"));
    try {
      KernelCheckout.deleteTree(layout.buildDir(cell.key()));
    } catch (IOException e) {
      say("cannot remove " + layout.buildDir(cell.key()) + ": " + e.getMessage());
    }
  }

  /**
   * Says why this worker will not build a cell; when no live worker will, the cell ends as an error
   * with their reasons, else (when the worker holds its job) the cell goes back to the queue a
   * little later.
   */
  // One refusal at a time per worker: its survey and a job thread may refuse the same cell at once.
  private synchronized void refuse(CellJob job, String why, boolean handOn)
      throws InterruptedException {
    FarmCells farm = store.farm();
    patiently(
        () -> {
          farm.refuse(job.runId(), job.cellKey(), id(), options.name(), why, now());
          return true;
        });
    List<String> live = liveIds();
    List<FarmCells.Refusal> said = patiently(() -> farm.refusals(job.runId(), job.cellKey()));
    Set<String> refused =
        said.stream().map(FarmCells.Refusal::workerId).collect(Collectors.toSet());
    if (refused.containsAll(live)) {
      List<String> reasons = new ArrayList<>();
      for (FarmCells.Refusal r : said) {
        reasons.add(r.reason());
      }
      String text = "no worker can build this cell: " + String.join("; ", reasons);
      if (patiently(() -> farm.endUnbuildable(job.runId(), job.cellKey(), live, text, now()))) {
        sayCell(job, text);
      }
      return;
    }
    if (!handOn) {
      return; // a survey: the cell's job is elsewhere in the queue
    }
    // Another live worker has not said no: the queue gives the cell to a worker again, a little
    // later each time (JobRunr has no routing: it may come back here).
    Duration wait = FarmQueue.POLL.multipliedBy(1L << Math.min(job.bounces(), 2));
    patiently(
        () -> {
          queue.schedule(
              Instant.now().plus(wait),
              new CellJob(job.runId(), job.cellKey(), job.label(), job.bounces() + 1));
          return true;
        });
  }

  private List<String> liveIds() throws InterruptedException {
    List<String> ids =
        new ArrayList<>(
            patiently(() -> queue.liveWorkers(Instant.now())).stream()
                .map(FarmQueue.Worker::id)
                .toList());
    if (!ids.contains(id())) {
      ids.add(id()); // this worker is alive, whatever its last heartbeat says
    }
    return ids;
  }

  /** The compressed log for the store: at most {@link FarmCells#MAX_LOG_BYTES} of it. */
  static Optional<FarmCells.Log> readLog(String file) {
    Path p = Path.of(file);
    try (InputStream in = Files.newInputStream(p)) {
      byte[] b = in.readNBytes(FarmCells.MAX_LOG_BYTES);
      boolean cut = in.read() >= 0;
      return Optional.of(new FarmCells.Log(b, cut));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * A store call that waits out an unreachable store (a restart), up to {@link #STORE_PATIENCE}.
   */
  private <T> T patiently(java.util.function.Supplier<T> call) throws InterruptedException {
    long deadline = System.nanoTime() + STORE_PATIENCE.toNanos();
    long sleep = 500;
    boolean told = false;
    while (true) {
      try {
        T r = call.get();
        if (told) {
          say("the store is back");
        }
        return r;
      } catch (StoreException | org.jobrunr.storage.StorageException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        if (!told) {
          say(
              "the store is unreachable ("
                  + Optional.ofNullable(e.getMessage()).orElse("").lines().findFirst().orElse("")
                  + "); waiting");
          told = true;
        }
        Thread.sleep(sleep);
        sleep = Math.min(sleep * 2, 5_000);
      }
    }
  }

  /** A line of the worker's output. */
  private void say(String text) {
    out.println("krt worker " + options.name() + ": " + text);
  }

  /** A line about a cell: {@code LABEL (run RUN): TEXT} (tests count these). */
  private void sayCell(CellJob job, String text) {
    say(job.label() + " (run " + job.runId() + "): " + text);
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
