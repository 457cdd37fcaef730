package dev.krt.report;

import dev.krt.matrix.MatrixDiff;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.text.TerminalSafe;
import java.io.PrintStream;
import java.util.List;

/** The human report of {@code krt matrix diff A B}: regressions first, then fixes and the rest. */
public final class MatrixDiffText {
  private MatrixDiffText() {}

  public static void write(RunRow ra, RunRow rb, MatrixDiff d, PrintStream terminal) {
    // Stored strings may come from other hosts (posted cells): no control character reaches a
    // terminal.
    PrintStream out = TerminalSafe.wrap(terminal);
    try {
      out.println("A = " + ra.id() + ", B = " + rb.id());
      section(out, "Regressions (pass in A, fail in B)", d.regressions(), true);
      section(out, "Fixes (fail in A, pass in B)", d.fixes(), false);
      section(out, "Failing in both, differently", d.otherFailure(), true);
      tests(out, "Tests that regressed (fail in B, not in A)", d.testRegressions(), true);
      tests(out, "Tests fixed (fail in A, pass in B)", d.testFixes(), false);
      if (!d.newWarnings().isEmpty()) {
        out.println();
        out.println("New warnings:");
        for (MatrixDiff.Warnings w : d.newWarnings()) {
          out.println("  " + w.cell() + ":");
          w.warnings().forEach(x -> out.println("    " + MatrixText.clip(x, 200)));
        }
      }
      for (var only :
          List.of(List.of("Only in A", d.onlyInA()), List.of("Only in B", d.onlyInB()))) {
        @SuppressWarnings("unchecked")
        List<CellRow> cells = (List<CellRow>) only.get(1);
        if (!cells.isEmpty()) {
          out.println();
          out.println(only.get(0) + ":");
          cells.forEach(c -> out.println("  " + c.label() + "  " + c.status()));
        }
      }
      out.println();
      out.println(
          d.regressions().size()
              + " regressed, "
              + d.fixes().size()
              + " fixed, "
              + d.otherFailure().size()
              + " failing differently, "
              + d.newWarnings().size()
              + " with new warnings, "
              + (d.testRegressions().isEmpty() && d.testFixes().isEmpty()
                  ? ""
                  : d.testRegressions().size()
                      + " tests regressed, "
                      + d.testFixes().size()
                      + " tests fixed, ")
              + d.unchanged()
              + " unchanged");
    } finally {
      out.flush();
    }
  }

  private static void tests(
      PrintStream out, String title, List<MatrixDiff.TestChange> changes, boolean lines) {
    if (changes.isEmpty()) {
      return;
    }
    out.println();
    out.println(title + ":");
    for (MatrixDiff.TestChange t : changes) {
      out.println(
          "  "
              + t.cell()
              + "  "
              + MatrixText.clip(t.test(), 200)
              + "  "
              + t.a()
              + " -> "
              + t.b().status());
      if (lines) {
        t.b()
            .lines()
            .ifPresent(
                l ->
                    l.lines().limit(3).forEach(x -> out.println("    " + MatrixText.clip(x, 200))));
      }
    }
  }

  private static void section(
      PrintStream out, String title, List<MatrixDiff.Change> changes, boolean showError) {
    if (changes.isEmpty()) {
      return;
    }
    out.println();
    out.println(title + ":");
    for (MatrixDiff.Change c : changes) {
      out.println(
          "  "
              + c.cell()
              + "  "
              + c.a().status()
              + reason(c.a())
              + " -> "
              + c.b().status()
              + reason(c.b()));
      if (showError) {
        c.b().firstError().ifPresent(e -> out.println("    " + MatrixText.clip(e, 200)));
      }
    }
  }

  private static String reason(CellRow c) {
    return c.status() == CellStatus.PASS
        ? ""
        : " (" + c.failedStep().orElse("krt") + ", " + c.classification().orElse("?") + ")";
  }
}
