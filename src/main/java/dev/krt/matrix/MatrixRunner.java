package dev.krt.matrix;

import dev.krt.error.UserException;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a planned matrix into the store: cells are claimed one at a time (atomically, so a resumed
 * run never builds a cell twice), built by {@code jobs} workers in parallel, and each result is
 * recorded in one transaction the moment it is known. A killed run leaves finished cells finished
 * and the rest pending or running; {@link #resume} picks it up.
 */
public final class MatrixRunner {
  /** What a progress display wants to hear; called from the worker threads. */
  public interface Listener {
    /** The run's cells are recorded (reused ones finished); building begins. */
    default void building(String runId) {}

    default void started(MatrixPlan.Cell cell) {}

    default void line(MatrixPlan.Cell cell, String line) {}

    default void finished(MatrixPlan.Cell cell, CellRow row) {}
  }

  /** A listener that passes every event on to another: for those that add to some events. */
  public abstract static class Forwarding implements Listener {
    private final Listener next;

    protected Forwarding(Listener next) {
      this.next = next;
    }

    @Override
    public void building(String runId) {
      next.building(runId);
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
    }
  }

  /**
   * @param jobs cells built at the same time
   * @param force build cells even when an earlier run has the result for their key
   * @param cores processors make's {@code -j} is shared out from
   */
  public record Options(int jobs, boolean force, int cores) {}

  /** How a run went. {@code built} cells ran now; {@code reused} took an earlier run's result. */
  public record Summary(
      String runId,
      RunStatus status,
      int cells,
      int built,
      int reused,
      int passed,
      int failed,
      int errors) {}

  private final Store store;
  private final Path dataDir;
  private final Map<String, String> env;
  private final Options options;
  private final Listener listener;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicReference<String> fatal = new AtomicReference<>();

  public MatrixRunner(
      Store store, Path dataDir, Map<String, String> env, Options options, Listener listener) {
    this.store = store;
    this.dataDir = dataDir;
    this.env = env;
    this.options = options;
    this.listener = listener;
  }

  /** A run id people can read and sort: {@code 20261201-231507-3fa9}. */
  public static String newRunId() {
    byte[] b = new byte[2];
    new SecureRandom().nextBytes(b);
    return LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-"
        + java.util.HexFormat.of().formatHex(b);
  }

  /** Records a new run of the plan and runs it. */
  public Summary start(MatrixPlan plan, String host) {
    String runId = newRunId();
    List<Store.CellPlan> cells = plan.cells().stream().map(MatrixRunner::cellPlan).toList();
    store.createRun(
        runId, plan.spec().file().toString(), plan.specText(), options.jobs(), host, cells, now());
    store.setOwner(runId, owner(host, ProcessHandle.current()));
    int reused = options.force() ? 0 : reuse(runId, plan.cells());
    return execute(runId, plan, reused, true);
  }

  /** {@code HOST PID START-MILLIS}: a process, told apart from a later one with its pid. */
  static String owner(String host, ProcessHandle p) {
    return host
        + " "
        + p.pid()
        + " "
        + p.info().startInstant().map(java.time.Instant::toEpochMilli).orElse(0L);
  }

  /**
   * The live process on this host that builds the run, if the one recorded is still there: a second
   * resume would build its running cells again beside it.
   */
  private Optional<Long> liveOwner(String runId, String host) {
    Optional<String> o = store.owner(runId);
    if (o.isEmpty()) {
      return Optional.empty();
    }
    String[] f = o.get().split(" ");
    if (f.length != 3 || !f[0].equals(host) || !f[1].matches("\\d{1,10}")) {
      return Optional.empty(); // another host's: krt cannot tell from here
    }
    long pid = Long.parseLong(f[1]);
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .filter(p -> owner(host, p).equals(o.get()))
        .map(ProcessHandle::pid);
  }

  /** Continues a run that was killed or interrupted: its unfinished cells, from the start. */
  public Summary resume(RunRow run, MatrixPlan plan, String host) {
    Optional<Long> live = liveOwner(run.id(), host);
    if (live.isPresent() && live.get() != ProcessHandle.current().pid()) {
      throw new UserException(
          "run "
              + run.id()
              + " is still being built by krt (pid "
              + live.get()
              + "); wait for it or stop it (Ctrl-C, kill "
              + live.get()
              + ") before --resume");
    }
    store.setOwner(run.id(), owner(host, ProcessHandle.current()));
    List<CellRow> stored = store.cells(run.id());
    for (CellRow c : stored) {
      if (!c.finished() && plan.cell(c.key()).isEmpty()) {
        throw new UserException(
            "cell "
                + c.kernel()
                + " / "
                + c.toolchain()
                + " / "
                + c.arch()
                + " / "
                + c.config()
                + " no longer matches its kernel or toolchain (one changed since the run began); start a new run");
      }
    }
    store.resetInterrupted(run.id());
    int reused = (int) stored.stream().filter(c -> c.reusedFrom().isPresent()).count();
    return execute(run.id(), plan, reused, true);
  }

  /** Records an empty run that cells are added to one at a time ({@link #probe}). */
  public String startEmpty(MatrixPlan plan, String host) {
    String runId = newRunId();
    store.createRun(
        runId,
        plan.spec().file().toString(),
        plan.specText(),
        options.jobs(),
        host,
        List.of(),
        now());
    return runId;
  }

  /** Adds one cell to a run and builds it (or reuses its earlier result); its row as recorded. */
  public CellRow probe(String runId, MatrixPlan plan, MatrixPlan.Cell cell) {
    store.addCell(runId, cellPlan(cell));
    if (!options.force()) {
      reuse(runId, List.of(cell));
    }
    execute(runId, plan, 0, false);
    return store.cell(runId, cell.key()).orElseThrow();
  }

  /** Marks a run built with {@link #probe} finished. */
  public void finish(String runId) {
    store.finishRun(runId, RunStatus.DONE, now());
  }

  public static Store.CellPlan cellPlan(MatrixPlan.Cell c) {
    return new Store.CellPlan(
        c.key(),
        c.kernel().name(),
        c.toolchain().name(),
        c.arch().arch(),
        c.config().name(),
        c.stepNames());
  }

  /** Cells whose key an earlier run finished take that result instead of building again. */
  int reuse(String runId, List<MatrixPlan.Cell> cells) {
    return CellReuse.reuse(store, runId, cells, now());
  }

  private Summary execute(String runId, MatrixPlan plan, int reused, boolean finishRun) {
    long pending = store.cells(runId).stream().filter(c -> !c.finished()).count();
    int workers = (int) Math.max(1, Math.min(options.jobs(), pending));
    // make's -j: the cores shared out between the cells building at once, never below one.
    int makeJobs = Math.max(1, options.cores() / workers);
    listener.building(runId);
    Thread hook = new Thread(() -> interrupt(runId), "krt-matrix-interrupt");
    Runtime.getRuntime().addShutdownHook(hook);
    List<Thread> threads = new ArrayList<>();
    int[] built = new int[1];
    for (int i = 0; i < workers; i++) {
      Thread t =
          new Thread(
              () -> {
                try {
                  while (!stopping.get() && fatal.get() == null) {
                    Optional<CellRow> claimed = store.claimNext(runId, now());
                    if (claimed.isEmpty()) {
                      return;
                    }
                    MatrixPlan.Cell cell = plan.cell(claimed.get().key()).orElseThrow();
                    build(runId, cell, makeJobs);
                    synchronized (built) {
                      built[0]++;
                    }
                  }
                } catch (RuntimeException e) {
                  // A store that fails (busy, full disk) stops the run; it never ends "done"
                  // with cells left over.
                  fatal.compareAndSet(
                      null,
                      "the store failed ("
                          + Optional.ofNullable(e.getMessage())
                              .orElse(e.getClass().getSimpleName())
                              .lines()
                              .findFirst()
                              .orElse("")
                          + "); the run can be resumed with --resume "
                          + runId);
                }
              },
              "krt-matrix-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    if (stopping.get()) {
      // The shutdown hook owns the run's state from here.
      return summary(runId, RunStatus.INTERRUPTED, built[0], reused);
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    if (fatal.get() == null && store.cells(runId).stream().anyMatch(c -> !c.finished())) {
      fatal.compareAndSet(
          null, "cells are left unbuilt; the run can be resumed with --resume " + runId);
    }
    RunStatus status = fatal.get() == null ? RunStatus.DONE : RunStatus.FAILED;
    if (fatal.get() != null) {
      // The cell the disk filled under goes back to pending with the rest: it did not fail.
      store.markStopped(runId, status, now());
    } else if (finishRun) {
      store.finishRun(runId, status, now());
    }
    return summary(runId, status, built[0], reused);
  }

  private Summary summary(String runId, RunStatus status, int built, int reused) {
    return summary(runId, status, store.cells(runId), built, reused);
  }

  /** How a run with these cells went. */
  public static Summary summary(
      String runId, RunStatus status, List<CellRow> cells, int built, int reused) {
    int pass = (int) cells.stream().filter(c -> c.status() == CellStatus.PASS).count();
    int fail = (int) cells.stream().filter(c -> c.status() == CellStatus.FAIL).count();
    int err = (int) cells.stream().filter(c -> c.status() == CellStatus.ERROR).count();
    return new Summary(runId, status, cells.size(), built, reused, pass, fail, err);
  }

  /** Why the run stopped early, if krt could not go on (a full disk). */
  public Optional<String> fatalError() {
    return Optional.ofNullable(fatal.get());
  }

  private void build(String runId, MatrixPlan.Cell cell, int makeJobs) {
    listener.started(cell);
    CellBuilder.Built b =
        CellBuilder.build(
            new RunLayout(dataDir), runId, cell, env, makeJobs, line -> listener.line(cell, line));
    if (b.diskFull()) {
      // Every cell after this one would fail the same way: stop, keep them pending.
      fatal.compareAndSet(null, diskFull(runId));
    }
    if (stopping.get() || fatal.get() != null) {
      return; // interrupted or out of disk: the cell goes back to pending, its half-result is not
      // one
    }
    store.finishCell(runId, cell.key(), b.outcome(), now());
    store.cell(runId, cell.key()).ifPresent(row -> listener.finished(cell, row));
  }

  private String diskFull(String runId) {
    return "no space left on device (logs and builds go to "
        + dataDir
        + "); free some, then 'krt matrix run --resume "
        + runId
        + "'";
  }

  /** Ctrl-C or SIGTERM: stop the builds, put their cells back to pending, mark the run. */
  private void interrupt(String runId) {
    stopping.set(true);
    StepProcess.killAll();
    try {
      store.markStopped(runId, RunStatus.INTERRUPTED, now());
    } catch (RuntimeException e) {
      // the store is going away with us; --resume resets running cells anyway
    }
  }

  private static long now() {
    return System.currentTimeMillis();
  }
}
