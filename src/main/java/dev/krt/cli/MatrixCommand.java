package dev.krt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code krt matrix}: real kernel builds across toolchains, recorded and compared. */
@Command(
    name = "matrix",
    header =
        "Builds kernels' Rust code with many toolchains for real; records, compares and bisects the results.",
    mixinStandardHelpOptions = true,
    description = {
      "Builds the Rust parts of kernels for real, kernel x toolchain x arch x config, as a matrix file",
      "says (docs/matrix.md), and keeps every result in krt's store: SQLite in ~/.local/share/krt by",
      "default, PostgreSQL with --db or $KRT_DB."
    },
    subcommands = {
      MatrixRunCommand.class,
      MatrixShowCommand.class,
      MatrixRunsCommand.class,
      MatrixDiffCommand.class,
      MatrixBisectCommand.class,
      MatrixImportCommand.class,
      MatrixExportCommand.class,
      MatrixResultsCommand.class,
      MatrixPresetsCommand.class
    })
public final class MatrixCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand (try 'krt matrix run MATRIX.yaml')");
  }
}
