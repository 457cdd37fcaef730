package dev.krt.cli;

import dev.krt.matrix.MatrixDiff;
import dev.krt.report.MatrixDiffJson;
import dev.krt.report.MatrixDiffText;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
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
      MatrixDiff d =
          MatrixDiff.of(db.cells(ra.id()), db.cells(rb.id()), db.tests(ra.id()), db.tests(rb.id()));
      if (format.json()) {
        MatrixDiffJson.write(ra, rb, d, ctx.out());
      } else {
        MatrixDiffText.write(ra, rb, d, ctx.out());
      }
      return d.regressions().isEmpty() && d.testRegressions().isEmpty()
          ? ExitCodes.OK
          : ExitCodes.NEGATIVE;
    }
  }
}
