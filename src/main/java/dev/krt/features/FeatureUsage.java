package dev.krt.features;

import java.util.List;
import java.util.Optional;

/**
 * What a kernel tree asks of the compiler beyond stable Rust: the unstable features it enables, the
 * {@code -Z} flags its Makefiles pass, and the version gates that switch code on or off by rustc
 * version.
 *
 * @param problems what could not be read or parsed (file, line, why); never silently dropped
 */
public record FeatureUsage(
    List<Feature> features,
    List<ZFlag> zflags,
    List<VersionGate> gates,
    List<SymbolUse> symbolUses,
    List<String> problems) {

  /**
   * One place that enables a feature.
   *
   * @param how {@code crate attribute} ({@code #![feature]} in a crate root), {@code cfg_attr}
   *     (enabled under {@code condition}), {@code rust_allowed_features} (scripts/Makefile.build),
   *     {@code -Zcrate-attr} (a Makefile passes it)
   */
  public record Feature(String name, SourceLocation where, String how, Optional<String> condition) {
    /**
     * Whether it comes from a copy of a standard library crate in the tree (6.1 vendored {@code
     * alloc}): such a copy needs the features every std crate needs, and builds with one rustc.
     */
    public boolean vendored() {
      return FeatureUsage.vendored(where.file());
    }
  }

  /**
   * A {@code -Z} flag a Makefile (or a Kconfig rustc-option) passes, with its value as written.
   *
   * @param onlyIf the version branch it sits in, when a {@code $(if $(call rustc-min-version,N),
   *     ...)} decides it: {@code >= N} or {@code < N} (as a kernel version code)
   */
  public record ZFlag(
      String name, Optional<String> value, SourceLocation where, Optional<Comparison> onlyIf) {}

  /**
   * {@code RUSTC_VERSION op code}: one comparison with a rustc version code (100000·major +
   * 100·minor + patch).
   */
  public record Comparison(String op, long code) {
    public dev.krt.version.Version version() {
      return VersionGates.version(code);
    }

    /** Whether a rustc of this version code passes the comparison. */
    public boolean holdsFor(long rustc) {
      return switch (op) {
        case ">=" -> rustc >= code;
        case ">" -> rustc > code;
        case "<" -> rustc < code;
        case "<=" -> rustc <= code;
        case "=" -> rustc == code;
        default -> rustc != code;
      };
    }

    @Override
    public String toString() {
      return op + " " + version();
    }
  }

  /**
   * A place that decides by rustc's version.
   *
   * @param kind {@code kconfig} (a Kconfig expression with RUSTC_VERSION), {@code symbol} (a {@code
   *     RUSTC_HAS_*} symbol defined by such an expression), {@code rustc-min-version} (Makefile),
   *     {@code rustc-option} (a probe of rustc; not decided by the version)
   * @param expression the condition as written (Kconfig continuation lines joined)
   * @param comparisons the RUSTC_VERSION comparisons in it
   * @param symbol for {@code symbol}: the RUSTC_HAS_* name it defines
   * @param text the whole line, trimmed
   */
  public record VersionGate(
      String kind,
      SourceLocation where,
      String expression,
      List<Comparison> comparisons,
      Optional<String> symbol,
      String text) {}

  /**
   * A use of a {@code RUSTC_HAS_*} symbol (Kconfig, Makefile, or {@code CONFIG_RUSTC_HAS_*} in
   * Rust).
   */
  public record SymbolUse(String symbol, SourceLocation where, String text) {}

  /**
   * Files of the vendored {@code alloc} crate (6.1 to 6.9 kept a copy of the standard library's).
   */
  static boolean vendored(String file) {
    return file.startsWith("rust/alloc/");
  }

  /** Every distinct feature name, in first-seen order (the kernel's own and vendored ones). */
  public List<String> featureNames() {
    return features.stream().map(Feature::name).distinct().toList();
  }

  /** Features the kernel's own code enables (not only a vendored std crate). */
  public List<String> kernelFeatureNames() {
    return features.stream().filter(f -> !f.vendored()).map(Feature::name).distinct().toList();
  }

  /**
   * Every distinct -Z flag name ({@code _} read as {@code -}, as rustc does), in first-seen order.
   */
  public List<String> zflagNames() {
    return zflags.stream().map(ZFlag::name).distinct().toList();
  }
}
