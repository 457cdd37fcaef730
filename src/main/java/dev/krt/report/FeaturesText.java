package dev.krt.report;

import dev.krt.app.FeatureScan;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Human text for {@code krt features}. */
public final class FeaturesText {
  private FeaturesText() {}

  public static String column(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : "T" + i;
  }

  public static void report(FeaturesReport r, PrintStream out) {
    FeatureUsage u = r.usage();
    out.println(
        r.tree().title()
            + ": "
            + u.featureNames().size()
            + " features, "
            + u.zflagNames().size()
            + " -Z flags, "
            + u.gates().size()
            + " version gates"
            + r.minimum().map(m -> "  (rustc minimum " + m + ")").orElse(""));
    List<ToolchainFeatures> tcs = r.toolchains();
    for (int i = 0; i < tcs.size(); i++) {
      out.println("  " + column(i) + " = " + FeaturesViews.toolchain(tcs.get(i)));
    }
    out.println();
    TextTable t = new TextTable("");
    List<String> head = new ArrayList<>(List.of("feature"));
    for (int i = 0; i < tcs.size(); i++) {
      head.add(column(i));
    }
    head.add("used in");
    t.row(head.toArray(String[]::new));
    for (String f : u.featureNames()) {
      List<String> row = new ArrayList<>(List.of(f));
      for (ToolchainFeatures tc : tcs) {
        row.add(tc.features().get(f).cell());
      }
      row.add(FeaturesViews.uses(u, f));
      t.row(row.toArray(String[]::new));
    }
    t.print(out);
    out.println();
    if (!r.vendoredOnly().isEmpty()) {
      out.println(
          r.vendoredOnly().size()
              + " features are enabled only by the vendored rust/alloc (a copy of the standard library's alloc, built with the one rustc it was copied from): left out below");
    }
    out.println(
        r.newest()
            .map(
                n ->
                    "blockers (still unstable on "
                        + n.versionLine().orElse("?")
                        + ", the newest that answered): "
                        + list(r.blockers().get()))
            .orElse("blockers: unknown (no toolchain answered conclusively)"));
    r.unknownToNewest()
        .filter(l -> !l.isEmpty())
        .ifPresent(l -> out.println("unknown to the newest (renamed or removed): " + list(l)));
    Map<String, dev.krt.version.Version> since = r.stableSince();
    if (since.isEmpty()) {
      out.println("stabilized: none of these features is stable on any toolchain asked");
    } else {
      List<String> s = new ArrayList<>();
      since.forEach((f, v) -> s.add(f + " " + v));
      out.println("stabilized: " + String.join(", ", s));
      for (FeaturesReport.Step st : r.steps()) {
        out.println("  " + FeaturesViews.step(st) + " (" + String.join(", ", st.features()) + ")");
      }
    }
    Map<String, List<FeatureUsage.ZFlag>> zu = FeaturesViews.zflagUses(u);
    if (!zu.isEmpty()) {
      out.println();
      TextTable z = new TextTable("");
      List<String> zh = new ArrayList<>(List.of("-Z flag (listed by -Z help?)"));
      for (int i = 0; i < tcs.size(); i++) {
        zh.add(column(i));
      }
      zh.add("used in");
      z.row(zh.toArray(String[]::new));
      zu.forEach(
          (flag, l) -> {
            List<String> row = new ArrayList<>(List.of(flag));
            for (ToolchainFeatures tc : tcs) {
              row.add(tc.zflags().map(x -> x.contains(flag) ? "yes" : "-").orElse("?"));
            }
            row.add(FeaturesViews.zflagPlaces(l));
            z.row(row.toArray(String[]::new));
          });
      z.print(out);
      r.zflagsGoneOnNewest()
          .filter(l -> !l.isEmpty())
          .ifPresent(l -> out.println("passed to the newest but not in its -Z help: " + list(l)));
    }
    List<String> problems = FeaturesViews.problems(r);
    if (!problems.isEmpty()) {
      out.println();
      out.println("problems:");
      problems.forEach(p -> out.println("  " + CheckText.printable(p)));
    }
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l);
  }

  public static void gates(FeatureScan.Scanned s, VersionGates.Analysis a, PrintStream out) {
    out.println(
        s.tree().title()
            + ": version gates under a rustc minimum of "
            + a.minimum()
            + s.minimum().map(m -> " (the tree's own: " + m + ")").orElse(""));
    for (VersionGates.Fate f : VersionGates.Fate.values()) {
      List<VersionGates.Judged> l = a.with(f);
      out.println();
      out.println(
          FeaturesViews.describe(f)
              + (f == VersionGates.Fate.ALWAYS_TRUE || f == VersionGates.Fate.ALWAYS_FALSE
                  ? " (one branch is dead code)"
                  : "")
              + ": "
              + l.size());
      TextTable t = new TextTable("  ");
      for (VersionGates.Judged j : l) {
        FeatureUsage.VersionGate g = j.gate();
        t.row(
            g.where().toString(),
            FeaturesViews.comparisons(g),
            g.symbol().map(x -> x + ": ").orElse("") + g.text());
      }
      t.print(out);
    }
    out.println();
    out.println(
        "uses of RUSTC_HAS_* symbols that become constant"
            + (a.constantSymbols().isEmpty()
                ? ""
                : " (" + String.join(", ", a.constantSymbols()) + ")")
            + ": "
            + a.deadUses().size());
    TextTable t = new TextTable("  ");
    for (FeatureUsage.SymbolUse u : a.deadUses()) {
      t.row(u.where().toString(), u.text());
    }
    t.print(out);
  }
}
