package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.check.Advisor;
import dev.krt.check.CheckReport;
import dev.krt.check.Checker;
import dev.krt.check.ToolchainCheck;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.knowledge.BuiltinKernels;
import dev.krt.knowledge.KnownRow;
import dev.krt.process.CachingExecutor;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.MachineInventory;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.toolchain.ToolchainProber;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt check}: will these toolchains build this kernel, and if not, why and how to fix it. */
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
      "  krt check --rustc ~/.cargo/bin/rustc --bindgen ~/.cargo/bin/bindgen --cc clang-19"
    })
public final class CheckCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Mixin KernelOptions kernelOptions = new KernelOptions();

  @Mixin ToolchainOptions toolchainOptions = new ToolchainOptions();

  @Mixin FormatOption format = new FormatOption();

  @Option(names = "--no-cache", description = "Run every probe again instead of using krt's probe cache.")
  boolean noCache;

  @Option(names = "--probe-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Stop a probed program after this long and report it as hanging. Default: ${DEFAULT-VALUE}.")
  int probeTimeout;

  @Option(names = {"-v", "--verbose"}, description = "Also show what the kernel's script would have printed.")
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
    long t0 = System.nanoTime();
    if (probeTimeout <= 0) {
      throw new UserException("--probe-timeout must be positive");
    }
    Timing timing = new Timing(ctx);
    KernelOptions.Resolved k = kernelOptions.resolve(ctx);
    timing.mark("kernel");
    KernelTree tree = k.tree();
    Arch arch = kernelOptions.arch(ctx);
    ToolchainDiscovery discovery = new ToolchainDiscovery(ctx.env(), ctx.cwd());
    List<Toolchain> toolchains = toolchainOptions.select(ctx, discovery);
    timing.mark("discovery");
    ProcessRunner runner = new ProcessRunner();
    CachingExecutor exec = new CachingExecutor(runner, noCache ? null : ctx.dirs().cache());
    List<ToolchainCheck> results;
    if (tree.era().isEmpty()) {
      results = List.of();
      return new CheckReport(tree, k.note(), k.knownRow().map(KnownRow::note), tree.policy(arch), results, 0, 0, (System.nanoTime() - t0) / 1_000_000);
    }
    try (ToolchainProber prober = new ToolchainProber(ctx.env(), ctx.cwd(), exec, Duration.ofSeconds(probeTimeout), ctx.dirs().cache())) {
      results = new Checker(tree, arch, prober).checkAll(toolchains);
    }
    timing.mark("check");
    Advisor advisor = new Advisor(new MachineInventory(ctx.env(), ctx.cwd(), runner, Optional.ofNullable(noCache ? null : ctx.dirs().cache())), tree.policy(arch));
    List<ToolchainCheck> advised = new ArrayList<>();
    for (ToolchainCheck r : results) {
      advised.add(advisor.advise(r));
    }
    timing.mark("advice");
    return new CheckReport(tree, k.note(), k.knownRow().map(KnownRow::note), tree.policy(arch), advised, exec.ran(), exec.hits(), (System.nanoTime() - t0) / 1_000_000);
  }

  /** Kept for tests: the newest built-in policy. */
  static KernelTree builtin() {
    return BuiltinKernels.newest();
  }
}
