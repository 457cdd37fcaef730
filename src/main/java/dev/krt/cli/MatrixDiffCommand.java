package dev.krt.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.MatrixDiff;
import dev.krt.matrix.RunJson;
import dev.krt.report.MatrixText;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code krt matrix diff A B}: what broke, what got fixed, what warns now. */
@Command(
    name = "diff",
    header = "Compares two runs: regressions, fixes, failures whose reason changed, new warnings.",
    mixinStandardHelpOptions = true,
    description = {
      "Compares two runs cell by cell (cells match by kernel, toolchain, arch and config names):",
      "regressions (passed in A, fail in B), fixes, failures whose step or reason changed, and",
      "warnings B's cells print that A's did not. Cells only one run has are listed too."
    },
    footer = {
      "",
      "Exit codes: 0 no regression, 1 a regression, 2 no such run or store.",
      "",
      "Example:",
      "  krt matrix diff 20261130-0900 20261201-0900"
    })
public final class MatrixDiffCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      index = "0",
      paramLabel = "RUN_A",
      description = "The earlier run (an id or a unique prefix).")
  String a;

  @Parameters(index = "1", paramLabel = "RUN_B", description = "The later run.")
  String b;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    try (Store db = store.open(ctx)) {
      RunRow ra = MatrixShowCommand.find(db, a);
      RunRow rb = MatrixShowCommand.find(db, b);
      MatrixDiff d = MatrixDiff.of(db.cells(ra.id()), db.cells(rb.id()));
      if (format.json()) {
        json(ctx.out(), ra, rb, d);
      } else {
        text(ctx.out(), ra, rb, d);
      }
      return d.regressions().isEmpty() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
  }

  private static void text(PrintStream out, RunRow ra, RunRow rb, MatrixDiff d) {
    out.println("A = " + ra.id() + ", B = " + rb.id());
    section(out, "Regressions (pass in A, fail in B)", d.regressions(), true);
    section(out, "Fixes (fail in A, pass in B)", d.fixes(), false);
    section(out, "Failing in both, differently", d.otherFailure(), true);
    if (!d.newWarnings().isEmpty()) {
      out.println();
      out.println("New warnings:");
      for (MatrixDiff.Warnings w : d.newWarnings()) {
        out.println("  " + w.cell() + ":");
        w.warnings().forEach(x -> out.println("    " + MatrixText.clip(x, 200)));
      }
    }
    for (var only : List.of(List.of("Only in A", d.onlyInA()), List.of("Only in B", d.onlyInB()))) {
      @SuppressWarnings("unchecked")
      List<CellRow> cells = (List<CellRow>) only.get(1);
      if (!cells.isEmpty()) {
        out.println();
        out.println(only.get(0) + ":");
        cells.forEach(c -> out.println("  " + MatrixDiff.cellName(c) + "  " + c.status()));
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
            + d.unchanged()
            + " unchanged");
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

  private static void json(PrintStream out, RunRow ra, RunRow rb, MatrixDiff d) throws IOException {
    ObjectNode root = RunJson.M.createObjectNode();
    root.put("schema", "krt.matrix-diff/1");
    root.put("a", ra.id());
    root.put("b", rb.id());
    changes(root.putArray("regressions"), d.regressions());
    changes(root.putArray("fixes"), d.fixes());
    changes(root.putArray("failing_differently"), d.otherFailure());
    ArrayNode w = root.putArray("new_warnings");
    for (MatrixDiff.Warnings x : d.newWarnings()) {
      ObjectNode n = w.addObject();
      n.put("cell", x.cell());
      ArrayNode l = n.putArray("warnings");
      x.warnings().forEach(l::add);
    }
    ArrayNode oa = root.putArray("only_in_a");
    d.onlyInA().forEach(c -> oa.add(RunJson.cell(c)));
    ArrayNode ob = root.putArray("only_in_b");
    d.onlyInB().forEach(c -> ob.add(RunJson.cell(c)));
    root.put("unchanged", d.unchanged());
    out.println(RunJson.M.writeValueAsString(root));
  }

  private static void changes(ArrayNode a, List<MatrixDiff.Change> cs) {
    for (MatrixDiff.Change c : cs) {
      ObjectNode n = a.addObject();
      n.put("cell", c.cell());
      n.set("a", RunJson.cell(c.a()));
      n.set("b", RunJson.cell(c.b()));
    }
  }
}
