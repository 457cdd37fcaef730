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
 * A tree's feature usage against toolchains: the matrix, the blockers (still unstable on the newest
 * toolchain that answered), and when each stabilised feature became stable, so a minimum bump can
 * be weighed ("raise the minimum to 1.X and N feature gates go away"). Features only a vendored
 * copy of a std crate enables (6.1's {@code rust/alloc}) are reported but left out of blockers and
 * steps: that copy needs what every std crate needs and builds with one rustc.
 *
 * @param minimum the tree's rustc minimum for the architecture, when it has one
 */
public record FeaturesReport(
    KernelTree tree,
    Optional<Version> minimum,
    FeatureUsage usage,
    List<ToolchainFeatures> toolchains) {

  /**
   * The toolchain with the highest rustc version whose probe was conclusive (a nightly counts by
   * its number).
   */
  public Optional<ToolchainFeatures> newest() {
    return toolchains.stream()
        .filter(
            t ->
                t.parsedVersion().isPresent()
                    && t.features().values().stream()
                        .noneMatch(s -> s.kind() == FeatureStatus.Kind.INCONCLUSIVE))
        .max(Comparator.comparing(t -> t.parsedVersion().get()));
  }

  /**
   * The kernel's own features the newest toolchain still calls unstable; empty when no toolchain
   * answered.
   */
  public Optional<List<String>> blockers() {
    return newest()
        .map(
            n ->
                usage.kernelFeatureNames().stream()
                    .filter(f -> n.features().get(f).kind().unstable())
                    .toList());
  }

  /** The kernel's own features the newest toolchain does not know (renamed or removed). */
  public Optional<List<String>> unknownToNewest() {
    return newest()
        .map(
            n ->
                usage.kernelFeatureNames().stream()
                    .filter(
                        f ->
                            n.features().get(f).kind() == FeatureStatus.Kind.UNKNOWN
                                || n.features().get(f).kind() == FeatureStatus.Kind.REMOVED)
                    .toList());
  }

  /**
   * Each of the kernel's own features some toolchain reports (fully) stable, with the lowest
   * version named.
   */
  public Map<String, Version> stableSince() {
    Map<String, Version> out = new LinkedHashMap<>();
    for (String f : usage.kernelFeatureNames()) {
      for (ToolchainFeatures t : toolchains) {
        FeatureStatus s = t.features().get(f);
        // A partially stabilised feature still needs its successor gate: no step for it.
        if (s != null
            && s.kind() == FeatureStatus.Kind.STABLE
            && s.since().isPresent()
            && s.successor().isEmpty()) {
          try {
            out.merge(f, Version.parse(s.since().get()), (a, b) -> a.compareTo(b) <= 0 ? a : b);
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
   * @param atMinimum whether this is the tree's current minimum (gates that can go already)
   * @param features the gates that are unnecessary at this minimum (cumulative)
   */
  public record Step(Version minimum, boolean atMinimum, List<String> features) {}

  /**
   * The gates that can go at the tree's current minimum, then one step per later stabilisation
   * version.
   */
  public List<Step> steps() {
    Map<String, Version> since = stableSince();
    List<Version> versions = since.values().stream().distinct().sorted().toList();
    List<Step> out = new ArrayList<>();
    Version floor = minimum.orElse(Version.of(0, 0, 0));
    List<String> now =
        since.entrySet().stream()
            .filter(e -> e.getValue().compareTo(floor) <= 0)
            .map(Map.Entry::getKey)
            .toList();
    if (!now.isEmpty()) {
      out.add(new Step(floor, true, now));
    }
    for (Version v : versions) {
      if (v.compareTo(floor) > 0) {
        out.add(
            new Step(
                v,
                false,
                since.entrySet().stream()
                    .filter(e -> e.getValue().compareTo(v) <= 0)
                    .map(Map.Entry::getKey)
                    .toList()));
      }
    }
    return out;
  }

  /**
   * -Z flags the newest toolchain does not list, leaving out flags the tree only passes to older
   * compilers (in the else branch of {@code $(if $(call rustc-min-version,N),...)}).
   */
  public Optional<List<String>> zflagsGoneOnNewest() {
    Optional<ToolchainFeatures> n = newest().filter(t -> t.zflags().isPresent());
    if (n.isEmpty()) {
      return Optional.empty();
    }
    long code = n.get().parsedVersion().get().rustcCode();
    List<String> out = new ArrayList<>();
    for (String f : usage.zflagNames()) {
      boolean used =
          usage.zflags().stream()
              .filter(z -> z.name().equals(f))
              .anyMatch(z -> z.onlyIf().map(c -> c.holdsFor(code)).orElse(true));
      if (used && !n.get().zflags().get().contains(f)) {
        out.add(f);
      }
    }
    return Optional.of(out);
  }

  /** Features only the vendored std crate enables. */
  public List<String> vendoredOnly() {
    List<String> own = usage.kernelFeatureNames();
    return usage.featureNames().stream().filter(f -> !own.contains(f)).toList();
  }
}
