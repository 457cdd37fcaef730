package dev.krt.cli;

import dev.krt.error.UserException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.Compatibility;
import dev.krt.knowledge.Distro;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.Distros;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ToolchainCompat;
import dev.krt.knowledge.local.OsRelease;
import dev.krt.knowledge.local.Package;
import dev.krt.knowledge.local.PackageManager;
import dev.krt.knowledge.local.PackageManagers;
import dev.krt.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt distros}: distribution releases, their toolchain packages and the kernels they build. */
@Command(
    name = "distros",
    header = "Distro releases, their toolchain packages, what those build (--local: this machine).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists distribution releases krt knows with their rustc / bindgen / libclang / rust-src packages",
      "and the kernel releases those packages alone can build. With --local, asks this machine's",
      "package manager (apt-cache, dnf, pacman or zypper; nothing is installed) what it can install,",
      "which kernels that could build, and the exact install command."
    },
    footer = {"", "Examples:", "  krt distros", "  krt distros --local", "  krt compat --distro debian-13"})
public final class DistrosCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(names = "--local", description = "Ask this machine's package manager instead of krt's dataset.")
  boolean local;

  @Mixin ArchOption arch = new ArchOption();

  @Mixin FormatOption format = new FormatOption();

  /** Where /etc/os-release and the package managers are looked for (tests point it elsewhere). */
  Path root = Path.of("/");

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  /** What the local package manager said, and what its packages can build. */
  public record LocalReport(OsRelease os, String manager, List<Package> packages, DistroCompat compat) {}

  @Override
  public Integer call() throws IOException {
    Arch a = arch.resolve(ctx.env());
    if (local) {
      LocalReport r = local(a);
      if (format.json()) {
        localJson(r);
      } else {
        localText(r);
      }
      return r.compat().buildsAny() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
    List<DistroCompat> all = new ArrayList<>();
    for (Distro d : Distros.builtin().all()) {
      all.add(DistroCompat.compute(KernelPolicies.builtin(), a, d));
    }
    if (format.json()) {
      ObjectNode root = CompatJson.M.createObjectNode();
      root.put("schema", "krt.distros/1");
      root.put("arch", a.arch());
      ArrayNode ds = root.putArray("distros");
      for (DistroCompat c : all) {
        ObjectNode n = ds.addObject();
        n.setAll(CompatJson.distro(c.distro()));
        options(n.putArray("options"), c);
      }
      ctx.out().println(CompatJson.M.writeValueAsString(root));
      return ExitCodes.OK;
    }
    TextTable t = new TextTable("").row("distro", "packages", "rustc", "bindgen", "libclang", "rust-src", "builds (ARCH=" + a + ")");
    for (DistroCompat c : all) {
      for (DistroCompat.OptionRows o : c.options()) {
        DistroOption opt = o.option();
        t.row(c.distro().id(), opt.label(), v(opt.rustc()), v(opt.bindgen()), v(opt.libclang()), opt.rustSrcPackage().orElse("none"), builds(o));
      }
    }
    t.print(ctx.out());
    ctx.out().println();
    ctx.out().println("(\"+warn\": also accepted with the kernel's warnings. Details and sources: krt compat --distro ID)");
    return ExitCodes.OK;
  }

  private static String v(Optional<?> o) {
    return o.map(Object::toString).orElse("-");
  }

  static String builds(DistroCompat.OptionRows o) {
    if (o.rows().isEmpty()) {
      return (o.option().versionUnknown() ? "unknown: " : "nothing: ") + o.option().missing();
    }
    List<KernelRelease> all = o.rows().stream().map(ToolchainCompat.Row::release).toList();
    String ok = KernelRanges.of(all, k -> o.result(k).map(r -> r.verdict() == Verdict.AVAILABLE).orElse(false));
    String warn = KernelRanges.of(all, k -> o.result(k).map(r -> r.verdict() == Verdict.AVAILABLE_WITH_WARNINGS).orElse(false));
    return ok + (warn.equals("none") ? "" : "  +warn: " + warn);
  }

  public LocalReport local(Arch a) {
    OsRelease os = PackageManagers.os(root);
    PackageManager pm =
        PackageManagers.detect(new ProcessRunner(), root).orElseThrow(() -> new UserException("no supported package manager here (apt-cache, dnf, pacman, zypper); see 'krt distros' for krt's dataset"));
    List<Package> pkgs;
    try {
      pkgs = pm.query();
    } catch (PackageManager.PackageQueryException e) {
      throw new UserException(e.getMessage());
    }
    List<DistroOption> opts = pm.options(pkgs);
    Distro d = new Distro("local", os.prettyName() + " (this machine)", os.id(), pm.name(), Optional.empty(), false, Optional.empty(), opts);
    return new LocalReport(os, pm.name(), pkgs, DistroCompat.compute(KernelPolicies.builtin(), a, d));
  }

  private void localText(LocalReport r) {
    var out = ctx.out();
    out.println(r.os().prettyName() + ": what " + r.manager() + " can install here");
    if (r.packages().isEmpty()) {
      out.println("  no rustc, bindgen or libclang packages known to " + r.manager());
    }
    for (Package p : r.packages()) {
      out.println("  " + p.describe());
    }
    out.println();
    // Mainline first, then stable lines; consecutive kernels with the same answer share a line.
    List<KernelRelease> kernels = new ArrayList<>(KernelPolicies.builtin().all());
    kernels.sort(java.util.Comparator.comparing(KernelRelease::stableLine));
    out.println("Kernels these packages alone can build (ARCH=" + r.compat().arch() + "):");
    int i = 0;
    while (i < kernels.size()) {
      String key = localLine(r, kernels.get(i));
      int j = i;
      // Runs of mainline releases only, never across released/announced; stable lines stand alone.
      while (j + 1 < kernels.size()
          && !kernels.get(i).stableLine()
          && !kernels.get(j + 1).stableLine()
          && kernels.get(j + 1).released() == kernels.get(i).released()
          && localLine(r, kernels.get(j + 1)).equals(key)) {
        j++;
      }
      String who = i == j ? kernels.get(i).label() : kernels.get(i).kernel() + " - " + kernels.get(j).kernel() + (kernels.get(i).released() ? "" : " (announced)");
      out.println("  " + who);
      out.println("      " + key);
      KernelRelease first = kernels.get(i);
      r.compat().bestOption(first)
          .filter(o -> o.result(first).get().accepted())
          .ifPresent(
              o -> {
                o.option().install().ifPresent(x -> out.println("        " + x));
                List<String> then = new ArrayList<>();
                o.option().rustLibSrc().ifPresent(s -> then.add("RUST_LIB_SRC=" + s));
                o.option().make().ifPresent(then::add);
                out.println("        make " + String.join(" ", then) + " rustavailable");
              });
      i = j + 1;
    }
    if (r.compat().options().stream().anyMatch(o -> o.rows().stream().anyMatch(x -> x.release().pinned() && x.result().verdict() == Verdict.AVAILABLE_WITH_WARNINGS))) {
      out.println(CompatText.PINNED_NOTE);
    }
  }

  /** What one kernel gets here: verdict, the package set, the first problem. */
  private static String localLine(LocalReport r, KernelRelease k) {
    Optional<DistroCompat.OptionRows> best = r.compat().bestOption(k);
    if (best.isEmpty()) {
      return String.format("%-9s %s", "no", r.compat().options().isEmpty() ? "no rustc package" : r.compat().options().get(0).option().missing());
    }
    Compatibility.Result x = best.get().result(k).get();
    return String.format("%-9s %s%s", CompatText.verdict(x.verdict()), describe(best.get().option()), x.reasons().isEmpty() ? "" : ": " + x.reasons().get(0));
  }

  private static String describe(DistroOption o) {
    return "rustc " + v(o.rustc()) + " + bindgen " + v(o.bindgen()) + " + libclang " + v(o.libclang());
  }

  private void localJson(LocalReport r) throws IOException {
    ObjectNode root = CompatJson.M.createObjectNode();
    root.put("schema", "krt.distros-local/1");
    root.put("os", r.os().prettyName());
    root.put("osId", r.os().id());
    root.put("packageManager", r.manager());
    root.put("arch", r.compat().arch().arch());
    ArrayNode pk = root.putArray("packages");
    for (Package p : r.packages()) {
      ObjectNode n = pk.addObject();
      n.put("name", p.name());
      n.put("installed", p.installed().orElse(null));
      n.put("candidate", p.candidate().orElse(null));
      n.put("upstream", p.upstream().map(Object::toString).orElse(null));
    }
    options(root.putArray("options"), r.compat());
    ctx.out().println(CompatJson.M.writeValueAsString(root));
  }

  private static void options(ArrayNode a, DistroCompat c) {
    for (DistroCompat.OptionRows o : c.options()) {
      ObjectNode n = a.addObject();
      n.set("option", CompatJson.option(o.option()));
      CompatJson.kernelRows(n.putArray("kernels"), o.rows());
    }
  }
}
