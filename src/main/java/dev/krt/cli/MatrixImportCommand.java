package dev.krt.cli;

import dev.krt.interop.MatrixImport;
import dev.krt.matrix.MatrixRunner;
import dev.krt.matrix.RunLayout;
import dev.krt.remote.RemoteReporter;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.report.MatrixText;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code krt matrix import DIR...}: one run from the cell results of a CI pipeline's jobs. */
@Command(
    name = "import",
    header = "Records one run from the cell results CI jobs wrote with 'krt matrix run --results'.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Finds every cell result (krt-cell.json with its metadata.json and build.log.gz) anywhere",
      "under each DIR, as CI systems nest job artifacts, checks them all, and records them as one",
      "run with every cell's steps, metadata and log, as a local run's: 'krt matrix show', 'diff',",
      "'results' and 'krt serve' read it alike. Importing the same results again records nothing",
      "and names the run they made. Imported results are never reused in place of a build here.",
      "A cell of the matrix file with no result is named on stderr (exit 1)."
    },
    footer = {
      "",
      "Exit codes: 0 every cell of the matrix passed, 1 a cell failed or has no result, 2 bad input",
      "(a result file that is not krt's or is damaged: its path and the problem on one line).",
      "",
      "Example:",
      "  krt matrix import artifacts/ && krt matrix results --to kcidb > kcidb.json"
    })
public final class MatrixImportCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      arity = "1..*",
      paramLabel = "DIR",
      description = "Directories the results are under.")
  List<Path> dirs;

  @Option(
      names = "--report",
      paramLabel = "URL",
      description = "Also send the run to the krt serve at URL (with $KRT_TOKEN), as one run.")
  java.net.URI report;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String token = ReportOption.token(ctx, report);
    try (Store db = store.open(ctx)) {
      MatrixImport.Result r =
          MatrixImport.run(
              db,
              new RunLayout(ctx.dirs().data()),
              dirs.stream().map(d -> ctx.cwd().resolve(d)).toList());
      RunRow run = db.run(r.runId()).orElseThrow();
      List<CellRow> cells = db.cells(run.id());
      if (format.json()) {
        Json.print(MatrixJson.full(db, run), ctx.out());
      } else {
        MatrixText.show(run, cells, db.tests(run.id()), ctx.out());
        ctx.out().println();
        ctx.out()
            .println(
                MatrixText.summary(
                    MatrixRunner.summary(run.id(), RunStatus.DONE, cells, cells.size(), 0)));
      }
      ctx.err()
          .println(
              "krt: "
                  + (r.already()
                      ? "these results were imported before, as run "
                          + run.id()
                          + "; nothing recorded"
                      : "imported " + r.cells() + " cells as run " + run.id()));
      if (!r.missing().isEmpty()) {
        ctx.err()
            .println(
                "krt: "
                    + r.missing().size()
                    + (r.missing().size() == 1 ? " cell" : " cells")
                    + " of the matrix "
                    + (r.missing().size() == 1 ? "has" : "have")
                    + " no result: "
                    + String.join(", ", r.missing().subList(0, Math.min(10, r.missing().size())))
                    + (r.missing().size() > 10 ? ", ..." : ""));
      }
      if (report != null) {
        ctx.err().println("krt: " + report(db, run, cells, token));
      }
      boolean allPass =
          r.missing().isEmpty()
              && cells.stream().allMatch(c -> c.status() == dev.krt.store.CellStatus.PASS);
      return allPass ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
  }

  /** Sends the run to a krt serve as one run; a server that does not take it costs a warning. */
  private String report(Store db, RunRow run, List<CellRow> cells, String token) {
    RemoteReporter r = new RemoteReporter(report, token, java.time.Duration.ofSeconds(30));
    try {
      String remote = r.createRun(run.specPath(), run.host());
      for (CellRow c : cells) {
        r.report(remote, c, db.steps(run.id(), c.key()), db.tests(run.id(), c.key()));
      }
      return "report: " + cells.size() + " cells sent to " + report.resolve("/runs/" + remote);
    } catch (RemoteReporter.Failed e) {
      return "report: " + e.getMessage();
    }
  }
}
