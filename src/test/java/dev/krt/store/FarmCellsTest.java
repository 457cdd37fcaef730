package dev.krt.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The farm's claims and results on the real stores: a cell has one result however many workers
 * start it, and a worker given up for dead records nothing when it comes back.
 */
class FarmCellsTest {
  @TempDir static Path tmp;

  private static final byte[] LOG = {
    0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0
  };

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aComebackWorkerRecordsNothingAndTheLastResultEndsTheRun(String kind) throws Exception {
    try (Store s = Store.open(StoreTest.url(kind, tmp))) {
      FarmCells farm = s.farm();
      farm.createRun("r1", "/m.yaml", "kernels: []", 1, "h", StoreTest.plans(2), 1);
      assertThat(farm.isFarmRun("r1")).isTrue();

      int a = farm.claim("r1", "key0", "w-a", "A", List.of("A", "B"), 2).orElseThrow();
      // B may not take a cell a live worker holds ...
      assertThat(farm.claim("r1", "key0", "w-b", "B", List.of("A", "B"), 3)).isEmpty();
      // ... but takes it once A is no longer alive.
      int b = farm.claim("r1", "key0", "w-b", "B", List.of("B"), 4).orElseThrow();
      assertThat(b).isGreaterThan(a);

      // A comes back and finishes: its attempt is gone, nothing is recorded.
      assertThat(
              farm.finish(
                  "r1",
                  "key0",
                  a,
                  StoreTest.failed(9),
                  Optional.of(new FarmCells.Log(LOG, false)),
                  5))
          .isFalse();
      assertThat(s.cell("r1", "key0").orElseThrow().status()).isEqualTo(CellStatus.RUNNING);
      assertThat(s.cell("r1", "key0").orElseThrow().worker()).contains("w-b");

      assertThat(
              farm.finish(
                  "r1",
                  "key0",
                  b,
                  StoreTest.pass(7),
                  Optional.of(new FarmCells.Log(LOG, false)),
                  6))
          .isTrue();
      // Once: the same attempt again, or a claim of a finished cell, change nothing.
      assertThat(farm.finish("r1", "key0", b, StoreTest.failed(8), Optional.empty(), 7)).isFalse();
      assertThat(farm.claim("r1", "key0", "w-a", "A", List.of("A"), 8)).isEmpty();
      CellRow done = s.cell("r1", "key0").orElseThrow();
      assertThat(done.status()).isEqualTo(CellStatus.PASS);
      assertThat(done.worker()).contains("w-b");
      assertThat(s.steps("r1", "key0")).hasSize(2);
      assertThat(farm.log(done).orElseThrow().gzip()).isEqualTo(LOG);
      assertThat(s.run("r1").orElseThrow().status()).isEqualTo(RunStatus.RUNNING);

      // A worker stopping hands its cell back; then the cell is claimed and ends the run.
      int c = farm.claim("r1", "key1", "w-a", "A", List.of("A"), 9).orElseThrow();
      assertThat(farm.release("r1", "key1", c)).isTrue();
      assertThat(s.cell("r1", "key1").orElseThrow().status()).isEqualTo(CellStatus.PENDING);
      assertThat(farm.finish("r1", "key1", c, StoreTest.pass(1), Optional.empty(), 10)).isFalse();
      int d = farm.claim("r1", "key1", "w-b", "B", List.of("A", "B"), 11).orElseThrow();
      assertThat(farm.finish("r1", "key1", d, StoreTest.pass(1), Optional.empty(), 12)).isTrue();
      assertThat(s.run("r1").orElseThrow().status()).isEqualTo(RunStatus.DONE);
      // A farm result stands in for a later build of the same key, with its log.
      CellRow reusable = s.latestResult("key0", "r2").orElseThrow();
      assertThat(reusable.runId()).isEqualTo("r1");
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void aCellNoLiveWorkerCanBuildEndsWithTheirReasons(String kind) throws Exception {
    try (Store s = Store.open(StoreTest.url(kind, tmp))) {
      FarmCells farm = s.farm();
      farm.createRun("r1", "/m.yaml", "", 1, "h", StoreTest.plans(1), 1);
      farm.refuse("r1", "key0", "A", "w-a", "worker w-a has no toolchain 'tc0'", 2);
      farm.refuse("r1", "key0", "A", "w-a", "worker w-a has no toolchain 'tc0'", 3);
      farm.refuse("r1", "key0", "B", "w-b", "worker w-b has no toolchain 'tc0'", 4);
      assertThat(farm.refusals("r1", "key0"))
          .extracting(FarmCells.Refusal::worker)
          .containsExactly("w-a", "w-b");
      // Held by a live worker: not for the refusers to end.
      int a = farm.claim("r1", "key0", "w-c", "C", List.of("A", "B", "C"), 5).orElseThrow();
      assertThat(farm.endUnbuildable("r1", "key0", List.of("A", "B", "C"), "none", 6)).isFalse();
      // Its holder died: the cell ends as an error saying why, and so does the run.
      assertThat(farm.endUnbuildable("r1", "key0", List.of("A", "B"), "no worker can build it", 7))
          .isTrue();
      CellRow c = s.cell("r1", "key0").orElseThrow();
      assertThat(c.status()).isEqualTo(CellStatus.ERROR);
      assertThat(c.classification()).contains("no-worker");
      assertThat(c.firstError()).contains("no worker can build it");
      assertThat(farm.finish("r1", "key0", a, StoreTest.pass(1), Optional.empty(), 8)).isFalse();
      assertThat(s.run("r1").orElseThrow().status()).isEqualTo(RunStatus.DONE);
    }
  }

  /** Many workers at once on one cell: one claim wins each round, and one result is recorded. */
  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "postgresql"})
  void workersRacingForOneCellRecordItOnce(String kind) throws Exception {
    try (Store s = Store.open(StoreTest.url(kind, tmp))) {
      FarmCells farm = s.farm();
      farm.createRun("r1", "/m.yaml", "", 1, "h", StoreTest.plans(1), 1);
      ExecutorService pool = Executors.newFixedThreadPool(8);
      Set<String> recorded = ConcurrentHashMap.newKeySet();
      List<Future<?>> fs = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) {
        String w = "W" + i;
        fs.add(
            pool.submit(
                () -> {
                  // Each sees only itself alive: every claim may take the cell from the others.
                  Optional<Integer> at = farm.claim("r1", "key0", w, w, List.of(w), 2);
                  if (at.isPresent()
                      && farm.finish(
                          "r1", "key0", at.get(), StoreTest.pass(1), Optional.empty(), 3)) {
                    recorded.add(w);
                  }
                  return null;
                }));
      }
      for (Future<?> f : fs) {
        f.get();
      }
      pool.shutdown();
      assertThat(recorded).hasSize(1);
      assertThat(s.cell("r1", "key0").orElseThrow().worker()).contains(recorded.iterator().next());
      assertThat(s.run("r1").orElseThrow().status()).isEqualTo(RunStatus.DONE);
    }
  }
}
