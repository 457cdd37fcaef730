package dev.krt.app;

import dev.krt.check.Advisor;
import dev.krt.check.CheckReport;
import dev.krt.check.Checker;
import dev.krt.check.ToolchainCheck;
import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
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

/**
 * {@code krt check} as a use case: resolve the kernel, select and probe the toolchains, apply the
 * tree's own rules, and add advice that works on this machine.
 */
public final class CheckToolchains {
  /**
   * @param kernel as {@code --kernel} takes it; empty: the working directory or the newest policy
   * @param noCache run every probe again instead of using the probe cache
   * @param config {@code --config}: a config target or {@code .config} file to ask the tree's
   *     Kconfig about, after the script's verdict
   */
  public record Request(
      Optional<String> kernel,
      Arch arch,
      ToolchainSelection toolchains,
      boolean noCache,
      Duration probeTimeout,
      Optional<String> config) {
    public Request {
      if (probeTimeout.isNegative() || probeTimeout.isZero()) {
        throw new UserException("--probe-timeout must be positive");
      }
    }
  }

  private final Workspace ws;

  public CheckToolchains(Workspace ws) {
    this.ws = ws;
  }

  public CheckReport run(Request req, Stages stages) throws IOException {
    long t0 = System.nanoTime();
    // A bad --config is the user's mistake: said before anything is probed.
    Optional<KconfigRust.ConfigSpec> config =
        req.config().map(c -> KconfigRust.ConfigSpec.parse(c, ws.cwd()));
    ResolvedKernel k = new KernelResolver(ws).resolve(req.kernel(), req.arch());
    if (config.isPresent() && k.tree().builtin()) {
      throw new UserException(
          "--config needs a kernel tree to run its Kconfig: give --kernel SRC or run it in a tree");
    }
    stages.mark("kernel");
    KernelTree tree = k.tree();
    Arch arch = req.arch();
    List<Toolchain> toolchains =
        req.toolchains().select(ws, new ToolchainDiscovery(ws.env(), ws.cwd()));
    stages.mark("discovery");
    ProcessRunner runner = new ProcessRunner();
    CachingExecutor exec = new CachingExecutor(runner, req.noCache() ? null : ws.dirs().cache());
    if (tree.era().isEmpty()) {
      return new CheckReport(
          tree,
          k.note(),
          k.knownRow().map(KnownRow::note),
          tree.policy(arch),
          List.of(),
          0,
          0,
          (System.nanoTime() - t0) / 1_000_000);
    }
    List<ToolchainCheck> results;
    try (ToolchainProber prober =
        new ToolchainProber(ws.env(), ws.cwd(), exec, req.probeTimeout(), ws.dirs().cache())) {
      results = new Checker(tree, arch, prober).checkAll(toolchains);
    }
    stages.mark("check");
    Advisor advisor =
        new Advisor(
            new MachineInventory(
                ws.env(),
                ws.cwd(),
                runner,
                Optional.ofNullable(req.noCache() ? null : ws.dirs().cache())),
            tree.policy(arch));
    List<ToolchainCheck> advised = new ArrayList<>();
    for (ToolchainCheck r : results) {
      advised.add(advisor.advise(r));
    }
    stages.mark("advice");
    advised = new KconfigStage(ws, req, config).apply(k.tree(), advised);
    stages.mark("kconfig");
    return new CheckReport(
        tree,
        k.note(),
        k.knownRow().map(KnownRow::note),
        tree.policy(arch),
        advised,
        exec.ran(),
        exec.hits(),
        (System.nanoTime() - t0) / 1_000_000);
  }
}
