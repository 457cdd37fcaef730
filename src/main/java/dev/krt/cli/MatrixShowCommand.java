package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.report.MatrixText;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code krt matrix show [RUN]}: a run's cells, and why the failed ones failed. */
@Command(
    name = "show",
    header =
        "Shows a run's cells: status, time, the failing step and why; the newest run by default.",
    mixinStandardHelpOptions = true,
    description = {
      "Shows a recorded run: each cell's status, build time, the step that failed and why (the first",
      "error, classified), and where its log is. --format json adds each cell's steps and its",
      "metadata.json (rustc, bindgen, libclang versions; the RUSTC_* values of its .config)."
    },
    footer = {
      "",
      "Exit codes: 0 every cell passed, 1 a cell failed or did not finish, 2 no such run or store."
    })
public final class MatrixShowCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run id (see 'krt matrix runs'); default: the newest run.")
  String runId;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    try (Store db = store.open(ctx)) {
      RunRow run = find(db, runId);
      if (format.json()) {
        Json.print(MatrixJson.full(db, run), ctx.out());
      } else {
        MatrixText.show(run, db.cells(run.id()), db.tests(run.id()), ctx.out());
      }
      boolean allPass = db.cells(run.id()).stream().allMatch(c -> c.status() == CellStatus.PASS);
      return allPass ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
  }

  /** A run by id (a unique prefix will do), or the newest when none is named. */
  static RunRow find(Store db, String id) {
    if (id == null) {
      List<RunRow> all = db.runs();
      if (all.isEmpty()) {
        throw new UserException(
            "no runs in " + db.url() + " yet (start one with 'krt matrix run MATRIX.yaml')");
      }
      return all.get(0);
    }
    var exact = db.run(id);
    if (exact.isPresent()) {
      return exact.get();
    }
    List<RunRow> matches = db.runs().stream().filter(r -> r.id().startsWith(id)).toList();
    if (matches.size() == 1) {
      return matches.get(0);
    }
    if (matches.size() > 1) {
      throw new UserException(
          "'" + id + "' names " + matches.size() + " runs; give more of the id");
    }
    throw new UserException("no run '" + id + "' in " + db.url() + " (see 'krt matrix runs')");
  }
}
