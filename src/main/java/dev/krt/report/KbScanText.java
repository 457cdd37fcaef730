package dev.krt.report;

import dev.krt.app.KernelHistory;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.KbScan;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The human reports of {@code krt kb scan}: each tag's policy, or where the dataset disagrees. */
public final class KbScanText {
  private KbScanText() {}

  public static void table(KernelHistory.Report r, PrintStream out) {
    out.println(
        String.format(
            "%-12s %-11s %-8s %-8s %-8s %-9s %-9s %s",
            "tag",
            "version",
            "rustc",
            "bindgen",
            "llvm",
            "policy",
            "checker",
            "per-arch differences"));
    for (KbScan.Scanned s : r.scanned()) {
      if (s.problem().isPresent()) {
        out.println(String.format("%-12s %s", s.tag(), "-- " + s.problem().get()));
        continue;
      }
      if (!s.hasRust()) {
        out.println(String.format("%-12s %-11s %s", s.tag(), s.version().get(), "no Rust support"));
        continue;
      }
      ToolPolicy x = s.policies().get("x86_64");
      List<String> other = new ArrayList<>();
      for (Map.Entry<String, ToolPolicy> e : s.policies().entrySet()) {
        ToolPolicy p = e.getValue();
        if (!p.rustc().equals(x.rustc())) {
          other.add(e.getKey() + " rustc " + p.rustc());
        }
        if (!p.bindgen().equals(x.bindgen())) {
          other.add(e.getKey() + " bindgen " + p.bindgen());
        }
        if (!p.llvm().equals(x.llvm())) {
          other.add(e.getKey() + " llvm " + p.llvm());
        }
      }
      var era = s.era().get();
      out.println(
          String.format(
              "%-12s %-11s %-8s %-8s %-8s %-9s %-9s %s",
              s.tag(),
              s.version().get(),
              x.rustc(),
              x.bindgen(),
              x.llvm(),
              era.pinned() ? "pinned" : "minimum",
              era.name(),
              String.join(", ", other)));
    }
    out.println(
        "(rustc/bindgen/llvm for ARCH=x86_64; the last column lists the architectures that differ)");
  }

  public static void differences(KernelHistory.Report r, PrintStream out) {
    if (r.differences().isEmpty()) {
      out.println("the " + r.scanned().size() + " tags agree with krt's built-in dataset");
      return;
    }
    TextTable t = new TextTable("").row("tag", "row", "what", "tree says", "dataset says");
    for (KbScan.Difference d : r.differences()) {
      t.row(d.tag(), d.row(), d.what(), d.tree(), d.dataset());
    }
    t.print(out);
    out.println(
        r.differences().size()
            + " difference(s): update src/main/resources/dev/krt/knowledge/kernel-policies.json (each row cites its source)");
  }
}
