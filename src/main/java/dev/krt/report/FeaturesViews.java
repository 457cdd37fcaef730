package dev.krt.report;

import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the text and markdown renderings of {@code krt features} share: the words for things. */
public final class FeaturesViews {
  private FeaturesViews() {}

  /**
   * The places a feature is enabled, compactly: {@code rust/kernel/lib.rs:15,
   * scripts/Makefile.build:256 (allowed)}.
   */
  public static String uses(FeatureUsage u, String feature) {
    List<String> w = new ArrayList<>();
    for (FeatureUsage.Feature f : u.features()) {
      if (f.name().equals(feature)) {
        String how =
            switch (f.how()) {
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

  public static Map<String, List<FeatureUsage.ZFlag>> zflagUses(FeatureUsage u) {
    Map<String, List<FeatureUsage.ZFlag>> m = new LinkedHashMap<>();
    for (FeatureUsage.ZFlag z : u.zflags()) {
      m.computeIfAbsent(z.name(), k -> new ArrayList<>()).add(z);
    }
    return m;
  }

  /** Where a -Z flag is passed, each place with the version branch it sits in. */
  public static String zflagPlaces(List<FeatureUsage.ZFlag> l) {
    return String.join(
        ", ",
        l.stream()
            .map(z -> z.where() + z.onlyIf().map(c -> " (rustc " + c + ")").orElse(""))
            .distinct()
            .toList());
  }

  public static String toolchain(ToolchainFeatures t) {
    return t.toolchain().name() + " (" + t.versionLine().orElse("rustc ?") + ")";
  }

  public static String step(FeaturesReport.Step st) {
    int n = st.features().size();
    String gates = n + " feature gate" + (n == 1 ? "" : "s");
    return st.atMinimum()
        ? "already stable at the tree's minimum " + st.minimum() + ": " + gates + " can go now"
        : "raise the minimum to "
            + st.minimum()
            + " and "
            + gates
            + " go"
            + (n == 1 ? "es" : "")
            + " away";
  }

  public static String describe(VersionGates.Fate f) {
    return switch (f) {
      case ALWAYS_TRUE -> "always true";
      case ALWAYS_FALSE -> "always false";
      case SIMPLIFIABLE -> "still decided, but a comparison in it is constant (simplify it)";
      case LIVE -> "still decided by the version";
      case NOT_BY_VERSION -> "a rustc-option probe, not decided by the version";
    };
  }

  public static String comparisons(FeatureUsage.VersionGate g) {
    return String.join(
        ", ", g.comparisons().stream().map(FeatureUsage.Comparison::toString).toList());
  }

  /** Problems of the tree and of each toolchain, one line each, prefixed by the column. */
  public static List<String> problems(FeaturesReport r) {
    List<String> all = new ArrayList<>();
    r.usage().problems().forEach(p -> all.add("tree: " + p));
    for (int i = 0; i < r.toolchains().size(); i++) {
      for (String p : r.toolchains().get(i).problems()) {
        all.add(FeaturesText.column(i) + " " + r.toolchains().get(i).toolchain().name() + ": " + p);
      }
    }
    return all;
  }
}
