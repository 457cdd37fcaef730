package dev.krt.cli;

import dev.krt.features.FeatureStatus;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Human text for {@code krt features}. */
final class FeaturesText {
  private FeaturesText() {}

  static String column(int i) {
    return i < 26 ? String.valueOf((char) ('A' + i)) : "T" + i;
  }

  static String toolchain(ToolchainFeatures t) {
    return t.toolchain().name() + " (" + t.versionLine().orElse("rustc ?") + ")";
  }

  /** The places a feature is enabled, compactly: {@code rust/kernel/lib.rs:15, scripts/Makefile.build:256 (allowed)}. */
  static String uses(FeatureUsage u, String feature) {
    List<String> w = new ArrayList<>();
    for (FeatureUsage.Feature f : u.features()) {
      if (f.name().equals(feature)) {
        String how = switch (f.how()) {
          case "rust_allowed_features" -> " (allowed)";
          case "-Zcrate-attr" -> " (-Zcrate-attr)";
          case "cfg_attr" -> " (if " + f.condition().orElse("?") + ")";
          default -> "";
        };
        w.add(f.where() + how);
      }
    }
    return String.join(", ", w);
  }

  static Map<String, List<FeatureUsage.ZFlag>> zflagUses(FeatureUsage u) {
    Map<String, List<FeatureUsage.ZFlag>> m = new LinkedHashMap<>();
    for (FeatureUsage.ZFlag z : u.zflags()) {
      m.computeIfAbsent(z.name(), k -> new ArrayList<>()).add(z);
    }
    return m;
  }

  static void report(FeaturesReport r, PrintStream out) {
    FeatureUsage u = r.usage();
    out.println(r.tree().title() + ": " + u.featureNames().size() + " features, " + u.zflagNames().size() + " -Z flags, " + u.gates().size() + " version gates" + r.minimum().map(m -> "  (rustc minimum " + m + ")").orElse(""));
    List<ToolchainFeatures> tcs = r.toolchains();
    for (int i = 0; i < tcs.size(); i++) {
      out.println("  " + column(i) + " = " + toolchain(tcs.get(i)));
    }
    int w = Math.max(22, u.featureNames().stream().mapToInt(String::length).max().orElse(0) + 2);
    out.println();
    StringBuilder head = new StringBuilder(String.format("%-" + w + "s", "feature"));
    for (int i = 0; i < tcs.size(); i++) {
      head.append(String.format("%-15s", column(i)));
    }
    out.println(head + "used in");
    for (String f : u.featureNames()) {
      StringBuilder b = new StringBuilder(String.format("%-" + w + "s", f));
      for (ToolchainFeatures t : tcs) {
        b.append(String.format("%-15s", t.features().get(f).cell()));
      }
      out.println(b + uses(u, f));
    }
    out.println();
    r.newest().ifPresent(n -> out.println("blockers (still unstable on " + n.versionLine().orElse("?") + ", the newest): " + list(r.blockers())));
    if (!r.unknownToNewest().isEmpty()) {
      out.println("unknown to the newest (renamed or removed): " + list(r.unknownToNewest()));
    }
    Map<String, dev.krt.version.Version> since = r.stableSince();
    if (since.isEmpty()) {
      out.println("stabilized: none of these features is stable on any toolchain asked");
    } else {
      List<String> s = new ArrayList<>();
      since.forEach((f, v) -> s.add(f + " " + v));
      out.println("stabilized: " + String.join(", ", s));
      for (FeaturesReport.Step st : r.steps()) {
        boolean now = r.minimum().map(m -> m.equals(st.minimum())).orElse(false);
        out.println((now ? "  already at the minimum " : "  raise the minimum to ") + st.minimum() + ": " + st.features().size() + " feature gate" + (st.features().size() == 1 ? "" : "s") + " can go (" + String.join(", ", st.features()) + ")");
      }
    }
    Map<String, List<FeatureUsage.ZFlag>> zu = zflagUses(u);
    if (!zu.isEmpty()) {
      out.println();
      int zw = Math.max(22, zu.keySet().stream().mapToInt(String::length).max().orElse(0) + 2);
      StringBuilder zh = new StringBuilder(String.format("%-" + zw + "s", "-Z flag"));
      for (int i = 0; i < tcs.size(); i++) {
        zh.append(String.format("%-5s", column(i)));
      }
      out.println(zh + "used in");
      zu.forEach(
          (flag, list) -> {
            StringBuilder b = new StringBuilder(String.format("%-" + zw + "s", flag));
            for (ToolchainFeatures t : tcs) {
              b.append(String.format("%-5s", t.zflags().map(z -> z.contains(flag) ? "yes" : "-").orElse("?")));
            }
            out.println(b + String.join(", ", list.stream().map(z -> z.where().toString()).distinct().toList()));
          });
      if (!r.zflagsGoneOnNewest().isEmpty()) {
        out.println("not in the newest toolchain's -Z help: " + list(r.zflagsGoneOnNewest()));
      }
    }
    problems(r, out);
  }

  private static void problems(FeaturesReport r, PrintStream out) {
    List<String> all = new ArrayList<>();
    r.usage().problems().forEach(p -> all.add("tree: " + p));
    for (int i = 0; i < r.toolchains().size(); i++) {
      for (String p : r.toolchains().get(i).problems()) {
        all.add(column(i) + " " + r.toolchains().get(i).toolchain().name() + ": " + p);
      }
    }
    if (!all.isEmpty()) {
      out.println();
      out.println("problems:");
      all.forEach(p -> out.println("  " + CheckText.printable(p)));
    }
  }

  private static String list(List<String> l) {
    return l.isEmpty() ? "none" : String.join(", ", l);
  }

  static String describe(VersionGates.Fate f) {
    return switch (f) {
      case ALWAYS_TRUE -> "always true";
      case ALWAYS_FALSE -> "always false";
      case LIVE -> "still decided by the version";
      case NOT_BY_VERSION -> "a rustc-option probe, not decided by the version";
    };
  }

  static String threshold(FeatureUsage.VersionGate g) {
    return g.kind().equals("rustc-option") ? "" : g.op() + " " + VersionGates.version(g.code());
  }

  static void gates(FeaturesCommand.Scanned s, VersionGates.Analysis a, PrintStream out) {
    out.println(s.tree().title() + ": version gates under a rustc minimum of " + a.minimum() + s.minimum().map(m -> " (the tree's own: " + m + ")").orElse(""));
    for (VersionGates.Fate f : VersionGates.Fate.values()) {
      List<VersionGates.Judged> l = a.with(f);
      out.println();
      out.println(describe(f) + (f == VersionGates.Fate.ALWAYS_TRUE || f == VersionGates.Fate.ALWAYS_FALSE ? " (one branch is dead code)" : "") + ": " + l.size());
      for (VersionGates.Judged j : l) {
        FeatureUsage.VersionGate g = j.gate();
        out.println(String.format("  %-34s %-12s %s", g.where(), threshold(g), g.symbol().map(x -> x + ": ").orElse("") + g.text()));
      }
    }
    out.println();
    out.println("uses of RUSTC_HAS_* symbols that become constant" + (a.constantSymbols().isEmpty() ? "" : " (" + String.join(", ", a.constantSymbols()) + ")") + ": " + a.deadUses().size());
    for (FeatureUsage.SymbolUse u : a.deadUses()) {
      out.println(String.format("  %-34s %s", u.where(), u.text()));
    }
  }
}
