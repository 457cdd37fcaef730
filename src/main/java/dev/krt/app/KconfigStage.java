package dev.krt.app;

import dev.krt.check.Finding;
import dev.krt.check.KconfigFindings;
import dev.krt.check.KconfigVerdict;
import dev.krt.check.ToolchainCheck;
import dev.krt.check.Verdict;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.kconfig.RustKconfig;
import dev.krt.kernel.kconfig.RustRefusal;
import dev.krt.kernel.source.KernelSource;
import dev.krt.matrix.BuildToolchain;
import dev.krt.matrix.CellKeys;
import dev.krt.matrix.KernelCheckout;
import dev.krt.toolchain.PathLookup;
import dev.krt.version.Version;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The check's last stage: the tree's {@code config RUST}. With {@code --config}, the tree's Kconfig
 * is asked for each toolchain the script accepts, and a config that drops {@code CONFIG_RUST} makes
 * the verdict {@code NOT_AVAILABLE}; without it, a toolchain below a version gate of {@code config
 * RUST} gets a note saying what RUST then needs.
 */
final class KconfigStage {
  private final Workspace ws;
  private final CheckToolchains.Request req;
  private final Optional<KconfigRust.ConfigSpec> config;

  KconfigStage(Workspace ws, CheckToolchains.Request req, Optional<KconfigRust.ConfigSpec> config) {
    this.ws = ws;
    this.req = req;
    this.config = config;
  }

  List<ToolchainCheck> apply(KernelTree tree, List<ToolchainCheck> checks) throws IOException {
    if (tree.builtin() || !tree.hasRust() || checks.isEmpty() || tree.rustKconfig().isEmpty()) {
      return checks;
    }
    if (config.isEmpty()) {
      return gated(tree.rustKconfig().get(), checks);
    }
    Optional<RustKconfig> rk;
    try (KernelSource src = new KernelResolver(ws).openSource(req.kernel(), "--config")) {
      rk = RustKconfig.load(src, req.arch());
    }
    if (rk.isEmpty()) {
      return checks;
    }
    return asked(rk.get(), config.get(), checks);
  }

  private static List<ToolchainCheck> gated(RustKconfig rk, List<ToolchainCheck> checks) {
    List<ToolchainCheck> out = new ArrayList<>();
    for (ToolchainCheck c : checks) {
      Optional<Version> rustc = c.facts().rustcVersion().map(Version::parseLenient);
      Optional<Finding> f =
          c.verdict() == Verdict.NOT_AVAILABLE || rustc.isEmpty()
              ? Optional.empty()
              : KconfigFindings.gated(
                  rk, rustc.get(), c.facts().rustcLlvm().map(Version::parseLenient));
      out.add(f.map(c::with).orElse(c));
    }
    return out;
  }

  private List<ToolchainCheck> asked(
      RustKconfig rk, KconfigRust.ConfigSpec spec, List<ToolchainCheck> checks) throws IOException {
    KernelCheckout tree =
        KernelCheckout.prepare(
            "kernel", req.kernel().orElse(ws.cwd().toString()), ws.cwd(), ws.dirs().cache());
    Map<String, Version> candidates = new LinkedHashMap<>();
    for (ToolchainCheck c : checks) {
      if (c.verdict() != Verdict.NOT_AVAILABLE) {
        c.facts()
            .rustcVersion()
            .ifPresent(v -> candidates.put(c.toolchain().name(), Version.parseLenient(v)));
      }
    }
    PathLookup lookup = new PathLookup(ws.env(), ws.cwd());
    // Kconfig's $(shell) probes keep a core busy: two toolchains at once on two cores halve an
    // --all; each worker has its own O= directory (and builds scripts/kconfig once).
    int workers = Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    ExecutorService pool = Executors.newFixedThreadPool(workers);
    ThreadLocal<KconfigRust> mine = new ThreadLocal<>();
    List<KconfigRust> all = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<ToolchainCheck>> futures = new ArrayList<>();
    try {
      for (ToolchainCheck c : checks) {
        futures.add(
            pool.submit(
                () -> {
                  KconfigRust k = mine.get();
                  if (k == null) {
                    k = new KconfigRust(ws, tree, req.arch());
                    mine.set(k);
                    all.add(k);
                  }
                  return one(k, rk, spec, c, candidates, lookup);
                }));
      }
      List<ToolchainCheck> out = new ArrayList<>();
      for (Future<ToolchainCheck> f : futures) {
        out.add(join(f));
      }
      return out;
    } finally {
      pool.shutdownNow();
      try {
        // a worker still in make (after another failed) is stopped before its O= goes
        pool.awaitTermination(
            KconfigRust.STEP_TIMEOUT.toSeconds() + 10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      for (KconfigRust k : all) {
        k.close();
      }
    }
  }

  private static <T> T join(Future<T> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new java.io.InterruptedIOException("interrupted while asking Kconfig");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new IllegalStateException(e.getCause());
    }
  }

  private ToolchainCheck one(
      KconfigRust kconfig,
      RustKconfig rk,
      KconfigRust.ConfigSpec spec,
      ToolchainCheck c,
      Map<String, Version> candidates,
      PathLookup lookup)
      throws IOException {
    if (c.verdict() == Verdict.NOT_AVAILABLE) {
      // The script refuses it: Kconfig's RUST_IS_AVAILABLE is n, and says nothing more.
      return c;
    }
    BuildToolchain bt = BuildToolchain.of(c.toolchain().name(), c.toolchain());
    String fp = CellKeys.fingerprint(bt, Optional.of(c.facts()), lookup);
    KconfigRust.Answer a = kconfig.ask(spec, bt, fp, req.noCache());
    if (a.error().isPresent()) {
      return c.withKconfig(
          new KconfigVerdict(spec.name(), false, List.of(), a.error(), a.cached(), a.millis()),
          Optional.of(KconfigFindings.failed(spec.name(), a.error().get())),
          c.verdict() == Verdict.AVAILABLE ? Verdict.AVAILABLE_WITH_WARNINGS : c.verdict());
    }
    if (a.rustKept()) {
      return c.withKconfig(
          new KconfigVerdict(
              spec.name(), true, List.of(), Optional.empty(), a.cached(), a.millis()),
          Optional.empty(),
          c.verdict());
    }
    List<RustRefusal.Culprit> culprits = RustRefusal.of(rk, a.config());
    return c.withKconfig(
        new KconfigVerdict(spec.name(), false, culprits, Optional.empty(), a.cached(), a.millis()),
        Optional.of(KconfigFindings.refused(spec.name(), culprits, candidates)),
        Verdict.NOT_AVAILABLE);
  }
}
