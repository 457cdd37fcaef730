package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.interop.CellReports;
import dev.krt.report.MatrixDiffText;
import dev.krt.report.MatrixJson;
import dev.krt.report.MatrixText;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.store.TestRow;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kunit step's tests as results of their own: stored with the cell and reused with it, shown,
 * diffed between runs, and carried through the JSON a cell is reported and imported in. The tests
 * are those of the real console fixture (ktap/), one of them made to fail.
 */
class CellTestsTest {
  @TempDir Path tmp;

  private static List<TestRow> realTests(boolean oneFails) throws Exception {
    List<String> console = new ArrayList<>(KtapTest.realConsole());
    if (oneFails) {
      for (int i = 0; i < console.size(); i++) {
        if (console.get(i).matches("^    ok 3 .*")) {
          String name = console.get(i).substring("    ok 3 ".length());
          console.set(i, "    not ok 3 " + name);
          console.add(i, "    # " + name + ": ASSERTION FAILED at rust/kernel/alloc/kbox.rs:260");
          break;
        }
      }
    }
    return Ktap.parse(console).tests();
  }

  private static Store.Outcome outcome(List<TestRow> tests) {
    boolean failed = tests.stream().anyMatch(t -> t.status() == StepStatus.FAIL);
    return new Store.Outcome(
        failed ? CellStatus.FAIL : CellStatus.PASS,
        1000,
        failed ? Optional.of("kunit") : Optional.empty(),
        failed ? Optional.of("test-failed") : Optional.empty(),
        failed ? Optional.of("1 of 115 tests failed") : Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        List.of(
            new StepRow(
                "kunit",
                failed ? StepStatus.FAIL : StepStatus.PASS,
                Optional.of(failed ? 1 : 0),
                900,
                failed ? Optional.of("test-failed") : Optional.empty(),
                Optional.empty())),
        tests);
  }

  private static Store.CellPlan plan(String key) {
    return new Store.CellPlan(key, "6.12", "rustc-web-1.96", "x86_64", "rust", "kunit");
  }

  private static String text(java.util.function.Consumer<PrintStream> w) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream p = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      w.accept(p);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void testsAreStoredReusedShownAndDiffed() throws Exception {
    List<TestRow> good = realTests(false);
    List<TestRow> bad = realTests(true);
    try (Store db = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"))) {
      db.createRun("a", "/m.yaml", "x", 1, "h", List.of(plan("k1")), 1000);
      db.finishCell("a", "k1", outcome(good), 2000);
      db.createRun("b", "/m.yaml", "x", 1, "h", List.of(plan("k2")), 3000);
      db.finishCell("b", "k2", outcome(bad), 4000);
      assertThat(db.tests("a", "k1")).isEqualTo(good);
      assertThat(db.tests("b")).containsOnlyKeys("k2");
      assertThat(db.tests("b").get("k2")).isEqualTo(bad);

      // A later run of the same key reuses the cell, tests and all.
      db.createRun("c", "/m.yaml", "x", 1, "h", List.of(plan("k2")), 5000);
      RunRow c = db.run("c").orElseThrow();
      MatrixPlan.Cell cell =
          new MatrixPlan.Cell(0, "k2", null, null, null, Optional.empty(), null, null, List.of());
      assertThat(CellReuse.reuse(db, c.id(), List.of(cell), 6000)).isEqualTo(1);
      assertThat(db.tests("c", "k2")).isEqualTo(bad);

      String shown =
          text(
              out -> MatrixText.show(db.run("b").orElseThrow(), db.cells("b"), db.tests("b"), out));
      assertThat(shown)
          .contains("TESTS", "114/115", "Tests (kunit):")
          .contains("rust_doctests_kernel: 114 passed, 1 failed")
          .contains("FAIL rust_doctests_kernel." + bad.get(2).test())
          .contains("ASSERTION FAILED at rust/kernel/alloc/kbox.rs:260");

      MatrixDiff d = MatrixDiff.of(db.cells("a"), db.cells("b"), db.tests("a"), db.tests("b"));
      assertThat(d.regressions()).hasSize(1);
      assertThat(d.testRegressions())
          .extracting(MatrixDiff.TestChange::test)
          .containsExactly("rust_doctests_kernel." + bad.get(2).test());
      assertThat(d.testFixes()).isEmpty();
      MatrixDiff back = MatrixDiff.of(db.cells("b"), db.cells("a"), db.tests("b"), db.tests("a"));
      assertThat(back.testFixes()).hasSize(1);
      assertThat(back.testRegressions()).isEmpty();
      String diff =
          text(
              out ->
                  MatrixDiffText.write(
                      db.run("a").orElseThrow(), db.run("b").orElseThrow(), d, out));
      assertThat(diff)
          .contains("Tests that regressed (fail in B, not in A):")
          .contains(bad.get(2).test() + "  pass -> fail")
          .contains("1 tests regressed, 0 tests fixed");
    }
  }

  @Test
  void testsTravelInTheReportedCellAndAreCheckedThere() throws Exception {
    List<TestRow> bad = realTests(true);
    try (Store db = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"))) {
      db.createRun("b", "/m.yaml", "x", 1, "h", List.of(plan("k2")), 3000);
      db.finishCell("b", "k2", outcome(bad), 4000);
      CellRow row = db.cells("b").get(0);
      ObjectNode n = MatrixJson.detail(row, db.steps("b", "k2"), db.tests("b", "k2"));
      // As a reporter sends it: a result, not where this machine keeps it.
      List.of("reused_from", "log_lines", "worker", "log").forEach(n::remove);
      assertThat(n.path("tests").path("counts").path("fail").asLong()).isEqualTo(1);
      assertThat(n.path("tests").path("suites").path("rust_doctests_kernel").path("pass").asLong())
          .isEqualTo(114);
      CellReports.Report r = CellReports.parse(n.toString().getBytes(StandardCharsets.UTF_8));
      assertThat(r.outcome().tests()).isEqualTo(bad);

      ObjectNode badStatus = n.deepCopy();
      ((ObjectNode) badStatus.path("tests").path("results").get(0)).put("status", "xfail");
      assertThat(
              catchThrowable(
                  () -> CellReports.parse(badStatus.toString().getBytes(StandardCharsets.UTF_8))))
          .hasMessage("tests.results[0].status: one of pass, fail, skipped");
      ObjectNode longName = n.deepCopy();
      ((ObjectNode) longName.path("tests").path("results").get(1)).put("suite", "s".repeat(201));
      assertThat(
              catchThrowable(
                  () -> CellReports.parse(longName.toString().getBytes(StandardCharsets.UTF_8))))
          .hasMessage("tests.results[1].suite: at most 200 characters");
      ObjectNode extra = n.deepCopy();
      ((ObjectNode) extra.path("tests")).put("passed", 3);
      assertThat(
              catchThrowable(
                  () -> CellReports.parse(extra.toString().getBytes(StandardCharsets.UTF_8))))
          .hasMessageStartingWith("tests.passed: unknown field");
    }
  }

  @Test
  void aCellWithoutTestsLooksAsBefore() throws Exception {
    try (Store db = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"))) {
      db.createRun("a", "/m.yaml", "x", 1, "h", List.of(plan("k1")), 1000);
      db.finishCell("a", "k1", outcome(List.of()), 2000);
      assertThat(
              MatrixJson.detail(db.cells("a").get(0), db.steps("a", "k1"), List.of()).has("tests"))
          .isFalse();
      String shown =
          text(out -> MatrixText.show(db.run("a").orElseThrow(), db.cells("a"), Map.of(), out));
      assertThat(shown).doesNotContain("TESTS").doesNotContain("Tests (kunit)");
    }
  }
}
