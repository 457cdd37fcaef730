package dev.krt.features;

import dev.krt.kernel.KernelTree;
import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tree's feature usage against toolchains: the matrix, the blockers (still unstable on the
 * newest toolchain), and when each stabilised feature became stable, so a minimum bump can be
 * weighed ("raise the minimum to 1.X and N feature gates go away").
 *
 * @param minimum the tree's rustc minimum for the architecture, when it has one
 */
public record FeaturesReport(KernelTree tree, Optional<Version> minimum, FeatureUsage usage, List<ToolchainFeatures> toolchains) {

  /** The toolchain with the highest rustc version (a nightly counts by its number). */
  public Optional<ToolchainFeatures> newest() {
    return toolchains.stream().filter(t -> t.parsedVersion().isPresent()).max(Comparator.comparing(t -> t.parsedVersion().get()));
  }

  /** Features the newest toolchain still calls unstable (incomplete and internal included). */
  public List<String> blockers() {
    return newest().map(n -> usage.featureNames().stream().filter(f -> n.features().get(f).kind().unstable()).toList()).orElse(List.of());
  }

  /** Features the newest toolchain does not know (renamed or removed library features, typos). */
  public List<String> unknownToNewest() {
    return newest().map(n -> usage.featureNames().stream().filter(f -> n.features().get(f).kind() == FeatureStatus.Kind.UNKNOWN || n.features().get(f).kind() == FeatureStatus.Kind.REMOVED).toList()).orElse(List.of());
  }

  /** Each feature some toolchain reports stable, with the version it names (the lowest seen). */
  public Map<String, Version> stableSince() {
    Map<String, Version> out = new LinkedHashMap<>();
    for (String f : usage.featureNames()) {
      for (ToolchainFeatures t : toolchains) {
        FeatureStatus s = t.features().get(f);
        if (s != null && s.kind() == FeatureStatus.Kind.STABLE && s.since().isPresent()) {
          try {
            Version v = Version.parse(s.since().get());
            out.merge(f, v, (a, b) -> a.compareTo(b) <= 0 ? a : b);
          } catch (IllegalArgumentException e) {
            // a since krt cannot read: no claim
          }
        }
      }
    }
    return out;
  }

  /**
   * A minimum bump and what it buys.
   *
   * @param features the gates that become unnecessary at this minimum (cumulative)
   */
  public record Step(Version minimum, List<String> features) {}

  /**
   * The gates that can go at the tree's current minimum, then one step per later stabilisation
   * version, cumulative.
   */
  public List<Step> steps() {
    Map<String, Version> since = stableSince();
    List<Version> versions = since.values().stream().distinct().sorted().toList();
    List<Step> out = new ArrayList<>();
    Version floor = minimum.orElse(Version.of(0, 0, 0));
    List<String> now = since.entrySet().stream().filter(e -> e.getValue().compareTo(floor) <= 0).map(Map.Entry::getKey).toList();
    if (!now.isEmpty()) {
      out.add(new Step(floor, now));
    }
    for (Version v : versions) {
      if (v.compareTo(floor) <= 0) {
        continue;
      }
      out.add(new Step(v, since.entrySet().stream().filter(e -> e.getValue().compareTo(v) <= 0).map(Map.Entry::getKey).toList()));
    }
    return out;
  }

  /** -Z flags the newest toolchain no longer lists (the kernel must switch to something else). */
  public List<String> zflagsGoneOnNewest() {
    return newest().flatMap(ToolchainFeatures::zflags).map(z -> usage.zflagNames().stream().filter(f -> !z.contains(f)).toList()).orElse(List.of());
  }
}
