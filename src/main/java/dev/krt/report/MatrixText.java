package dev.krt.report;

import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import dev.krt.text.Durations;
import dev.krt.text.TerminalSafe;
import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** The text views of matrix runs: a run's cells as a table, why each failed cell failed. */
public final class MatrixText {
  private MatrixText() {}

  public static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  /** {@code krt matrix show}: a run's header, one row per cell, then the failures' first errors. */
  public static void show(RunRow run, List<CellRow> cells, PrintStream terminal) {
    show(run, cells, java.util.Map.of(), terminal);
  }

  /**
   * The same, with the tests each cell's kunit step ran (by cell key): a TESTS column, and per cell
   * each suite's counts and every test that failed with its first lines.
   */
  public static void show(
      RunRow run,
      List<CellRow> cells,
      java.util.Map<String, List<TestRow>> tests,
      PrintStream terminal) {
    // Stored strings may come from other hosts (posted cells): no control character reaches a
    // terminal.
    PrintStream out = TerminalSafe.wrap(terminal);
    try {
      out.println(
          "run "
              + run.id()
              + " ("
              + run.status()
              + "), started "
              + WHEN.format(Instant.ofEpochMilli(run.createdAt()))
              + " on "
              + run.host()
              + ": "
              + counts(cells));
      out.println("matrix " + run.specPath());
      out.println();
      TextTable t = new TextTable("  ");
      // A farm run says which worker built each cell.
      boolean farm = cells.stream().anyMatch(c -> c.worker().isPresent());
      List<String> head =
          new java.util.ArrayList<>(
              List.of(
                  "STATUS", "KERNEL", "TOOLCHAIN", "ARCH", "CONFIG", "TIME", "FAILED STEP", "WHY"));
      boolean anyTests =
          cells.stream().anyMatch(c -> !tests.getOrDefault(c.key(), List.of()).isEmpty());
      if (anyTests) {
        head.add(6, "TESTS");
      }
      if (farm) {
        head.add("WORKER");
      }
      t.row(head.toArray(String[]::new));
      for (CellRow c : cells) {
        String status = c.status() + (c.reusedFrom().isPresent() ? "*" : "");
        List<String> row =
            new java.util.ArrayList<>(
                List.of(
                    status,
                    c.kernel(),
                    c.toolchain(),
                    c.arch(),
                    c.config(),
                    c.durationMs().map(Durations::human).orElse("-"),
                    c.failedStep().orElse(""),
                    c.classification().orElse("")));
        if (anyTests) {
          List<TestRow> ts = tests.getOrDefault(c.key(), List.of());
          row.add(
              6,
              ts.isEmpty()
                  ? "-"
                  : ts.stream().filter(x -> x.status() == StepStatus.PASS).count()
                      + "/"
                      + ts.size());
        }
        if (farm) {
          row.add(c.worker().orElse(""));
        }
        t.row(row.toArray(String[]::new));
      }
      t.print(out);
      boolean anyReused = cells.stream().anyMatch(c -> c.reusedFrom().isPresent());
      boolean anyFailed =
          cells.stream()
              .anyMatch(c -> c.status() == CellStatus.FAIL || c.status() == CellStatus.ERROR);
      if (anyReused) {
        out.println(
            "  (* unchanged since an earlier run: its result is reused; --force builds again)");
      }
      if (anyTests) {
        out.println();
        out.println("Tests (kunit):");
        for (CellRow c : cells) {
          List<TestRow> ts = tests.getOrDefault(c.key(), List.of());
          if (ts.isEmpty()) {
            continue;
          }
          out.println("  " + c.label() + ": " + testCounts(ts));
          java.util.Map<String, List<TestRow>> bySuite = new java.util.LinkedHashMap<>();
          ts.forEach(
              x -> bySuite.computeIfAbsent(x.suite(), k -> new java.util.ArrayList<>()).add(x));
          bySuite.forEach((suite, l) -> out.println("    " + suite + ": " + testCounts(l)));
          for (TestRow x : ts) {
            if (x.status() == StepStatus.FAIL) {
              out.println("    FAIL " + clip(x.id(), 200));
              x.lines()
                  .ifPresent(
                      l ->
                          l.lines()
                              .limit(3)
                              .forEach(line -> out.println("         " + clip(line, 200))));
            }
          }
        }
      }
      if (anyFailed) {
        out.println();
        out.println("First errors:");
        for (CellRow c : cells) {
          if (c.status() == CellStatus.FAIL || c.status() == CellStatus.ERROR) {
            out.println(
                "  "
                    + c.kernel()
                    + " / "
                    + c.toolchain()
                    + " / "
                    + c.arch()
                    + " / "
                    + c.config()
                    + " ("
                    + c.failedStep().orElse("krt")
                    + ", "
                    + c.classification().orElse("?")
                    + ")");
            c.firstError().ifPresent(e -> out.println("    " + clip(e, 200)));
            c.logPath()
                .ifPresent(
                    l ->
                        out.println(
                            "    log: "
                                + l
                                + c.worker().map(w -> " (on worker " + w + ")").orElse("")));
          }
        }
      }
    } finally {
      out.flush();
    }
  }

  /** {@code 114 passed, 1 failed, 2 skipped}: the counts that are not zero. */
  public static String testCounts(List<TestRow> tests) {
    List<String> parts = new java.util.ArrayList<>();
    long pass = tests.stream().filter(t -> t.status() == StepStatus.PASS).count();
    long fail = tests.stream().filter(t -> t.status() == StepStatus.FAIL).count();
    long skip = tests.stream().filter(t -> t.status() == StepStatus.SKIPPED).count();
    if (pass > 0) {
      parts.add(pass + " passed");
    }
    if (fail > 0) {
      parts.add(fail + " failed");
    }
    if (skip > 0) {
      parts.add(skip + " skipped");
    }
    return parts.isEmpty() ? "no tests" : String.join(", ", parts);
  }

  public static String counts(List<CellRow> cells) {
    long pass = cells.stream().filter(c -> c.status() == CellStatus.PASS).count();
    long fail = cells.stream().filter(c -> c.status() == CellStatus.FAIL).count();
    long err = cells.stream().filter(c -> c.status() == CellStatus.ERROR).count();
    long open = cells.stream().filter(c -> !c.finished()).count();
    StringBuilder b =
        new StringBuilder(
            cells.size()
                + (cells.size() == 1 ? " cell" : " cells")
                + ", "
                + pass
                + " passed, "
                + fail
                + " failed");
    if (err > 0) {
      b.append(", ").append(err).append(" could not run");
    }
    if (open > 0) {
      b.append(", ").append(open).append(" not finished");
    }
    return b.toString();
  }

  public static String summary(MatrixRunner.Summary s) {
    String built = s.built() + " built, " + s.reused() + " reused";
    return switch (s.status()) {
      case DONE ->
          "run "
              + s.runId()
              + ": "
              + built
              + "; "
              + s.passed()
              + " passed, "
              + s.failed()
              + " failed"
              + (s.errors() > 0 ? ", " + s.errors() + " could not run" : "");
      default ->
          "run "
              + s.runId()
              + " "
              + s.status()
              + " ("
              + built
              + "); continue it with 'krt matrix run --resume "
              + s.runId()
              + "'";
    };
  }

  public static String clip(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max - 3) + "...";
  }
}
