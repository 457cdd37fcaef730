package dev.krt.cli;

import dev.krt.report.MatrixRunsJson;
import dev.krt.report.MatrixRunsText;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code krt matrix runs}: the recorded runs, newest first. */
@Command(
    name = "runs",
    header = "Lists the recorded runs, newest first.",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the runs in the store, newest first: id, status, when, cells and their results."
    })
public final class MatrixRunsCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    try (Store db = store.open(ctx)) {
      Map<RunRow, List<CellRow>> runs = new LinkedHashMap<>();
      for (RunRow r : db.runs()) {
        runs.put(r, db.cells(r.id()));
      }
      if (format.json()) {
        MatrixRunsJson.write(runs, ctx.out());
      } else {
        MatrixRunsText.write(runs, db.url(), ctx.out());
      }
      return ExitCodes.OK;
    }
  }
}
