package dev.krt.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.krt.testing.Databases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store on a real SQLite file and a real PostgreSQL server, with the same code and migrations.
 */
class StoreTest {
  @TempDir static Path tmp;

  static String url(String kind) throws Exception {
    return url(kind, tmp);
  }

  /** A fresh store of that kind: a SQLite file under {@code dir}, or a new PostgreSQL schema. */
  static String url(String kind, Path dir) throws Exception {
    if (kind.equals("sqlite")) {
      return "jdbc:sqlite:" + dir.resolve("db-" + UUID.randomUUID() + "/krt.db");
    }
    // A fresh schema per test on the shared server, so runs never see each other.
    String base = Databases.postgres();
    String schema = "t" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base)) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    return base + "&currentSchema=" + schema;
  }

  static List<Store.CellPlan> plans(int n) {
    List<Store.CellPlan> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(
          new Store.CellPlan(
              "key" + i, "linux-6.12", "tc" + i, "x86_64", "rust", "rustavailable,config,rust"));
    }
    return out;
  }

  static Store.Outcome failed(long ms) {
    Store.Outcome p = pass(ms);
    return new Store.Outcome(
        CellStatus.FAIL,
        ms,
        Optional.of("config"),
        Optional.of("rustc-error"),
        Optional.of("error[E0425]"),
        p.logPath(),
        p.logLines(),
        p.metadataJson(),
        Optional.empty(),
        p.steps());
  }

  static Store.Outcome pass(long ms) {
    return new Store.Outcome(
        CellStatus.PASS,
        ms,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.of("/logs/x.log.gz"),
        Optional.of(12L),
        Optional.of("{}"),
        Optional.empty(),
        List.of(
            new StepRow(
                "rustavailable",
                StepStatus.PASS,
                Optional.of(0),
                10,
                Optional.empty(),
                Optional.empty()),
            new StepRow(
                "config",
                StepStatus.PASS,
                Optional.of(0),
                ms - 10,
                Optional.empty(),
                Optional.empty())));
  }

  /**
   * Anyone with the server's token can post a result: a reported pass must never stand in for a
   * local build, and a local run's cells cannot be reported at all.
   */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void reportedResultsAreNeverReusedAndLocalRunsTakeNoReports(String kind) throws Exception {
    Store s = Store.open(url(kind));
    s.createRemoteRun("remote", "ci", "runner-7", 1000);
    Store.CellPlan k = plans(1).get(0);
    assertThat(s.reportCell("remote", k, pass(500), 1100)).isEqualTo(Store.Report.CREATED);
    s.createRun("local", "/m.yaml", "kernels: []", 1, "host", plans(1), 2000);
    assertThat(s.latestResult(k.key(), "local")).as("a reported result").isEmpty();
    assertThat(s.reportCell("local", k, pass(500), 2100)).isEqualTo(Store.Report.LOCAL_RUN);
    assertThat(s.cells("local").get(0).status()).isEqualTo(CellStatus.PENDING);
    s.claimNext("local", 2200);
    s.finishCell("local", k.key(), pass(400), 2300);
    s.createRun("later", "/m.yaml", "kernels: []", 1, "host", plans(1), 3000);
    assertThat(s.latestResult(k.key(), "later")).map(CellRow::runId).contains("local");
  }

  /** 16 hosts report one key at once, half pass, half fail: one report wins, none errors. */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void parallelConflictingReportsOfOneKeyRecordOne(String kind) throws Exception {
    Store s = Store.open(url(kind));
    s.createRemoteRun("remote", "ci", "runner", 1000);
    Store.CellPlan k = plans(1).get(0);
    java.util.concurrent.ExecutorService pool =
        java.util.concurrent.Executors.newFixedThreadPool(16);
    try {
      java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
      List<java.util.concurrent.Future<Store.Report>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        Store.Outcome o = i % 2 == 0 ? pass(500) : failed(500);
        fs.add(
            pool.submit(
                () -> {
                  go.await();
                  return s.reportCell("remote", k, o, 1100);
                }));
      }
      go.countDown();
      List<Store.Report> got = new java.util.ArrayList<>();
      for (var f : fs) {
        got.add(f.get());
      }
      assertThat(got).filteredOn(r -> r == Store.Report.CREATED).hasSize(1);
      assertThat(got).allMatch(r -> r != Store.Report.LOCAL_RUN);
      assertThat(s.cells("remote")).hasSize(1);
      assertThat(s.steps("remote", k.key())).hasSize(2);
    } finally {
      pool.shutdownNow();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aRunFromStartToEnd(String kind) throws Exception {
    String u = url(kind);
    Store s = Store.open(u);
    s.createRun("r1", "/m.yaml", "kernels: []", 2, "host", plans(3), 1000);
    assertThat(s.cells("r1"))
        .extracting(c -> c.status().wire())
        .containsExactly("pending", "pending", "pending");
    CellRow c = s.claimNext("r1", 1100).orElseThrow();
    assertThat(c.key()).isEqualTo("key0");
    assertThat(c.status()).isEqualTo(CellStatus.RUNNING);
    s.finishCell("r1", "key0", pass(500), 1600);
    CellRow done = s.cells("r1").get(0);
    assertThat(done.status()).isEqualTo(CellStatus.PASS);
    assertThat(done.durationMs()).contains(500L);
    assertThat(done.logLines()).contains(12L);
    assertThat(s.steps("r1", "key0"))
        .extracting(StepRow::name)
        .containsExactly("rustavailable", "config");
    // A second run of the same matrix finds the earlier result by key.
    s.createRun("r2", "/m.yaml", "kernels: []", 2, "host", plans(3), 2000);
    assertThat(s.latestResult("key0", "r2")).map(CellRow::runId).contains("r1");
    assertThat(s.latestResult("key1", "r2")).isEmpty();
    s.finishRun("r1", RunStatus.DONE, 3000);
    assertThat(s.runs()).extracting(RunRow::id).containsExactly("r2", "r1");
    assertThat(s.run("r1").get().finishedAt()).contains(3000L);
    // Opening again migrates nothing twice and keeps everything.
    assertThat(Store.open(u).runs()).extracting(RunRow::id).containsExactly("r2", "r1");
  }

  /** Keyset pages: newest first, ties by id, each run once, the counts of a page in one answer. */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void runsArePagedNewestFirstWithTheirCounts(String kind) throws Exception {
    try (Store s = Store.open(url(kind))) {
      List<String> expected = new ArrayList<>();
      for (int i = 0; i < 25; i++) {
        // three runs share each start time: the id breaks the tie
        String id = String.format("run-%02d", i);
        s.createRun(id, "/m.yaml", "", 1, "h", plans(i % 4), 1000 + i / 3);
        expected.add(id);
      }
      java.util.Collections.reverse(expected); // same time: the larger id first, as the order says
      List<String> seen = new ArrayList<>();
      Optional<String> before = Optional.empty();
      for (int page = 0; page < 10; page++) {
        List<RunRow> p = s.runs(4, before);
        if (p.isEmpty()) {
          break;
        }
        p.forEach(r -> seen.add(r.id()));
        before = Optional.of(p.get(p.size() - 1).id());
      }
      assertThat(seen).isEqualTo(expected);
      assertThat(s.runs(4, Optional.of("no-such-run"))).isEmpty();
      s.finishCell("run-03", "key0", pass(1), 2000);
      var counts = s.counts(List.of("run-03", "run-04", "run-00"));
      assertThat(counts.get("run-03"))
          .containsExactlyInAnyOrderEntriesOf(java.util.Map.of("pass", 1, "pending", 2));
      assertThat(counts.get("run-04")).isEmpty();
      assertThat(counts.get("run-00")).isEmpty();
      assertThat(s.counts(List.of())).isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aKilledRunResumesWithoutLosingOrRepeatingACell(String kind) throws Exception {
    String u = url(kind);
    Store s = Store.open(u);
    s.createRun("r", "/m.yaml", "", 2, "host", plans(4), 0);
    s.claimNext("r", 1);
    s.finishCell("r", "key0", pass(100), 2);
    s.claimNext("r", 3); // key1 running when the runner is killed
    Store again = Store.open(u);
    assertThat(again.resetInterrupted("r")).isEqualTo(1);
    List<String> order = new ArrayList<>();
    for (Optional<CellRow> c = again.claimNext("r", 10);
        c.isPresent();
        c = again.claimNext("r", 10)) {
      order.add(c.get().key());
      again.finishCell("r", c.get().key(), pass(1), 11);
    }
    assertThat(order).containsExactly("key1", "key2", "key3");
    assertThat(again.cells("r")).extracting(c -> c.status().wire()).containsOnly("pass");
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void concurrentRunnersNeverTakeTheSameCell(String kind) throws Exception {
    String u = url(kind);
    Store.open(u).createRun("r", "/m.yaml", "", 4, "host", plans(40), 0);
    Set<String> taken = ConcurrentHashMap.newKeySet();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Integer>> fs = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      fs.add(
          pool.submit(
              () -> {
                Store s = Store.open(u);
                int n = 0;
                for (Optional<CellRow> c = s.claimNext("r", 1);
                    c.isPresent();
                    c = s.claimNext("r", 1)) {
                  assertThat(taken.add(c.get().key())).as("taken twice: " + c.get().key()).isTrue();
                  s.finishCell("r", c.get().key(), pass(1), 2);
                  n++;
                }
                return n;
              }));
    }
    int total = 0;
    for (Future<Integer> f : fs) {
      total += f.get();
    }
    pool.shutdown();
    assertThat(total).isEqualTo(40);
    assertThat(taken).hasSize(40);
  }

  @org.junit.jupiter.api.Test
  void badUrlsAreOneLineErrors() throws Exception {
    assertThat(catchThrowable(() -> Store.open("mysql://x")))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("not a store krt knows");
    Throwable t =
        catchThrowable(
            () -> Store.open("jdbc:postgresql://127.0.0.1:1/none?user=u&password=secret"));
    assertThat(t)
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("cannot open the store")
        .hasMessageNotContaining("secret");
    Path notDb =
        Files.writeString(
            tmp.resolve("garbage.db"), "this is not a database, just text ".repeat(200));
    assertThat(catchThrowable(() -> Store.open("jdbc:sqlite:" + notDb)))
        .isInstanceOf(StoreException.class)
        .hasMessageContaining("garbage.db");
    assertThat(Files.readString(notDb)).startsWith("this is not a database"); // untouched
  }
}
