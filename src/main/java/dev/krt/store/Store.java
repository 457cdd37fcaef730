package dev.krt.store;

import dev.krt.cache.KrtDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * krt's persistence: SQLite in the XDG data directory by default, PostgreSQL when a {@code
 * jdbc:postgresql:} URL is given. Both get the same Flyway migrations and the same SQL (Jdbi).
 * Every change is one transaction, so a killed run leaves the database consistent: a cell is
 * pending, running (resumable) or finished with all its steps.
 */
public final class Store implements AutoCloseable {
  private final Jdbi jdbi;
  private final String url;
  private final com.zaxxer.hikari.HikariDataSource pool;

  private Store(Jdbi jdbi, String url, com.zaxxer.hikari.HikariDataSource pool) {
    this.jdbi = jdbi;
    this.url = url;
    this.pool = pool;
  }

  /** {@code jdbc:sqlite:~/.local/share/krt/krt.db} (the data directory is created). */
  public static String defaultUrl(KrtDirs dirs) {
    return "jdbc:sqlite:" + dirs.data().resolve("krt.db");
  }

  /**
   * Opens (and migrates) the store at a JDBC URL: {@code jdbc:sqlite:FILE} or {@code
   * jdbc:postgresql://...}.
   */
  public static Store open(String url) {
    DataSource ds;
    if (url.startsWith("jdbc:sqlite:")) {
      Path file = Path.of(url.substring("jdbc:sqlite:".length()));
      try {
        if (file.getParent() != null) {
          Files.createDirectories(file.getParent());
        }
      } catch (java.io.IOException e) {
        throw new StoreException(
            "cannot create the directory of " + file + ": " + e.getMessage(), e);
      }
      org.sqlite.SQLiteConfig cfg = new org.sqlite.SQLiteConfig();
      // WAL: readers (krt serve, krt matrix show) never block the runner; a busy writer is waited
      // for.
      cfg.setJournalMode(org.sqlite.SQLiteConfig.JournalMode.WAL);
      cfg.setBusyTimeout(30_000);
      // BEGIN IMMEDIATE: a transaction that reads and then writes (claiming a cell) takes the
      // write lock up front, so two writers queue instead of failing with SQLITE_BUSY.
      cfg.setTransactionMode(org.sqlite.SQLiteConfig.TransactionMode.IMMEDIATE);
      cfg.enforceForeignKeys(true);
      cfg.setSynchronous(org.sqlite.SQLiteConfig.SynchronousMode.NORMAL);
      org.sqlite.SQLiteDataSource s = new org.sqlite.SQLiteDataSource(cfg);
      s.setUrl(url);
      ds = s;
    } else if (url.startsWith("jdbc:postgresql:")) {
      org.postgresql.ds.PGSimpleDataSource p = new org.postgresql.ds.PGSimpleDataSource();
      p.setURL(url);
      p.setConnectTimeout(10);
      p.setSocketTimeout(120);
      ds = p;
    } else {
      throw new StoreException(
          "not a store krt knows: '" + url + "' (jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)",
          null);
    }
    // A pool: opening a connection (and, for SQLite, setting its pragmas) per query is what
    // made a busy dashboard slow; a few pooled connections serve many readers.
    com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
    hc.setDataSource(ds);
    hc.setMaximumPoolSize(8);
    hc.setMinimumIdle(1);
    hc.setPoolName("krt-store");
    hc.setInitializationFailTimeout(-1);
    hc.setConnectionTimeout(30_000);
    com.zaxxer.hikari.HikariDataSource pool = new com.zaxxer.hikari.HikariDataSource(hc);
    try {
      Flyway.configure()
          .dataSource(pool)
          .locations("classpath:dev/krt/store/migration")
          .loggers("slf4j")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StoreException("cannot open the store " + redact(url) + ": " + rootMessage(e), e);
    }
    return new Store(Jdbi.create(pool), url, pool);
  }

  /** The cells of farm runs: claims, results and logs from workers on many machines. */
  public FarmCells farm() {
    return new FarmCells(this);
  }

  /**
   * The store's connections, for an engine that keeps its own tables beside krt's (JobRunr, whose
   * jobs are the farm's queue).
   */
  public DataSource dataSource() {
    return pool;
  }

  /** Whether this is a PostgreSQL store (the farm needs one: many machines share it). */
  public boolean postgres() {
    return url.startsWith("jdbc:postgresql:");
  }

  /** Closes the pooled connections. */
  @Override
  public void close() {
    pool.close();
  }

  public String url() {
    return redact(url);
  }

  /** A URL without its password, for messages. */
  static String redact(String url) {
    return url.replaceAll("(?i)(password=)[^&]*", "$1***")
        .replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
  }

  /** The first line of what the innermost cause says: a driver's message, for one-line errors. */
  public static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    String m = c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
    return m.split("\n")[0];
  }

  /** A change: one transaction (on SQLite BEGIN IMMEDIATE, so writers queue, never fail). */
  <T> T call(org.jdbi.v3.core.HandleCallback<T, RuntimeException> cb) {
    try {
      return jdbi.inTransaction(cb);
    } catch (JdbiException e) {
      throw new StoreException("store " + redact(url) + ": " + rootMessage(e), e);
    }
  }

  /** A single read: no transaction, so readers never take SQLite's write lock or wait for it. */
  <T> T read(org.jdbi.v3.core.HandleCallback<T, RuntimeException> cb) {
    try {
      return jdbi.withHandle(cb);
    } catch (JdbiException e) {
      throw new StoreException("store " + redact(url) + ": " + rootMessage(e), e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** What a new cell is before it runs. */
  public record CellPlan(
      String key, String kernel, String toolchain, String arch, String config, String steps) {
    /** {@code 6.12 / rustc-web-1.85 / x86_64 / rust}, as the cell's row labels it. */
    public String label() {
      return kernel + " / " + toolchain + " / " + arch + " / " + config;
    }
  }

  /**
   * A run for results other hosts report through krt serve's API; none of them is ever reused in
   * place of a local build.
   */
  public RunRow createRemoteRun(String id, String matrix, String host, long now) {
    return createRun(id, matrix, "", 1, host, List.of(), now, "remote");
  }

  /** Records a run and all its cells as pending, in one transaction. */
  public RunRow createRun(
      String id,
      String specPath,
      String specText,
      int jobs,
      String host,
      List<CellPlan> cells,
      long now) {
    return createRun(id, specPath, specText, jobs, host, cells, now, "local");
  }

  RunRow createRun(
      String id,
      String specPath,
      String specText,
      int jobs,
      String host,
      List<CellPlan> cells,
      long now,
      String origin) {
    return call(
        h -> {
          h.createUpdate(
                  "INSERT INTO runs (id, created_at, status, spec_path, spec_text, jobs, host, origin) VALUES (:id, :t, 'running', :p, :s, :j, :h, :origin)")
              .bind("origin", origin)
              .bind("id", id)
              .bind("t", now)
              .bind("p", specPath)
              .bind("s", specText)
              .bind("j", jobs)
              .bind("h", host)
              .execute();
          int i = 0;
          for (CellPlan c : cells) {
            h.createUpdate(
                    "INSERT INTO cells (run_id, cell_key, ordinal, kernel, toolchain, arch, config, steps, status) VALUES (:r, :k, :o, :kn, :tc, :a, :c, :s, 'pending')")
                .bind("r", id)
                .bind("k", c.key())
                .bind("o", i++)
                .bind("kn", c.kernel())
                .bind("tc", c.toolchain())
                .bind("a", c.arch())
                .bind("c", c.config())
                .bind("s", c.steps())
                .execute();
          }
          return new RunRow(
              id, now, Optional.empty(), RunStatus.RUNNING, specPath, specText, jobs, host);
        });
  }

  /** Adds a cell to a run (a bisection adds each toolchain it tries); an existing key is kept. */
  public boolean addCell(String runId, CellPlan c) {
    return call(
        h -> {
          if (h.createQuery("SELECT COUNT(*) FROM cells WHERE run_id = :r AND cell_key = :k")
                  .bind("r", runId)
                  .bind("k", c.key())
                  .mapTo(Integer.class)
                  .one()
              > 0) {
            return false;
          }
          int next =
              h.createQuery("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM cells WHERE run_id = :r")
                  .bind("r", runId)
                  .mapTo(Integer.class)
                  .one();
          h.createUpdate(
                  "INSERT INTO cells (run_id, cell_key, ordinal, kernel, toolchain, arch, config, steps, status) VALUES (:r, :k, :o, :kn, :tc, :a, :c, :s, 'pending')")
              .bind("r", runId)
              .bind("k", c.key())
              .bind("o", next)
              .bind("kn", c.kernel())
              .bind("tc", c.toolchain())
              .bind("a", c.arch())
              .bind("c", c.config())
              .bind("s", c.steps())
              .execute();
          bump(h, runId);
          return true;
        });
  }

  /**
   * A run that stopped early: by the user (Ctrl-C; status {@code interrupted}) or because krt could
   * not go on (a full disk; {@code failed}). Cells it was building go back to pending, ready for
   * {@code --resume}.
   */
  public void markStopped(String runId, RunStatus status, long now) {
    call(
        h -> {
          h.createUpdate(
                  "UPDATE cells SET status = 'pending', started_at = NULL WHERE run_id = :r AND status = 'running'")
              .bind("r", runId)
              .execute();
          return h.createUpdate(
                  "UPDATE runs SET status = :s, finished_at = :t, revision = revision + 1 WHERE id = :r")
              .bind("s", status.wire())
              .bind("t", now)
              .bind("r", runId)
              .execute();
        });
  }

  /** One cell of a run. */
  public Optional<CellRow> cell(String runId, String key) {
    return read(
        h ->
            h.createQuery("SELECT * FROM cells WHERE run_id = :r AND cell_key = :k")
                .bind("r", runId)
                .bind("k", key)
                .map(Store::cellRow)
                .findOne());
  }

  /** A cell of a run by its place in the run (0-based). */
  public Optional<CellRow> cellAt(String runId, int ordinal) {
    return read(
        h ->
            h.createQuery("SELECT * FROM cells WHERE run_id = :r AND ordinal = :o")
                .bind("r", runId)
                .bind("o", ordinal)
                .map(Store::cellRow)
                .findFirst());
  }

  /** How many cells of a run are in each status, without loading them. */
  public java.util.Map<String, Integer> counts(String runId) {
    return read(
        h -> {
          java.util.Map<String, Integer> m = new java.util.TreeMap<>();
          h.createQuery("SELECT status, COUNT(*) AS n FROM cells WHERE run_id = :r GROUP BY status")
              .bind("r", runId)
              .map((rs, ctx) -> java.util.Map.entry(rs.getString("status"), rs.getInt("n")))
              .forEach(e -> m.put(e.getKey(), e.getValue()));
          return m;
        });
  }

  /**
   * How many cells of each of these runs are in each status, in one query: a page of the run list
   * costs one round trip, not one per run.
   */
  public java.util.Map<String, java.util.Map<String, Integer>> counts(
      java.util.Collection<String> runIds) {
    java.util.Map<String, java.util.Map<String, Integer>> all = new java.util.HashMap<>();
    runIds.forEach(id -> all.put(id, new java.util.TreeMap<>()));
    if (runIds.isEmpty()) {
      return all;
    }
    read(
        h -> {
          h.createQuery(
                  "SELECT run_id, status, COUNT(*) AS n FROM cells WHERE run_id IN (<ids>) GROUP BY run_id, status")
              .bindList("ids", List.copyOf(runIds))
              .map((rs, ctx) -> new Object[] {rs.getString(1), rs.getString(2), rs.getInt(3)})
              .forEach(r -> all.get((String) r[0]).put((String) r[1], (Integer) r[2]));
          return null;
        });
    return all;
  }

  /**
   * A page of runs, newest first: at most {@code limit}, those after the run {@code before} (by the
   * same order) when given. Keyset paging: a page costs the same however many runs there are. An
   * unknown {@code before} gives an empty page.
   */
  public List<RunRow> runs(int limit, Optional<String> before) {
    return read(
        h -> {
          if (before.isEmpty()) {
            return h.createQuery("SELECT * FROM runs ORDER BY created_at DESC, id DESC LIMIT :n")
                .bind("n", limit)
                .map(Store::runRow)
                .list();
          }
          return h.createQuery(
                  "SELECT r.* FROM runs r, runs b WHERE b.id = :b AND (r.created_at < b.created_at OR (r.created_at = b.created_at AND r.id < b.id)) ORDER BY r.created_at DESC, r.id DESC LIMIT :n")
              .bind("b", before.get())
              .bind("n", limit)
              .map(Store::runRow)
              .list();
        });
  }

  /**
   * A run's revision: it goes up with every change to the run or its cells, so a cached view of the
   * run is current while this is the same. Empty for an unknown run.
   */
  public Optional<Long> revision(String runId) {
    return read(
        h ->
            h.createQuery("SELECT revision FROM runs WHERE id = :r")
                .bind("r", runId)
                .mapTo(Long.class)
                .findOne());
  }

  /** Records which process builds a run now ({@code HOST PID START-MILLIS}). */
  public void setOwner(String runId, String owner) {
    call(
        h ->
            h.createUpdate("UPDATE runs SET owner = :o WHERE id = :r")
                .bind("o", owner)
                .bind("r", runId)
                .execute());
  }

  /** The process that last built the run, if one was recorded. */
  public Optional<String> owner(String runId) {
    return read(
        h ->
            h.createQuery("SELECT owner FROM runs WHERE id = :r")
                .bind("r", runId)
                .mapTo(String.class)
                .findOne());
  }

  /** What became of a reported cell. */
  public enum Report {
    CREATED,
    SAME,
    CONFLICT,
    /** The run is built by krt matrix run with this store: it takes no reports. */
    LOCAL_RUN
  }

  /**
   * A finished cell reported by a remote runner, idempotent per cell key: the first report is
   * recorded (cell, steps, outcome, in one transaction); the same report again changes nothing; a
   * different outcome for a finished key is a conflict and changes nothing either.
   */
  public Report reportCell(String runId, CellPlan plan, Outcome o, long now) {
    // Concurrent first reports of one key (PostgreSQL runs them side by side) both find no row;
    // the second insert then breaks the primary key, and its retry sees the first's row.
    for (int attempt = 1; ; attempt++) {
      try {
        return reportCellOnce(runId, plan, o, now);
      } catch (StoreException e) {
        if (attempt >= 5 || !integrityViolation(e)) {
          throw e;
        }
      }
    }
  }

  private static boolean integrityViolation(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && ((s.getSQLState() != null && s.getSQLState().startsWith("23"))
              || String.valueOf(s.getMessage()).contains("SQLITE_CONSTRAINT"))) {
        return true;
      }
    }
    return false;
  }

  private Report reportCellOnce(String runId, CellPlan plan, Outcome o, long now) {
    return call(
        h -> {
          String origin =
              h.createQuery("SELECT origin FROM runs WHERE id = :r")
                  .bind("r", runId)
                  .mapTo(String.class)
                  .findOne()
                  .orElse("local");
          if (!origin.equals("remote")) {
            return Report.LOCAL_RUN;
          }
          Optional<CellRow> existing =
              h.createQuery("SELECT * FROM cells WHERE run_id = :r AND cell_key = :k")
                  .bind("r", runId)
                  .bind("k", plan.key())
                  .map(Store::cellRow)
                  .findOne();
          if (existing.isPresent() && existing.get().finished()) {
            CellRow e = existing.get();
            boolean same =
                e.status().equals(o.status())
                    && e.kernel().equals(plan.kernel())
                    && e.toolchain().equals(plan.toolchain())
                    && e.arch().equals(plan.arch())
                    && e.config().equals(plan.config())
                    && e.classification().equals(o.classification())
                    && e.failedStep().equals(o.failedStep())
                    && e.firstError().equals(o.firstError());
            return same ? Report.SAME : Report.CONFLICT;
          }
          if (existing.isEmpty()) {
            int next =
                h.createQuery("SELECT COALESCE(MAX(ordinal) + 1, 0) FROM cells WHERE run_id = :r")
                    .bind("r", runId)
                    .mapTo(Integer.class)
                    .one();
            h.createUpdate(
                    "INSERT INTO cells (run_id, cell_key, ordinal, kernel, toolchain, arch, config, steps, status, started_at) VALUES (:r, :k, :o, :kn, :tc, :a, :c, :s, 'running', :t)")
                .bind("r", runId)
                .bind("k", plan.key())
                .bind("o", next)
                .bind("kn", plan.kernel())
                .bind("tc", plan.toolchain())
                .bind("a", plan.arch())
                .bind("c", plan.config())
                .bind("s", plan.steps())
                .bind("t", now - o.durationMs())
                .execute();
          }
          finish(h, runId, plan.key(), o, now);
          return Report.CREATED;
        });
  }

  /** The run made from the results with this digest, if one was imported already. */
  public Optional<String> importedRun(String digest) {
    return read(
        h ->
            h.createQuery("SELECT id FROM runs WHERE import_digest = :d")
                .bind("d", digest)
                .mapTo(String.class)
                .findOne());
  }

  /** A finished cell of an imported run, with when it ran and its place in the matrix file. */
  public record ImportedCell(
      CellPlan plan, int ordinal, long startedAt, long finishedAt, Outcome outcome) {}

  /**
   * Records a finished run from results built elsewhere (origin {@code import}: never reused in
   * place of a build here), in one transaction; if a run was already made from the same results
   * ({@code digest}), changes nothing and gives that run's id instead.
   */
  public String importRun(
      String id,
      String specPath,
      String specText,
      String host,
      String digest,
      List<ImportedCell> cells,
      long createdAt,
      long finishedAt) {
    for (int attempt = 1; ; attempt++) {
      try {
        return call(
            h -> {
              Optional<String> existing =
                  h.createQuery("SELECT id FROM runs WHERE import_digest = :d")
                      .bind("d", digest)
                      .mapTo(String.class)
                      .findOne();
              if (existing.isPresent()) {
                return existing.get();
              }
              h.createUpdate(
                      "INSERT INTO runs (id, created_at, finished_at, status, spec_path, spec_text, jobs, host, origin, import_digest) VALUES (:id, :t, :f, 'done', :p, :s, 1, :h, 'import', :d)")
                  .bind("id", id)
                  .bind("t", createdAt)
                  .bind("f", finishedAt)
                  .bind("p", specPath)
                  .bind("s", specText)
                  .bind("h", host)
                  .bind("d", digest)
                  .execute();
              for (ImportedCell c : cells) {
                h.createUpdate(
                        "INSERT INTO cells (run_id, cell_key, ordinal, kernel, toolchain, arch, config, steps, status, started_at) VALUES (:r, :k, :o, :kn, :tc, :a, :c, :s, 'running', :t)")
                    .bind("r", id)
                    .bind("k", c.plan().key())
                    .bind("o", c.ordinal())
                    .bind("kn", c.plan().kernel())
                    .bind("tc", c.plan().toolchain())
                    .bind("a", c.plan().arch())
                    .bind("c", c.plan().config())
                    .bind("s", c.plan().steps())
                    .bind("t", c.startedAt())
                    .execute();
                finish(h, id, c.plan().key(), c.outcome(), c.finishedAt());
              }
              return id;
            });
      } catch (StoreException e) {
        // Two imports of the same results at once: the second breaks the digest's unique index,
        // and its retry finds the first's run.
        if (attempt >= 3 || !integrityViolation(e)) {
          throw e;
        }
      }
    }
  }

  public Optional<RunRow> run(String id) {
    return read(
        h ->
            h.createQuery("SELECT * FROM runs WHERE id = :id")
                .bind("id", id)
                .map(Store::runRow)
                .findOne());
  }

  /** Every run, newest first. */
  public List<RunRow> runs() {
    return read(
        h ->
            h.createQuery("SELECT * FROM runs ORDER BY created_at DESC, id DESC")
                .map(Store::runRow)
                .list());
  }

  public List<CellRow> cells(String runId) {
    return read(
        h ->
            h.createQuery("SELECT * FROM cells WHERE run_id = :r ORDER BY ordinal")
                .bind("r", runId)
                .map(Store::cellRow)
                .list());
  }

  public List<StepRow> steps(String runId, String cellKey) {
    return read(
        h ->
            h.createQuery(
                    "SELECT * FROM steps WHERE run_id = :r AND cell_key = :k ORDER BY ordinal")
                .bind("r", runId)
                .bind("k", cellKey)
                .map(Store::stepRow)
                .list());
  }

  /** Every test of a run's cells, by cell key, each cell's in the kernel's order. */
  public java.util.Map<String, List<TestRow>> tests(String runId) {
    java.util.Map<String, List<TestRow>> out = new java.util.LinkedHashMap<>();
    read(h ->
            h.createQuery("SELECT * FROM tests WHERE run_id = :r ORDER BY cell_key, ordinal")
                .bind("r", runId)
                .map((rs, ctx) -> java.util.Map.entry(rs.getString("cell_key"), testRow(rs)))
                .list())
        .forEach(
            e ->
                out.computeIfAbsent(e.getKey(), k -> new java.util.ArrayList<>())
                    .add(e.getValue()));
    return out;
  }

  private static TestRow testRow(java.sql.ResultSet rs) throws java.sql.SQLException {
    return new TestRow(
        rs.getString("suite"),
        rs.getString("test"),
        StepStatus.of(rs.getString("status")),
        Optional.ofNullable(rs.getString("lines")));
  }

  /** The tests a cell's kunit step ran, in the order the kernel reported them. */
  public List<TestRow> tests(String runId, String cellKey) {
    return read(
        h ->
            h.createQuery(
                    "SELECT * FROM tests WHERE run_id = :r AND cell_key = :k ORDER BY ordinal")
                .bind("r", runId)
                .bind("k", cellKey)
                .map((rs, ctx) -> testRow(rs))
                .list());
  }

  /**
   * Takes the next pending cell of a run and marks it running, atomically: two runners never take
   * the same cell.
   */
  public Optional<CellRow> claimNext(String runId, long now) {
    return call(
        h -> {
          List<String> keys =
              h.createQuery(
                      "SELECT cell_key FROM cells WHERE run_id = :r AND status = 'pending' ORDER BY ordinal")
                  .bind("r", runId)
                  .mapTo(String.class)
                  .list();
          for (String k : keys) {
            int n =
                h.createUpdate(
                        "UPDATE cells SET status = 'running', started_at = :t WHERE run_id = :r AND cell_key = :k AND status = 'pending'")
                    .bind("t", now)
                    .bind("r", runId)
                    .bind("k", k)
                    .execute();
            if (n == 1) {
              bump(h, runId);
              return h.createQuery("SELECT * FROM cells WHERE run_id = :r AND cell_key = :k")
                  .bind("r", runId)
                  .bind("k", k)
                  .map(Store::cellRow)
                  .findOne();
            }
          }
          return Optional.empty();
        });
  }

  /** How a cell ended. */
  public record Outcome(
      CellStatus status,
      long durationMs,
      Optional<String> failedStep,
      Optional<String> classification,
      Optional<String> firstError,
      Optional<String> logPath,
      Optional<Long> logLines,
      Optional<String> metadataJson,
      Optional<String> reusedFrom,
      List<StepRow> steps,
      List<TestRow> tests) {
    /** The same outcome with its log and metadata where this store keeps them, reused from none. */
    public Outcome withLog(
        Optional<String> logPath, Optional<Long> logLines, Optional<String> metadataJson) {
      return new Outcome(
          status,
          durationMs,
          failedStep,
          classification,
          firstError,
          logPath,
          logLines,
          metadataJson,
          Optional.empty(),
          steps,
          tests);
    }

    /** An outcome with no tests (a cell with no kunit step). */
    public Outcome(
        CellStatus status,
        long durationMs,
        Optional<String> failedStep,
        Optional<String> classification,
        Optional<String> firstError,
        Optional<String> logPath,
        Optional<Long> logLines,
        Optional<String> metadataJson,
        Optional<String> reusedFrom,
        List<StepRow> steps) {
      this(
          status,
          durationMs,
          failedStep,
          classification,
          firstError,
          logPath,
          logLines,
          metadataJson,
          reusedFrom,
          steps,
          List.of());
    }
  }

  /** Records a cell's outcome and its steps, in one transaction. */
  public void finishCell(String runId, String cellKey, Outcome o, long now) {
    call(
        h -> {
          finish(h, runId, cellKey, o, now);
          return null;
        });
  }

  static void finish(org.jdbi.v3.core.Handle h, String runId, String cellKey, Outcome o, long now) {
    h.createUpdate("DELETE FROM steps WHERE run_id = :r AND cell_key = :k")
        .bind("r", runId)
        .bind("k", cellKey)
        .execute();
    int i = 0;
    for (StepRow s : o.steps()) {
      h.createUpdate(
              "INSERT INTO steps (run_id, cell_key, ordinal, name, status, exit_code, duration_ms, classification, first_error) VALUES (:r, :k, :o, :n, :s, :e, :d, :c, :f)")
          .bind("r", runId)
          .bind("k", cellKey)
          .bind("o", i++)
          .bind("n", s.name())
          .bind("s", s.status().wire())
          .bind("e", s.exitCode().orElse(null))
          .bind("d", s.durationMs())
          .bind("c", s.classification().orElse(null))
          .bind("f", s.firstError().orElse(null))
          .execute();
    }
    h.createUpdate("DELETE FROM tests WHERE run_id = :r AND cell_key = :k")
        .bind("r", runId)
        .bind("k", cellKey)
        .execute();
    if (!o.tests().isEmpty()) {
      org.jdbi.v3.core.statement.PreparedBatch b =
          h.prepareBatch(
              "INSERT INTO tests (run_id, cell_key, ordinal, suite, test, status, lines) VALUES (:r, :k, :o, :su, :t, :s, :l)");
      int t = 0;
      for (TestRow x : o.tests()) {
        b.bind("r", runId)
            .bind("k", cellKey)
            .bind("o", t++)
            .bind("su", x.suite())
            .bind("t", x.test())
            .bind("s", x.status().wire())
            .bind("l", x.lines().orElse(null))
            .add();
      }
      b.execute();
    }
    int n =
        h.createUpdate(
                "UPDATE cells SET status = :s, finished_at = :t, duration_ms = :d, failed_step = :fs, classification = :c, first_error = :fe, log_path = :l, log_lines = :ll, metadata_json = :m, reused_from = :u WHERE run_id = :r AND cell_key = :k")
            .bind("s", o.status().wire())
            .bind("t", now)
            .bind("d", o.durationMs())
            .bind("fs", o.failedStep().orElse(null))
            .bind("c", o.classification().orElse(null))
            .bind("fe", o.firstError().orElse(null))
            .bind("l", o.logPath().orElse(null))
            .bind("ll", o.logLines().orElse(null))
            .bind("m", o.metadataJson().orElse(null))
            .bind("u", o.reusedFrom().orElse(null))
            .bind("r", runId)
            .bind("k", cellKey)
            .execute();
    if (n != 1) {
      throw new IllegalStateException("no cell " + cellKey + " in run " + runId);
    }
    bump(h, runId);
  }

  static void bump(org.jdbi.v3.core.Handle h, String runId) {
    h.createUpdate("UPDATE runs SET revision = revision + 1 WHERE id = :r")
        .bind("r", runId)
        .execute();
  }

  /** Resuming a run that was killed: its running cells go back to pending (they start over). */
  public int resetInterrupted(String runId) {
    return call(
        h -> {
          h.createUpdate(
                  "UPDATE runs SET status = 'running', finished_at = NULL, revision = revision + 1 WHERE id = :r")
              .bind("r", runId)
              .execute();
          return h.createUpdate(
                  "UPDATE cells SET status = 'pending', started_at = NULL WHERE run_id = :r AND status = 'running'")
              .bind("r", runId)
              .execute();
        });
  }

  public void finishRun(String runId, RunStatus status, long now) {
    call(
        h ->
            h.createUpdate(
                    "UPDATE runs SET status = :s, finished_at = :t, revision = revision + 1 WHERE id = :r")
                .bind("s", status.wire())
                .bind("t", now)
                .bind("r", runId)
                .execute());
  }

  /**
   * The newest finished result of a cell with this key in an earlier local or farm run (both built
   * by krt itself), to reuse when nothing changed. A reported (remote) result never stands in for a
   * build: anyone with the server's token can post one.
   */
  public Optional<CellRow> latestResult(String cellKey, String exceptRun) {
    return read(
        h ->
            h.createQuery(
                    "SELECT * FROM cells WHERE cell_key = :k AND run_id <> :r AND status IN ('pass', 'fail') AND reused_from IS NULL AND run_id IN (SELECT id FROM runs WHERE origin IN ('local', 'farm')) ORDER BY finished_at DESC")
                .bind("k", cellKey)
                .bind("r", exceptRun)
                .map(Store::cellRow)
                .findFirst());
  }

  // ---------------------------------------------------------------------------------------------

  private static Optional<String> str(ResultSet rs, String c) throws SQLException {
    return Optional.ofNullable(rs.getString(c));
  }

  private static Optional<Long> lng(ResultSet rs, String c) throws SQLException {
    long v = rs.getLong(c);
    return rs.wasNull() ? Optional.empty() : Optional.of(v);
  }

  static RunRow runRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new RunRow(
        rs.getString("id"),
        rs.getLong("created_at"),
        lng(rs, "finished_at"),
        RunStatus.of(rs.getString("status")),
        rs.getString("spec_path"),
        rs.getString("spec_text"),
        rs.getInt("jobs"),
        rs.getString("host"));
  }

  static CellRow cellRow(ResultSet rs, StatementContext ctx) throws SQLException {
    return new CellRow(
        rs.getString("run_id"),
        rs.getString("cell_key"),
        rs.getInt("ordinal"),
        rs.getString("kernel"),
        rs.getString("toolchain"),
        rs.getString("arch"),
        rs.getString("config"),
        rs.getString("steps"),
        CellStatus.of(rs.getString("status")),
        str(rs, "reused_from"),
        lng(rs, "started_at"),
        lng(rs, "finished_at"),
        lng(rs, "duration_ms"),
        str(rs, "failed_step"),
        str(rs, "classification"),
        str(rs, "first_error"),
        str(rs, "log_path"),
        lng(rs, "log_lines"),
        str(rs, "metadata_json"),
        str(rs, "worker"));
  }

  private static StepRow stepRow(ResultSet rs, StatementContext ctx) throws SQLException {
    int e = rs.getInt("exit_code");
    Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(e);
    return new StepRow(
        rs.getString("name"),
        StepStatus.of(rs.getString("status")),
        exit,
        rs.getLong("duration_ms"),
        str(rs, "classification"),
        str(rs, "first_error"));
  }
}
