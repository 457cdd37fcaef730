package dev.krt.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.RunJson;
import dev.krt.report.MatrixText;
import dev.krt.report.TextTable;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
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
      List<RunRow> runs = db.runs();
      if (format.json()) {
        ObjectNode root = RunJson.M.createObjectNode();
        root.put("schema", "krt.matrix-runs/1");
        ArrayNode a = root.putArray("runs");
        for (RunRow r : runs) {
          ObjectNode n = RunJson.run(r);
          n.put("summary", MatrixText.counts(db.cells(r.id())));
          a.add(n);
        }
        ctx.out().println(RunJson.M.writeValueAsString(root));
        return ExitCodes.OK;
      }
      if (runs.isEmpty()) {
        ctx.out()
            .println(
                "no runs in " + db.url() + " yet (start one with 'krt matrix run MATRIX.yaml')");
        return ExitCodes.OK;
      }
      TextTable t = new TextTable("");
      t.row("RUN", "STATUS", "STARTED", "MATRIX", "CELLS");
      for (RunRow r : runs) {
        t.row(
            r.id(),
            r.status(),
            MatrixText.WHEN.format(Instant.ofEpochMilli(r.createdAt())),
            r.specPath(),
            MatrixText.counts(db.cells(r.id())));
      }
      t.print(ctx.out());
      return ExitCodes.OK;
    }
  }
}
