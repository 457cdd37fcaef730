package dev.krt.cli;

import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/** {@code krt features --format markdown}: tables to paste into an issue (Rust-for-Linux/linux#2). */
final class FeaturesMarkdown {
  private FeaturesMarkdown() {}

  /** Markdown table cells must not break the table. */
  private static String cell(String s) {
    return s.replace("|", "\\|").replace("\n", " ");
  }

  private static String code(String s) {
    return "`" + s.replace("`", "") + "`";
  }

  static void report(FeaturesReport r, PrintStream out) {
    FeatureUsage u = r.usage();
    List<ToolchainFeatures> tcs = r.toolchains();
    out.println("### Unstable features in " + cell(r.tree().title()));
    out.println();
    out.println("Rust minimum of this tree: " + r.minimum().map(Object::toString).orElse("none") + ". Each cell is what that rustc reports for `#![feature(...)]` (krt features).");
    out.println();
    StringBuilder head = new StringBuilder("| feature | used in |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (ToolchainFeatures t : tcs) {
      head.append(' ').append(cell(t.version().map(v -> "rustc " + v).orElse("rustc ?"))).append("<br>").append(cell(t.toolchain().name())).append(" |");
      rule.append("---|");
    }
    out.println(head);
    out.println(rule);
    for (String f : u.featureNames()) {
      StringBuilder b = new StringBuilder("| " + code(f) + " | " + cell(FeaturesText.uses(u, f)) + " |");
      for (ToolchainFeatures t : tcs) {
        b.append(' ').append(cell(t.features().get(f).cell())).append(" |");
      }
      out.println(b);
    }
    out.println();
    r.newest().ifPresent(n -> out.println("**Blockers** (unstable on " + cell(n.versionLine().orElse("?")) + "): " + codes(r.blockers())));
    out.println();
    if (!r.unknownToNewest().isEmpty()) {
      out.println("**Unknown to the newest toolchain** (renamed or removed): " + codes(r.unknownToNewest()));
      out.println();
    }
    for (FeaturesReport.Step st : r.steps()) {
      boolean now = r.minimum().map(m -> m.equals(st.minimum())).orElse(false);
      out.println("- " + (now ? "Already stable at the minimum " : "Raise the minimum to ") + st.minimum() + " and " + st.features().size() + " feature gate" + (st.features().size() == 1 ? "" : "s") + " go away: " + codes(st.features()));
    }
    Map<String, List<FeatureUsage.ZFlag>> zu = FeaturesText.zflagUses(u);
    if (!zu.isEmpty()) {
      out.println();
      out.println("#### `-Z` flags");
      out.println();
      StringBuilder zh = new StringBuilder("| flag | used in |");
      StringBuilder zr = new StringBuilder("|---|---|");
      for (ToolchainFeatures t : tcs) {
        zh.append(' ').append(cell(t.version().map(v -> "rustc " + v).orElse("?"))).append(" |");
        zr.append("---|");
      }
      out.println(zh);
      out.println(zr);
      zu.forEach(
          (flag, l) -> {
            StringBuilder b = new StringBuilder("| " + code("-Z" + flag) + " | " + cell(String.join(", ", l.stream().map(z -> z.where().toString()).distinct().toList())) + " |");
            for (ToolchainFeatures t : tcs) {
              b.append(' ').append(t.zflags().map(z -> z.contains(flag) ? "yes" : "**no**").orElse("?")).append(" |");
            }
            out.println(b);
          });
    }
  }

  private static String codes(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l.stream().map(FeaturesMarkdown::code).toList());
  }

  static void gates(FeaturesCommand.Scanned s, VersionGates.Analysis a, PrintStream out) {
    out.println("### Version gates of " + cell(s.tree().title()) + " under a rustc minimum of " + a.minimum());
    out.println();
    out.println("| where | gate | fate | line |");
    out.println("|---|---|---|---|");
    for (VersionGates.Judged j : a.gates()) {
      FeatureUsage.VersionGate g = j.gate();
      out.println("| " + g.where() + " | " + cell(FeaturesText.threshold(g)) + " | " + FeaturesText.describe(j.fate()) + " | " + code(g.text()) + " |");
    }
    if (!a.deadUses().isEmpty()) {
      out.println();
      out.println("Uses of constant symbols (" + codes(List.copyOf(a.constantSymbols())) + "):");
      out.println();
      for (FeatureUsage.SymbolUse u : a.deadUses()) {
        out.println("- " + u.where() + ": " + code(u.text()));
      }
    }
  }
}
