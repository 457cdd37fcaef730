package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.matrix.MatrixBisect;
import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixPlanner;
import dev.krt.matrix.MatrixRunner;
import dev.krt.matrix.MatrixSpec;
import dev.krt.matrix.MatrixSpecException;
import dev.krt.matrix.MatrixSpecParser;
import dev.krt.report.MatrixBisectJson;
import dev.krt.report.MatrixBisectText;
import dev.krt.store.Store;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code krt matrix bisect}: the first toolchain of an ordered list that fails. */
@Command(
    name = "bisect",
    header =
        "Finds the first toolchain of an ordered list (e.g. nightlies) with which a cell fails.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Bisects over the matrix file's toolchains in the order listed (or --toolchains A,B,...): builds",
      "the first and the last, then halves the range until it finds the first one that fails, for one",
      "kernel, arch and config (pick them with --kernel, --arch, --config when the file has several).",
      "Each build is recorded as a cell of a run; results an earlier run has are reused unless --force."
    },
    footer = {
      "",
      "Exit codes: 0 a first failing toolchain was found, 1 none fails (or the first already fails), 2 bad input.",
      "",
      "Example:",
      "  krt matrix bisect nightlies.yaml --kernel 6.12 --config rust"
    })
public final class MatrixBisectCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      paramLabel = "MATRIX",
      description = "The matrix file; its toolchains, in order, are bisected.")
  Path file;

  @Option(
      names = "--toolchains",
      split = ",",
      paramLabel = "NAME",
      description = "The order to bisect (names from the file); default: the file's order.")
  List<String> order;

  @Option(
      names = "--kernel",
      paramLabel = "NAME",
      description = "The file's kernel to build (needed when it lists several).")
  String kernel;

  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description = "The arch (needed when the file lists several).")
  String arch;

  @Option(
      names = "--config",
      paramLabel = "NAME",
      description = "The config (needed when the file lists several).")
  String config;

  @Option(names = "--force", description = "Build even when an earlier run has the result.")
  boolean force;

  @Mixin StoreOption store = new StoreOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, MatrixSpecException {
    Path f = ctx.cwd().resolve(file);
    MatrixSpec spec = MatrixSpecParser.read(f);
    String kn =
        pick("kernel", kernel, spec.kernels().stream().map(MatrixSpec.KernelRef::name).toList());
    String an = pick("arch", arch, spec.arches());
    String cn =
        pick("config", config, spec.configs().stream().map(MatrixSpec.ConfigSpec::name).toList());
    List<String> names = spec.toolchains().stream().map(MatrixSpec.ToolchainRef::name).toList();
    List<String> wanted = order == null ? names : order;
    for (String n : wanted) {
      if (!names.contains(n)) {
        throw new UserException(
            "--toolchains: '"
                + n
                + "' is not a toolchain of "
                + f
                + " ("
                + String.join(", ", names)
                + ")");
      }
    }
    if (wanted.size() < 2) {
      throw new UserException("bisecting needs at least two toolchains in order");
    }
    MatrixSpec narrowed =
        new MatrixSpec(
            spec.file(),
            spec.kernels().stream().filter(k -> k.name().equals(kn)).toList(),
            wanted.stream()
                .map(
                    n ->
                        spec.toolchains().stream()
                            .filter(t -> t.name().equals(n))
                            .findFirst()
                            .orElseThrow())
                .toList(),
            spec.toolchainsFile(),
            List.of(an),
            spec.configs().stream().filter(c -> c.name().equals(cn)).toList(),
            spec.steps(),
            1,
            spec.preset());
    MatrixPlan plan =
        new MatrixPlanner(ctx.env(), ctx.cwd(), ctx.dirs().cache())
            .plan(narrowed, Files.readString(f));
    try (Store db = store.open(ctx)) {
      MatrixRunner runner =
          new MatrixRunner(
              db,
              ctx.dirs().data(),
              ctx.env(),
              new MatrixRunner.Options(1, force, Runtime.getRuntime().availableProcessors()),
              new MatrixRunner.Listener() {});
      String runId = runner.startEmpty(plan, "bisect");
      List<MatrixPlan.Cell> cells = new ArrayList<>(plan.cells());
      MatrixBisect.Result r =
          MatrixBisect.run(
              cells,
              c -> {
                if (format.json()) {
                  return runner.probe(runId, plan, c);
                }
                ctx.err().println("krt: building with " + c.toolchain().name() + " ...");
                var row = runner.probe(runId, plan, c);
                ctx.err()
                    .println(
                        "krt:   "
                            + row.status()
                            + (row.reusedFrom().isPresent() ? " (reused)" : "")
                            + row.classification().map(x -> ": " + x).orElse(""));
                return row;
              });
      runner.finish(runId);
      if (format.json()) {
        MatrixBisectJson.write(runId, r, ctx.out());
      } else {
        MatrixBisectText.write(runId, r, ctx.out());
      }
      return r.firstBad().isPresent() && r.lastGood().isPresent()
          ? ExitCodes.OK
          : ExitCodes.NEGATIVE;
    }
  }

  private static String pick(String what, String given, List<String> options) {
    if (given != null) {
      if (!options.contains(given)) {
        throw new UserException(
            "--"
                + what
                + ": no "
                + what
                + " '"
                + given
                + "' in the matrix file ("
                + String.join(", ", options)
                + ")");
      }
      return given;
    }
    if (options.size() != 1) {
      throw new UserException(
          "the matrix file lists "
              + options.size()
              + " "
              + what
              + "s ("
              + String.join(", ", options)
              + "); choose one with --"
              + what);
    }
    return options.get(0);
  }
}
