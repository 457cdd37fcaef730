package dev.krt.report;

import dev.krt.app.ResolvedKernel;
import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import java.io.PrintStream;
import java.util.List;

/** The human report of {@code krt kernel}: version, checker era, and the minimums per ARCH. */
public final class KernelText {
  private KernelText() {}

  public static void write(ResolvedKernel r, Arch arch, List<Arch> arches, PrintStream out) {
    KernelTree k = r.tree();
    out.println(k.title());
    if (!r.note().isEmpty()) {
      out.println("  (" + r.note() + ")");
    }
    r.knownRow().ifPresent(n -> out.println("  (" + n.note() + ")"));
    if (!k.hasRust()) {
      out.println("  no Rust support (scripts/rust_is_available.sh appeared in Linux 6.1)");
      return;
    }
    k.era()
        .ifPresent(
            e -> {
              String text =
                  e.blobId()
                      .map(
                          b ->
                              ", script blob "
                                  + b.substring(0, 12)
                                  + (CheckerEra.knownText(b).isPresent()
                                      ? ", a text krt is tested against"
                                      : ", a text krt was never tested against: its checks are read from it"))
                      .orElse("");
              out.println("  checker era: " + e.name() + " (" + e.basis() + text + ")");
              for (String f : e.describeFeatures()) {
                out.println("    - " + f);
              }
            });
    ToolPolicy def = k.policy(arch);
    out.println(
        "  policy: "
            + (def.pinned()
                ? "pinned versions (newer ones get \"too new\" warnings)"
                : "minimum versions")
            + "; "
            + def.basis());
    out.println(String.format("  %-10s %-9s %-9s %s", "ARCH", "rustc", "bindgen", "llvm/libclang"));
    for (Arch a : arches) {
      ToolPolicy p = k.policy(a);
      out.println(
          String.format("  %-10s %-9s %-9s %s", a.arch(), p.rustc(), p.bindgen(), p.llvm()));
    }
  }
}
