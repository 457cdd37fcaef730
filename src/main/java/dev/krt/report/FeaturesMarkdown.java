package dev.krt.report;

import dev.krt.app.FeatureScan;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code krt features --format markdown}: tables to paste into an issue (Rust-for-Linux/linux#2).
 */
public final class FeaturesMarkdown {
  private FeaturesMarkdown() {}

  /** Table cell text: a {@code |} ends a cell in GitHub markdown even inside a code span. */
  public static String cell(String s) {
    return s.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ");
  }

  /** A code span that survives its own backticks (a longer fence around them). */
  public static String code(String s) {
    String fence = s.contains("``") ? "```" : s.contains("`") ? "``" : "`";
    String pad = s.startsWith("`") || s.endsWith("`") ? " " : "";
    return fence + pad + s + pad + fence;
  }

  public static void report(FeaturesReport r, PrintStream out) {
    FeatureUsage u = r.usage();
    List<ToolchainFeatures> tcs = r.toolchains();
    out.println("### Unstable features in Linux " + r.tree().version());
    out.println();
    out.println(
        "Rust minimum of this tree: "
            + r.minimum().map(Object::toString).orElse("none")
            + ". Each cell is what that rustc reports for `#![feature(...)]` (krt features).");
    out.println();
    StringBuilder head = new StringBuilder("| feature | used in |");
    StringBuilder rule = new StringBuilder("|---|---|");
    for (ToolchainFeatures t : tcs) {
      head.append(' ')
          .append(cell(t.version().map(v -> "rustc " + v).orElse("rustc ?")))
          .append("<br>")
          .append(cell(t.toolchain().name()))
          .append(" |");
      rule.append("---|");
    }
    out.println(head);
    out.println(rule);
    for (String f : u.featureNames()) {
      StringBuilder b =
          new StringBuilder("| " + cell(code(f)) + " | " + cell(FeaturesViews.uses(u, f)) + " |");
      for (ToolchainFeatures t : tcs) {
        b.append(' ').append(cell(t.features().get(f).cell())).append(" |");
      }
      out.println(b);
    }
    out.println();
    if (!r.vendoredOnly().isEmpty()) {
      out.println(
          r.vendoredOnly().size()
              + " of these are enabled only by the vendored `rust/alloc` (a copy of the standard library's, built with the one rustc it came from) and are left out below.");
      out.println();
    }
    out.println(
        r.newest()
            .map(
                n ->
                    "**Blockers** (unstable on "
                        + cell(n.versionLine().orElse("?"))
                        + "): "
                        + codes(r.blockers().get()))
            .orElse("**Blockers:** unknown (no toolchain answered conclusively)"));
    out.println();
    r.unknownToNewest()
        .filter(l -> !l.isEmpty())
        .ifPresent(
            l -> {
              out.println("**Unknown to the newest toolchain** (renamed or removed): " + codes(l));
              out.println();
            });
    for (FeaturesReport.Step st : r.steps()) {
      String s = FeaturesViews.step(st);
      out.println(
          "- " + Character.toUpperCase(s.charAt(0)) + s.substring(1) + ": " + codes(st.features()));
    }
    Map<String, List<FeatureUsage.ZFlag>> zu = FeaturesViews.zflagUses(u);
    if (!zu.isEmpty()) {
      out.println();
      out.println("#### `-Z` flags (listed by each rustc's `-Z help`)");
      out.println();
      StringBuilder zh = new StringBuilder("| flag | used in |");
      StringBuilder zr = new StringBuilder("|---|---|");
      for (ToolchainFeatures t : tcs) {
        zh.append(' ')
            .append(cell(t.version().map(v -> "rustc " + v).orElse("?")))
            .append("<br>")
            .append(cell(t.toolchain().name()))
            .append(" |");
        zr.append("---|");
      }
      out.println(zh);
      out.println(zr);
      zu.forEach(
          (flag, l) -> {
            StringBuilder b =
                new StringBuilder(
                    "| "
                        + cell(code("-Z" + flag))
                        + " | "
                        + cell(FeaturesViews.zflagPlaces(l))
                        + " |");
            for (ToolchainFeatures t : tcs) {
              b.append(' ')
                  .append(t.zflags().map(z -> z.contains(flag) ? "yes" : "**no**").orElse("?"))
                  .append(" |");
            }
            out.println(b);
          });
    }
    List<String> problems = FeaturesViews.problems(r);
    if (!problems.isEmpty()) {
      out.println();
      out.println("**Problems** (cells marked inconclusive say nothing about the feature):");
      out.println();
      problems.forEach(p -> out.println("- " + cell(p)));
    }
  }

  private static String codes(List<String> l) {
    return l.isEmpty()
        ? "none"
        : String.join(", ", l.stream().map(FeaturesMarkdown::code).toList());
  }

  public static void gates(FeatureScan.Scanned s, VersionGates.Analysis a, PrintStream out) {
    out.println(
        "### Version gates of Linux "
            + s.tree().version()
            + " under a rustc minimum of "
            + a.minimum());
    out.println();
    out.println("| where | comparisons | fate | line |");
    out.println("|---|---|---|---|");
    for (VersionGates.Judged j : a.gates()) {
      FeatureUsage.VersionGate g = j.gate();
      out.println(
          "| "
              + cell(g.where().toString())
              + " | "
              + cell(FeaturesViews.comparisons(g))
              + " | "
              + cell(FeaturesViews.describe(j.fate()))
              + " | "
              + cell(code(g.text()))
              + " |");
    }
    if (!a.deadUses().isEmpty()) {
      out.println();
      out.println("Uses of constant symbols (" + codes(List.copyOf(a.constantSymbols())) + "):");
      out.println();
      for (FeatureUsage.SymbolUse u : a.deadUses()) {
        out.println("- " + cell(u.where().toString()) + ": " + cell(code(u.text())));
      }
    }
  }
}
