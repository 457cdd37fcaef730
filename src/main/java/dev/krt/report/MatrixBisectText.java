package dev.krt.report;

import dev.krt.matrix.MatrixBisect;
import dev.krt.text.TerminalSafe;
import java.io.PrintStream;

/** The human answer of {@code krt matrix bisect}: the first failing toolchain and why. */
public final class MatrixBisectText {
  private MatrixBisectText() {}

  public static void write(String runId, MatrixBisect.Result r, PrintStream terminal) {
    // Stored strings may come from other hosts (posted cells): no control character reaches a
    // terminal.
    PrintStream out = TerminalSafe.wrap(terminal);
    try {
      if (r.firstBad().isEmpty()) {
        out.println(
            "No toolchain fails: the last, "
                + r.order().get(r.order().size() - 1)
                + ", passes too.");
      } else if (r.lastGood().isEmpty()) {
        out.println(
            "Already fails with the first toolchain, " + r.order().get(0) + ": nothing to bisect.");
      } else {
        out.println(
            "First failing toolchain: "
                + r.order().get(r.firstBad().get())
                + " (the one before, "
                + r.order().get(r.lastGood().get())
                + ", passes)");
      }
      r.firstBad()
          .flatMap(i -> r.probes().stream().filter(p -> p.index() == i).findFirst())
          .ifPresent(
              p -> {
                out.println(
                    "  "
                        + p.row().failedStep().orElse("?")
                        + ": "
                        + p.row().classification().orElse("?"));
                p.row().firstError().ifPresent(e -> out.println("  " + MatrixText.clip(e, 200)));
                p.row().logPath().ifPresent(l -> out.println("  log: " + l));
              });
      out.println(
          "Built "
              + r.probes().size()
              + " of "
              + r.order().size()
              + " toolchains; run "
              + runId
              + " ('krt matrix show "
              + runId
              + "').");
    } finally {
      out.flush();
    }
  }
}
