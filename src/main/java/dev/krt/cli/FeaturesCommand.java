package dev.krt.cli;

import dev.krt.app.FeatureScan;
import dev.krt.app.FeatureScan.Scanned;
import dev.krt.error.UserException;
import dev.krt.features.FeaturesReport;
import dev.krt.features.VersionGates;
import dev.krt.report.FeaturesJson;
import dev.krt.report.FeaturesMarkdown;
import dev.krt.report.FeaturesText;
import dev.krt.version.Version;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt features}: the unstable features and -Z flags a kernel uses, per toolchain. */
@Command(
    name = "features",
    header =
        "The unstable features, -Z flags and version gates a kernel uses, as each toolchain sees them.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Scans a kernel (directory, tarball or REPO@REF) for what keeps it off stable Rust: #![feature]",
      "and cfg_attr(..., feature) in every crate, rust_allowed_features, -Zcrate-attr and every -Z flag",
      "of its Makefiles, and its version gates (Kconfig RUSTC_VERSION >= N, RUSTC_HAS_*, rustc-min-version,",
      "rustc-option). Then asks each toolchain's own rustc, in one run, which features are stable (since",
      "when), unstable, incomplete, internal, removed or unknown, and which -Z flags it has.",
      "",
      "--gates [--min-rustc V] lists instead the version gates a new minimum makes constant: the dead",
      "branches a minimum bump can delete (no compiler is run)."
    },
    footer = {
      "",
      "Exit codes: 0 report made, 1 a compiler could not be asked (see its problems), 2 bad input.",
      "",
      "Examples:",
      "  krt features --kernel /usr/src/linux-source-6.12.tar.xz --all --format markdown",
      "  krt features --kernel ~/src/linux@v7.1 --toolchain rustup:stable rustup:nightly",
      "  krt features --kernel ~/src/linux --gates --min-rustc 1.85.0"
    })
public final class FeaturesCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Mixin KernelOptions kernelOptions = new KernelOptions();

  @Mixin ToolchainOptions toolchainOptions = new ToolchainOptions();

  /** The output formats of this command: markdown is a table to paste into an issue. */
  public enum Format {
    text,
    json,
    markdown
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format = Format.text;

  @Option(
      names = "--gates",
      description =
          "List the version gates that become constant under --min-rustc instead (no compiler runs).")
  boolean gates;

  @Option(
      names = "--min-rustc",
      paramLabel = "VERSION",
      description = "With --gates: the new rustc minimum (default: the tree's own).")
  String minRustc;

  @Option(
      names = "--no-cache",
      description = "Ask every compiler again instead of using krt's probe cache.")
  boolean noCache;

  @Option(
      names = "--probe-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Stop a compiler after this long and report it as hanging. Default: ${DEFAULT-VALUE}.")
  int probeTimeout;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    if (minRustc != null && !gates) {
      throw new UserException("--min-rustc goes with --gates");
    }
    if (probeTimeout <= 0) {
      throw new UserException("--probe-timeout must be positive");
    }
    Timing timing = new Timing(ctx);
    Scanned s = scan();
    timing.mark("scan");
    if (gates) {
      Version min =
          minRustc != null
              ? KnowledgeArgs.version("--min-rustc", minRustc)
              : s.minimum()
                  .orElseThrow(
                      () -> new UserException("the tree names no rustc minimum: give --min-rustc"));
      VersionGates.Analysis a = VersionGates.under(s.usage(), min);
      switch (format) {
        case json -> FeaturesJson.gates(s, a, ctx.out());
        case markdown -> FeaturesMarkdown.gates(s, a, ctx.out());
        default -> FeaturesText.gates(s, a, ctx.out());
      }
      return ExitCodes.OK;
    }
    FeaturesReport r = report(s);
    timing.mark("probe");
    switch (format) {
      case json -> FeaturesJson.report(r, ctx.out());
      case markdown -> FeaturesMarkdown.report(r, ctx.out());
      default -> FeaturesText.report(r, ctx.out());
    }
    timing.mark("render");
    return r.toolchains().stream().anyMatch(t -> !t.problems().isEmpty())
        ? ExitCodes.NEGATIVE
        : ExitCodes.OK;
  }

  /** Reads the tree and its feature usage (the same --kernel rules as krt check). */
  public Scanned scan() throws IOException {
    return useCase().scan(kernelOptions.kernel(), kernelOptions.arch(ctx));
  }

  /** Asks every selected toolchain, in parallel, one compiler run each (plus -vV and -Z help). */
  public FeaturesReport report(Scanned s) throws IOException {
    return useCase().report(s, toolchainOptions.selection(), Duration.ofSeconds(probeTimeout));
  }

  private FeatureScan useCase() {
    return new FeatureScan(ctx.workspace(), noCache);
  }
}
