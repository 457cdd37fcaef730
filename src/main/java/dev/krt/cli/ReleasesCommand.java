package dev.krt.cli;

import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import dev.krt.report.ReleasesJson;
import dev.krt.report.ReleasesText;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krt releases}: the Rust release train on a date, and which kernels each release satisfies.
 */
@Command(
    name = "releases",
    header = "Rust stable/beta/nightly on a date, release dates, and the kernels that accept each.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows Rust's stable, beta and nightly on a date (1.N.0 ships every six weeks: 2015-05-14 + 42*N",
      "days), every release with its date, and which kernel releases accept it by their own rules",
      "(pinned exactly up to 6.10, a minimum since 6.11)."
    },
    footer = {
      "",
      "Examples:",
      "  krt releases",
      "  krt releases --date 2026-11-24",
      "  krt releases --all --format json"
    })
public final class ReleasesCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "The day to look at (default: today).")
  String date;

  @Option(
      names = "--all",
      description =
          "List every release since 1.0.0 (default: from the oldest rustc a kernel names).")
  boolean all;

  @Mixin ArchOption arch = new ArchOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ReleaseTable r = compute();
    if (format.json()) {
      ReleasesJson.write(r, ctx.out());
    } else {
      ReleasesText.write(r, ctx.out());
    }
    // Before 1.0.0 there was no stable Rust: a negative answer.
    return r.channels().stable().isPresent() ? ExitCodes.OK : ExitCodes.NEGATIVE;
  }

  public ReleaseTable compute() {
    return ReleaseTable.compute(
        RustReleases.builtin(),
        KernelPolicies.builtin(),
        arch.resolve(ctx.env()),
        KnowledgeArgs.date(date),
        java.time.LocalDate.now(),
        all);
  }
}
