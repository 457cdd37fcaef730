package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.features.FeatureProbe;
import dev.krt.features.FeatureScanner;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSources;
import dev.krt.process.CachingExecutor;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.ShellMinToolVersion;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt features}: the unstable features and -Z flags a kernel uses, per toolchain. */
@Command(
    name = "features",
    header = "The unstable features, -Z flags and version gates a kernel uses, as each toolchain sees them.",
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

  @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "text", description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format = Format.text;

  @Option(names = "--gates", description = "List the version gates that become constant under --min-rustc instead (no compiler runs).")
  boolean gates;

  @Option(names = "--min-rustc", paramLabel = "VERSION", description = "With --gates: the new rustc minimum (default: the tree's own).")
  String minRustc;

  @Option(names = "--no-cache", description = "Ask every compiler again instead of using krt's probe cache.")
  boolean noCache;

  @Option(names = "--probe-timeout", paramLabel = "SECONDS", defaultValue = "60", description = "Stop a compiler after this long and report it as hanging. Default: ${DEFAULT-VALUE}.")
  int probeTimeout;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  /** The scanned tree: what it is and what it uses. */
  public record Scanned(KernelTree tree, FeatureUsage usage, Optional<Version> minimum) {}

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
      Version min = minRustc != null ? KnowledgeArgs.version("--min-rustc", minRustc) : s.minimum().orElseThrow(() -> new UserException("the tree names no rustc minimum: give --min-rustc"));
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
    return r.toolchains().stream().anyMatch(t -> !t.problems().isEmpty()) ? ExitCodes.NEGATIVE : ExitCodes.OK;
  }

  /** Reads the tree and its feature usage (the same --kernel rules as krt check). */
  public Scanned scan() throws IOException {
    KernelTreeLoader loader = new KernelTreeLoader(new ShellMinToolVersion(new ProcessRunner()));
    Arch arch = kernelOptions.arch(ctx);
    KernelSource src;
    if (kernelOptions.kernel != null) {
      src = KernelSources.open(kernelOptions.kernel, ctx.cwd(), ctx.dirs().cache());
    } else if (KernelOptions.isKernelTree(ctx.cwd())) {
      src = new DirectorySource(ctx.cwd());
    } else {
      throw new UserException("no kernel: run it in a kernel tree or give --kernel SRC (krt features reads the tree's sources)");
    }
    try (src) {
      KernelTree tree = loader.load(src, true);
      FeatureUsage usage = FeatureScanner.scan(src, noCache ? null : ctx.dirs().cache());
      Optional<Version> min = Optional.ofNullable(tree.policy(arch).rustc()).flatMap(v -> {
        try {
          return Optional.of(Version.parse(v));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      });
      return new Scanned(tree, usage, min);
    }
  }

  /**
   * One column per compiler: toolchains that are the same build (same {@code rustc --version}
   * line, same answers; rustup:stable and a wrapper around it, say) become one column under their
   * names joined.
   */
  static List<ToolchainFeatures> mergeIdentical(List<ToolchainFeatures> results) {
    Map<String, ToolchainFeatures> byAnswer = new java.util.LinkedHashMap<>();
    for (ToolchainFeatures t : results) {
      String key = t.versionLine().orElse("?" + t.toolchain().name()) + "\0" + t.features() + "\0" + t.zflags() + "\0" + t.problems();
      byAnswer.merge(key, t, (a, b) -> new ToolchainFeatures(a.toolchain().withName(a.toolchain().name() + " = " + b.toolchain().name()), a.version(), a.versionLine(), a.features(), a.zflags(), a.problems()));
    }
    // Oldest compiler first: the columns read as history.
    return byAnswer.values().stream().sorted(java.util.Comparator.comparing((ToolchainFeatures t) -> t.parsedVersion().orElse(dev.krt.version.Version.of(999, 0, 0)))).toList();
  }

  /** Asks every selected toolchain, in parallel, one compiler run each (plus -vV and -Z help). */
  public FeaturesReport report(Scanned s) throws IOException {
    List<Toolchain> tcs = toolchainOptions.select(ctx, new ToolchainDiscovery(ctx.env(), ctx.cwd()));
    CachingExecutor exec = new CachingExecutor(new ProcessRunner(), noCache ? null : ctx.dirs().cache());
    Path out = ctx.dirs().cache().resolve("feature-probe-out");
    FeatureProbe probe = new FeatureProbe(exec, ctx.env(), ctx.cwd(), out, Duration.ofSeconds(probeTimeout));
    List<String> names = s.usage().featureNames();
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(tcs.size(), Runtime.getRuntime().availableProcessors())), r -> {
      Thread t = new Thread(r, "krt-features");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<ToolchainFeatures>> fs = new ArrayList<>();
      for (Toolchain tc : tcs) {
        fs.add(pool.submit(() -> probe.probe(tc, names)));
      }
      List<ToolchainFeatures> results = new ArrayList<>();
      for (Future<ToolchainFeatures> f : fs) {
        try {
          results.add(f.get());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
          if (e.getCause() instanceof IOException io) {
            throw io;
          }
          throw new IllegalStateException(e.getCause());
        }
      }
      return new FeaturesReport(s.tree(), s.minimum(), s.usage(), mergeIdentical(results));
    } finally {
      pool.shutdownNow();
    }
  }
}
