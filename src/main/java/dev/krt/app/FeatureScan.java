package dev.krt.app;

import dev.krt.features.FeatureProbe;
import dev.krt.features.FeatureScanner;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.source.KernelSource;
import dev.krt.process.CachingExecutor;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.version.Version;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code krt features} as a use case: what a tree uses of unstable Rust, as each compiler sees it.
 */
public final class FeatureScan {
  /** The scanned tree: what it is, what it uses, and the rustc minimum it names. */
  public record Scanned(KernelTree tree, FeatureUsage usage, Optional<Version> minimum) {}

  private final Workspace ws;
  private final boolean noCache;

  public FeatureScan(Workspace ws, boolean noCache) {
    this.ws = ws;
    this.noCache = noCache;
  }

  /**
   * Reads the tree and its feature usage (the same --kernel rules as krt check, but a real tree).
   */
  public Scanned scan(Optional<String> kernel, Arch arch) throws IOException {
    try (KernelSource src =
        new KernelResolver(ws).openSource(kernel, "krt features reads the tree's sources")) {
      KernelTree tree = KernelResolver.load(src);
      FeatureUsage usage = FeatureScanner.scan(src, noCache ? null : ws.dirs().cache());
      Optional<Version> min =
          Optional.ofNullable(tree.policy(arch).rustc())
              .flatMap(
                  v -> {
                    try {
                      return Optional.of(Version.parse(v));
                    } catch (IllegalArgumentException e) {
                      return Optional.empty();
                    }
                  });
      return new Scanned(tree, usage, min);
    }
  }

  /** Asks every selected toolchain, in parallel, one compiler run each (plus -vV and -Z help). */
  public FeaturesReport report(Scanned s, ToolchainSelection selection, Duration probeTimeout)
      throws IOException {
    List<Toolchain> tcs = selection.select(ws, new ToolchainDiscovery(ws.env(), ws.cwd()));
    CachingExecutor exec =
        new CachingExecutor(new ProcessRunner(), noCache ? null : ws.dirs().cache());
    Path out = ws.dirs().cache().resolve("feature-probe-out");
    FeatureProbe probe = new FeatureProbe(exec, ws.env(), ws.cwd(), out, probeTimeout);
    List<String> names = s.usage().featureNames();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(tcs.size(), Runtime.getRuntime().availableProcessors())),
            r -> {
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
        } catch (ExecutionException e) {
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

  /**
   * One column per compiler: toolchains that are the same build (same {@code rustc --version} line,
   * same answers; rustup:stable and a wrapper around it, say) become one column under their names
   * joined.
   */
  static List<ToolchainFeatures> mergeIdentical(List<ToolchainFeatures> results) {
    Map<String, ToolchainFeatures> byAnswer = new LinkedHashMap<>();
    for (ToolchainFeatures t : results) {
      String key =
          t.versionLine().orElse("?" + t.toolchain().name())
              + "\0"
              + t.features()
              + "\0"
              + t.zflags()
              + "\0"
              + t.problems();
      byAnswer.merge(
          key,
          t,
          (a, b) ->
              new ToolchainFeatures(
                  a.toolchain().withName(a.toolchain().name() + " = " + b.toolchain().name()),
                  a.version(),
                  a.versionLine(),
                  a.features(),
                  a.zflags(),
                  a.problems()));
    }
    // Oldest compiler first: the columns read as history.
    return byAnswer.values().stream()
        .sorted(
            Comparator.comparing(
                (ToolchainFeatures t) -> t.parsedVersion().orElse(Version.of(999, 0, 0))))
        .toList();
  }
}
