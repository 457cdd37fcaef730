package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.CellRow;
import dev.krt.testing.Cells;
import java.util.List;
import org.junit.jupiter.api.Test;

class MatrixDiffTest {
  private static CellRow cell(
      String run, String tc, String status, String why, String... warnings) {
    return Cells.cell(run, tc, status, why, warnings);
  }

  @Test
  void sortsCellsIntoRegressionsFixesAndNewWarnings() {
    List<CellRow> a =
        List.of(
            cell("A", "stable", "pass", null, "unused import [rust/kernel/a.rs]"),
            cell("A", "beta", "fail", "rustc-error"),
            cell("A", "nightly", "pass", null),
            cell("A", "old", "fail", "rust-unavailable"),
            cell("A", "gone", "pass", null));
    List<CellRow> b =
        List.of(
            cell(
                "B",
                "stable",
                "pass",
                null,
                "unused import [rust/kernel/a.rs]",
                "dead code [rust/kernel/b.rs]"),
            cell("B", "beta", "pass", null),
            cell("B", "nightly", "fail", "lint-denied"),
            cell("B", "old", "fail", "kconfig-refused-rust"),
            cell("B", "new", "pass", null));
    MatrixDiff d = MatrixDiff.of(a, b);
    assertThat(d.regressions())
        .extracting(MatrixDiff.Change::cell)
        .containsExactly("6.12 / nightly / x86_64 / rust");
    assertThat(d.fixes())
        .extracting(MatrixDiff.Change::cell)
        .containsExactly("6.12 / beta / x86_64 / rust");
    assertThat(d.otherFailure())
        .extracting(MatrixDiff.Change::cell)
        .containsExactly("6.12 / old / x86_64 / rust");
    assertThat(d.newWarnings())
        .singleElement()
        .satisfies(
            w -> {
              assertThat(w.cell()).isEqualTo("6.12 / stable / x86_64 / rust");
              assertThat(w.warnings()).containsExactly("dead code [rust/kernel/b.rs]");
            });
    assertThat(d.onlyInA()).extracting(CellRow::toolchain).containsExactly("gone");
    assertThat(d.onlyInB()).extracting(CellRow::toolchain).containsExactly("new");
    assertThat(d.unchanged()).isEqualTo(1);
  }

  @Test
  void aRunComparedWithItselfHasNoChanges() {
    List<CellRow> a =
        List.of(
            cell("A", "stable", "pass", null, "w"), cell("A", "old", "fail", "rust-unavailable"));
    MatrixDiff d = MatrixDiff.of(a, a);
    assertThat(d.regressions()).isEmpty();
    assertThat(d.fixes()).isEmpty();
    assertThat(d.otherFailure()).isEmpty();
    assertThat(d.newWarnings()).isEmpty();
    assertThat(d.unchanged()).isEqualTo(2);
  }
}
