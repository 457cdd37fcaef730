package dev.krt.cli;

import dev.krt.app.CheckToolchains;
import dev.krt.check.CheckReport;
import dev.krt.report.CheckJson;
import dev.krt.report.CheckText;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krt check}: will these toolchains build this kernel, and if not, why and how to fix it.
 */
@Command(
    name = "check",
    header = "Will these Rust toolchains build this kernel? The kernel's own verdict, and a fix.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Checks Rust toolchains against a kernel exactly as the kernel's own",
      "scripts/rust_is_available.sh would (for that tree's era), plus krt's own checks of rustdoc,",
      "rustfmt, clippy-driver and the rustc/Clang LLVM match, with a fix that works on this machine.",
      "",
      "Without --kernel: the current directory if it is a kernel tree, else the newest kernel policy",
      "krt knows. Without --toolchain/--all: the toolchain 'make rustavailable' would use from this",
      "shell: exported RUSTC/BINDGEN/CC as 'make RUSTC=$RUSTC ...' would take them, else the",
      "Makefile's rustc and bindgen from PATH and its CC (clang-N for LLVM=-N, else gcc)."
    },
    footer = {
      "",
      "Exit codes: 0 every toolchain is available (maybe with warnings), 1 at least one is not,",
      "2 usage or input error, 3 internal error.",
      "",
      "Examples:",
      "  krt check --kernel /usr/src/linux-source-6.12.tar.xz",
      "  krt check --kernel ~/src/linux@v6.12 --all --format json",
      "  krt check --kernel /usr/src/linux-source-6.12.tar.xz --all --config defconfig",
      "  krt check --rustc ~/.cargo/bin/rustc --bindgen ~/.cargo/bin/bindgen --cc clang-19"
    })
public final class CheckCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Mixin KernelOptions kernelOptions = new KernelOptions();

  @Mixin ToolchainOptions toolchainOptions = new ToolchainOptions();

  @Mixin FormatOption format = new FormatOption();

  @Option(
      names = "--no-cache",
      description = "Run every probe again instead of using krt's probe cache.")
  boolean noCache;

  @Option(
      names = "--probe-timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description =
          "Stop a probed program after this long and report it as hanging. Default: ${DEFAULT-VALUE}.")
  int probeTimeout;

  @Option(
      names = "--config",
      paramLabel = "TARGET|FILE",
      description = {
        "Also ask the tree's own Kconfig whether CONFIG_RUST=y survives this config with each",
        "toolchain: a config target (defconfig, tinyconfig, x86_64_defconfig) or a .config file.",
        "Runs the target, scripts/config --enable RUST and make olddefconfig in a private O=",
        "directory, as a matrix cell's config step does; a dropped RUST is not available."
      })
  String config;

  @Option(
      names = {"-v", "--verbose"},
      description = "Also show what the kernel's script would have printed.")
  boolean verbose;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    CheckReport report = compute();
    if (format.json()) {
      CheckJson.write(report, ctx.out());
    } else {
      CheckText.write(report, ctx.out(), verbose);
    }
    return report.kernel().hasRust() && report.allAvailable() ? ExitCodes.OK : ExitCodes.NEGATIVE;
  }

  /** Runs the check and returns the result object (what the renderers print). */
  public CheckReport compute() throws IOException {
    CheckToolchains.Request req =
        new CheckToolchains.Request(
            kernelOptions.kernel(),
            kernelOptions.arch(ctx),
            toolchainOptions.selection(),
            noCache,
            Duration.ofSeconds(probeTimeout),
            java.util.Optional.ofNullable(config));
    return new CheckToolchains(ctx.workspace()).run(req, new Timing(ctx));
  }
}
