package dev.krt.report;

import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.text.TerminalSafe;
import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The table of {@code krt matrix runs}: newest first, with each run's cell counts. */
public final class MatrixRunsText {
  private MatrixRunsText() {}

  /**
   * @param store the store's URL, for the hint when it holds no run
   */
  public static void write(Map<RunRow, List<CellRow>> runs, String store, PrintStream terminal) {
    // Stored strings may come from other hosts (posted cells): no control character reaches a
    // terminal.
    PrintStream out = TerminalSafe.wrap(terminal);
    try {
      if (runs.isEmpty()) {
        out.println("no runs in " + store + " yet (start one with 'krt matrix run MATRIX.yaml')");
        return;
      }
      TextTable t = new TextTable("");
      t.row("RUN", "STATUS", "STARTED", "MATRIX", "CELLS");
      runs.forEach(
          (r, cells) ->
              t.row(
                  r.id(),
                  r.status().wire(),
                  MatrixText.WHEN.format(Instant.ofEpochMilli(r.createdAt())),
                  r.specPath(),
                  MatrixText.counts(cells)));
      t.print(out);
    } finally {
      out.flush();
    }
  }
}
