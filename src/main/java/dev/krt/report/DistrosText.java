package dev.krt.report;

import dev.krt.app.DistroAnswers.LocalReport;
import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.Compatibility;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ToolchainCompat;
import dev.krt.knowledge.local.Package;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The human reports of {@code krt distros}: the dataset's table, and this machine's packages. */
public final class DistrosText {
  private DistrosText() {}

  public static void write(List<DistroCompat> all, Arch a, PrintStream out) {
    TextTable t =
        new TextTable("")
            .row(
                "distro",
                "packages",
                "rustc",
                "bindgen",
                "libclang",
                "rust-src",
                "builds (ARCH=" + a + ")");
    for (DistroCompat c : all) {
      for (DistroCompat.OptionRows o : c.options()) {
        DistroOption opt = o.option();
        t.row(
            c.distro().id(),
            opt.label(),
            v(opt.rustc()),
            v(opt.bindgen()),
            v(opt.libclang()),
            opt.rustSrcPackage().orElse("none"),
            builds(o));
      }
    }
    t.print(out);
    out.println();
    out.println(
        "(\"+warn\": also accepted with the kernel's warnings. Details and sources: krt compat --distro ID)");
  }

  private static String v(Optional<?> o) {
    return o.map(Object::toString).orElse("-");
  }

  public static String builds(DistroCompat.OptionRows o) {
    if (o.rows().isEmpty()) {
      return (o.option().versionUnknown() ? "unknown: " : "nothing: ") + o.option().missing();
    }
    List<KernelRelease> all = o.rows().stream().map(ToolchainCompat.Row::release).toList();
    String ok =
        KernelRanges.of(
            all, k -> o.result(k).map(r -> r.verdict() == Verdict.AVAILABLE).orElse(false));
    String warn =
        KernelRanges.of(
            all,
            k ->
                o.result(k).map(r -> r.verdict() == Verdict.AVAILABLE_WITH_WARNINGS).orElse(false));
    return ok + (warn.equals("none") ? "" : "  +warn: " + warn);
  }

  public static void writeLocal(LocalReport r, PrintStream out) {
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
      String who =
          i == j
              ? kernels.get(i).label()
              : kernels.get(i).kernel()
                  + " - "
                  + kernels.get(j).kernel()
                  + (kernels.get(i).released() ? "" : " (announced)");
      out.println("  " + who);
      out.println("      " + key);
      KernelRelease first = kernels.get(i);
      r.compat()
          .bestOption(first)
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
    if (r.compat().options().stream()
        .anyMatch(
            o ->
                o.rows().stream()
                    .anyMatch(
                        x ->
                            x.release().pinned()
                                && x.result().verdict() == Verdict.AVAILABLE_WITH_WARNINGS))) {
      out.println(CompatText.PINNED_NOTE);
    }
  }

  /** What one kernel gets here: verdict, the package set, the first problem. */
  private static String localLine(LocalReport r, KernelRelease k) {
    Optional<DistroCompat.OptionRows> best = r.compat().bestOption(k);
    if (best.isEmpty()) {
      return String.format(
          "%-9s %s",
          "no",
          r.compat().options().isEmpty()
              ? "no rustc package"
              : r.compat().options().get(0).option().missing());
    }
    Compatibility.Result x = best.get().result(k).get();
    return String.format(
        "%-9s %s%s",
        CompatText.verdict(x.verdict()),
        describe(best.get().option()),
        x.reasons().isEmpty() ? "" : ": " + x.reasons().get(0));
  }

  private static String describe(DistroOption o) {
    return "rustc "
        + v(o.rustc())
        + " + bindgen "
        + v(o.bindgen())
        + " + libclang "
        + v(o.libclang());
  }
}
