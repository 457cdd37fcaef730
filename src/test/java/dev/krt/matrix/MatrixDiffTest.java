package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MatrixDiffTest {
  static CellRow cell(String run, String tc, String status, String why, String... warnings) {
    String meta =
        "{\"results\":{\"warnings\":["
            + String.join(",", List.of(warnings).stream().map(w -> "\"" + w + "\"").toList())
            + "]}}";
    return new CellRow(
        run,
        run + tc,
        0,
        "6.12",
        tc,
        "x86_64",
        "rust",
        "rust",
        CellStatus.of(status),
        Optional.empty(),
        Optional.empty(),
        Optional.of(1L),
        Optional.of(1L),
        why == null ? Optional.empty() : Optional.of("rust"),
        Optional.ofNullable(why),
        Optional.ofNullable(why).map(w -> "error: " + w),
        Optional.empty(),
        Optional.of(meta));
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
