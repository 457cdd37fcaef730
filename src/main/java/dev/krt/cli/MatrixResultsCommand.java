package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.interop.KcidbJson;
import dev.krt.interop.TuxmakeResults;
import dev.krt.report.Json;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code krt matrix results [RUN] --to kcidb|tuxmake}: a run's results in other tools' formats. */
@Command(
    name = "results",
    header =
        "Writes a run's results as a KCIDB document (KernelCI) or as tuxmake result directories.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "--to kcidb: one KCIDB v5.3 JSON document (kcidb-submit reads it): a checkout per kernel, a build",
      "per cell (its toolchain in 'compiler'; rustc, bindgen and libclang versions in 'misc'), a test",
      "per step (path krt.STEP). The mapping is in docs/pipelines.md.",
      "--to tuxmake: a directory per cell under --output, with tuxmake's metadata.json and build.log,",
      "for tools made for tuxmake's results."
    },
    footer = {
      "",
      "Exit codes: 0 written, 2 no such run, bad options, or a directory that cannot be written.",
      "",
      "Examples:",
      "  krt matrix results --to kcidb --origin mylab > kcidb.json",
      "  krt matrix results 20261203-181502-3fa9 --to tuxmake -o tuxmake/"
    })
public final class MatrixResultsCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      arity = "0..1",
      paramLabel = "RUN",
      description = "A run id (see 'krt matrix runs'); default: the newest run.")
  String runId;

  @Option(names = "--to", required = true, paramLabel = "FORMAT", description = "kcidb or tuxmake.")
  String to;

  @Option(
      names = "--origin",
      paramLabel = "NAME",
      description = "KCIDB's origin: who submits (lower-case letters, digits, '_'; default: krt).")
  String origin = "krt";

  @Option(
      names = "--log-url",
      paramLabel = "URL",
      description =
          "KCIDB: where the logs are published; a build's log_url is URL/SHORT-KEY/build.log.gz.")
  URI logUrl;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "kcidb: the file (default: stdout); tuxmake: the directory (required).")
  Path output;

  @Mixin StoreOption store = new StoreOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (!to.equals("kcidb") && !to.equals("tuxmake")) {
      throw new UserException("--to: kcidb or tuxmake, not '" + to + "'");
    }
    if (!KcidbJson.ORIGIN.matcher(origin).matches()) {
      throw new UserException(
          "--origin: lower-case letters, digits and '_' (KCIDB's rule), not '" + origin + "'");
    }
    if (logUrl != null && (logUrl.getScheme() == null || !logUrl.getScheme().matches("https?"))) {
      throw new UserException("--log-url: an absolute http(s) URL, not '" + logUrl + "'");
    }
    if (to.equals("tuxmake") && output == null) {
      throw new UserException("--to tuxmake writes directories: give --output DIR");
    }
    try (Store db = store.open(ctx)) {
      RunRow run = MatrixShowCommand.find(db, runId);
      if (to.equals("tuxmake")) {
        List<Path> dirs;
        try {
          dirs = TuxmakeResults.write(db, run, ctx.cwd().resolve(output));
        } catch (java.io.UncheckedIOException e) {
          throw new UserException(
              "--output " + output + ": cannot write there (" + e.getMessage() + ")");
        }
        ctx.err().println("krt: wrote " + dirs.size() + " cell directories under " + output);
        return ExitCodes.OK;
      }
      var doc =
          KcidbJson.tree(
              run,
              db.cells(run.id()),
              c -> db.steps(run.id(), c.key()),
              new KcidbJson.Options(origin, Optional.ofNullable(logUrl)));
      if (output == null) {
        Json.print(doc, ctx.out());
      } else {
        Path out = ctx.cwd().resolve(output);
        dev.krt.cache.AtomicFiles.write(
            out,
            (Json.M.writerWithDefaultPrettyPrinter().writeValueAsString(doc) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
      return ExitCodes.OK;
    }
  }
}
