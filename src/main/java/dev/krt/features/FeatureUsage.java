package dev.krt.features;

import java.util.List;

/**
 * What a kernel tree asks of the compiler beyond stable Rust: the unstable features it enables,
 * the {@code -Z} flags its Makefiles pass, and the version gates that switch code on or off by
 * rustc version.
 *
 * @param problems what could not be read or parsed (file, line, why); never silently dropped
 */
public record FeatureUsage(List<Feature> features, List<ZFlag> zflags, List<VersionGate> gates, List<SymbolUse> symbolUses, List<String> problems) {

  /**
   * One place that enables a feature.
   *
   * @param how {@code crate attribute} ({@code #![feature]} in a crate root), {@code cfg_attr}
   *     (enabled under {@code condition}), {@code rust_allowed_features} (scripts/Makefile.build),
   *     {@code -Zcrate-attr} (a Makefile passes it)
   * @param crate the crate root's file for attributes, else the Makefile
   */
  public record Feature(String name, SourceLocation where, String how, java.util.Optional<String> condition) {}

  /** A {@code -Z} flag a Makefile passes, with its value as written (may hold make variables). */
  public record ZFlag(String name, java.util.Optional<String> value, SourceLocation where) {}

  /**
   * A place that decides by rustc's version.
   *
   * @param kind {@code kconfig} ({@code RUSTC_VERSION >= N} in a Kconfig expression), {@code
   *     symbol} (a {@code RUSTC_HAS_*} symbol defined by such a comparison), {@code
   *     rustc-min-version} (Makefile), {@code rustc-option} (a Makefile or Kconfig probe of rustc;
   *     not decided by the version)
   * @param op {@code >=}, {@code >}, {@code <=}, {@code <}, {@code =}, {@code !=} (empty for rustc-option)
   * @param code the rustc version code compared with (100000·major + 100·minor + patch)
   * @param symbol for {@code symbol}: the RUSTC_HAS_* name it defines
   * @param text the whole line, trimmed
   */
  public record VersionGate(String kind, SourceLocation where, String op, long code, java.util.Optional<String> symbol, String text) {}

  /** A use of a {@code RUSTC_HAS_*} symbol (Kconfig, Makefile, or {@code CONFIG_RUSTC_HAS_*} in Rust). */
  public record SymbolUse(String symbol, SourceLocation where, String text) {}

  /** Every distinct feature name, in first-seen order. */
  public List<String> featureNames() {
    return features.stream().map(Feature::name).distinct().toList();
  }

  /** Every distinct -Z flag name ({@code _} read as {@code -}, as rustc does), in first-seen order. */
  public List<String> zflagNames() {
    return zflags.stream().map(ZFlag::name).distinct().toList();
  }
}
