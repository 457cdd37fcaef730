package dev.krt.cli;

import dev.krt.app.KernelHistory;
import dev.krt.report.KbScanJson;
import dev.krt.report.KbScanText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt kb scan}: the policy table of every release tag of a kernel repository. */
@Command(
    name = "scan",
    header =
        "Reads the toolchain policy at every release tag of a kernel repository; --diff against krt's dataset.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads scripts/min-tool-version.sh and scripts/rust_is_available.sh at every release tag of a",
      "kernel git repository (JGit, no checkout) and prints the toolchain policy table: rustc,",
      "bindgen and LLVM per architecture, pinned or minimum, the checker era. --diff shows where the",
      "repository disagrees with krt's built-in dataset (update the dataset when a kernel ships)."
    },
    footer = {
      "",
      "Exit codes: 0 scanned (and with --diff: no difference), 1 differences found, 2 bad input.",
      "",
      "Examples:",
      "  krt kb scan --git ~/src/linux",
      "  krt kb scan --git ~/src/linux --tags 'v6.*' --diff"
    })
public final class KbScanCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--git",
      paramLabel = "REPO",
      required = true,
      description = "A kernel git repository (work tree or bare).")
  Path git;

  @Option(
      names = "--tags",
      paramLabel = "GLOB",
      description = "Tags to read (* and ?); default: every release tag vX.Y and vX.Y.Z (no -rc).")
  String tags;

  @Option(
      names = "--diff",
      description = "Only show where the tags disagree with krt's built-in dataset.")
  boolean diff;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    KernelHistory.Report r =
        new KernelHistory(ctx.workspace()).scan(git, Optional.ofNullable(tags), diff);
    if (format.json()) {
      KbScanJson.write(r, ctx.out());
    } else if (diff) {
      KbScanText.differences(r, ctx.out());
    } else {
      KbScanText.table(r, ctx.out());
    }
    return diff && !r.differences().isEmpty() ? ExitCodes.NEGATIVE : ExitCodes.OK;
  }
}
