package dev.krt.features;

import java.util.Optional;

/**
 * One unstable feature on one toolchain, as that rustc itself reports it.
 *
 * @param since for {@code STABLE}: the version the compiler names ("stable since 1.82.0"); for
 *     {@code REMOVED}: the version it was removed in, when the compiler says (1.95+)
 * @param successor for a partially stabilised feature, the feature that succeeds it
 * @param note the compiler's words when they explain (removed: "replaced by ..."; unknown: "there
 *     is a feature with a similar name ..."; inconclusive: why)
 */
public record FeatureStatus(
    String feature,
    Kind kind,
    Optional<String> since,
    Optional<String> successor,
    Optional<String> note) {

  public enum Kind {
    /** Stable: the gate is no longer needed ({@code stable_features} lint). */
    STABLE,
    /** Unstable: accepted under RUSTC_BOOTSTRAP, no diagnostic (with a conclusive sentinel). */
    UNSTABLE,
    /** Unstable and marked incomplete ({@code incomplete_features}). */
    INCOMPLETE,
    /** Unstable and internal to the compiler or standard library ({@code internal_features}). */
    INTERNAL,
    /** Removed from the language (E0557). */
    REMOVED,
    /**
     * Unknown to this toolchain (E0635): not added yet, or a library feature renamed or removed.
     */
    UNKNOWN,
    /** The run could not tell (the compiler failed, hung, or the sentinel check did not pass). */
    INCONCLUSIVE;

    public boolean unstable() {
      return this == UNSTABLE || this == INCOMPLETE || this == INTERNAL;
    }

    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  static FeatureStatus of(String feature, Kind kind) {
    return new FeatureStatus(feature, kind, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Compact cell text: {@code stable 1.82.0}, {@code unstable}, {@code unknown}, ... */
  public String cell() {
    return switch (kind) {
      // Partially stabilised: part is stable, the rest goes on under the successor feature.
      case STABLE ->
          successor.isPresent()
              ? "partial " + since.orElse("?") + ", now " + successor.get()
              : "stable " + since.orElse("?");
      case REMOVED -> "removed" + since.map(s -> " " + s).orElse("");
      default -> kind.label();
    };
  }
}
