package dev.krt.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildFileScannerTest {
  private static FeatureUsage make(String text) {
    FeatureUsageBuilder b = new FeatureUsageBuilder();
    BuildFileScanner.makefile("scripts/Makefile.build", text, b);
    return b.build();
  }

  private static FeatureUsage kconfig(String text) {
    FeatureUsageBuilder b = new FeatureUsageBuilder();
    BuildFileScanner.kconfig("init/Kconfig", text, b);
    return b.build();
  }

  @Test
  void allowedFeaturesAndCrateAttributesAcrossContinuationLines() {
    String mk =
        "# comment -Znot_a_flag\n"
            + "rust_allowed_features := asm_goto,arbitrary_self_types\n"
            + "\n"
            + "rust_common_cmd = \\\n"
            + "\t-Zallow-features=$(rust_allowed_features) \\\n"
            + "\t-Zcrate-attr=no_std \\\n"
            + "\t-Zcrate-attr='feature($(rust_allowed_features))' \\\n"
            + "\t-Zcrate-attr='feature(used_with_arg)' \\\n"
            + "\t-Zunstable-options --extern kernel\n";
    FeatureUsage u = make(mk);
    assertThat(u.features())
        .extracting(f -> f.name() + "@" + f.where().line() + " " + f.how())
        .containsExactly(
            "asm_goto@2 rust_allowed_features",
            "arbitrary_self_types@2 rust_allowed_features",
            "used_with_arg@8 -Zcrate-attr");
    assertThat(u.zflags())
        .extracting(z -> z.name() + "@" + z.where().line() + z.value().map(v -> "=" + v).orElse(""))
        .containsExactly(
            "allow-features@5=$(rust_allowed_features)",
            "crate-attr@6=no_std",
            "crate-attr@7='feature($(rust_allowed_features))'",
            "crate-attr@8='feature(used_with_arg)'",
            "unstable-options@9");
  }

  @Test
  void versionGatesOfMakefiles() {
    String mk =
        "core-edition := $(if $(call rustc-min-version,108700),2024,2021)\n"
            + "KBUILD_RUSTFLAGS += -Zcf-protection=branch $(if $(call rustc-min-version,109300),-Cjump-tables=n,-Zno-jump-tables)\n"
            + "rustc-param = $(call rustc-option, -Cllvm-args=-$(1),)\n"
            + "rustc-option-yn = $(if $(call rustc-option,$1),y,n)\n"
            + "KBUILD_RUSTFLAGS += -Zbinary_dep_depinfo=y\n";
    FeatureUsage u = make(mk);
    assertThat(u.gates())
        .extracting(g -> g.kind() + "@" + g.where().line() + " " + FeatureUsageCacheFriend.cmp(g))
        .containsExactly(
            "rustc-min-version@1 >= 1.87.0", "rustc-min-version@2 >= 1.93.0", "rustc-option@3 ");
    // -Zbinary_dep_depinfo is the same flag as -Zbinary-dep-depinfo, as rustc reads it.
    assertThat(u.zflagNames())
        .containsExactly("cf-protection", "no-jump-tables", "binary-dep-depinfo");
  }

  @Test
  void kconfigComparisonsSymbolsAndTheirUses() {
    String k =
        "config RUSTC_HAS_SPAN_FILE\n\tdef_bool RUSTC_VERSION >= 108800\n\n"
            + "config RUST\n\tdepends on !CALL_PADDING || RUSTC_VERSION >= 108100\n\tdepends on RUSTC_HAS_SPAN_FILE\n"
            + "# RUSTC_VERSION >= 999999 in a comment\n";
    FeatureUsage u = kconfig(k);
    assertThat(u.gates())
        .extracting(
            g ->
                g.kind()
                    + "@"
                    + g.where().line()
                    + " "
                    + FeatureUsageCacheFriend.cmp(g)
                    + g.symbol().map(s -> " " + s).orElse(""))
        .containsExactly("symbol@2 >= 1.88.0 RUSTC_HAS_SPAN_FILE", "kconfig@5 >= 1.81.0");
    assertThat(u.symbolUses())
        .extracting(s -> s.symbol() + "@" + s.where().line())
        .containsExactly("RUSTC_HAS_SPAN_FILE@6");
  }

  /** Lets the test print a gate's comparisons compactly. */
  static final class FeatureUsageCacheFriend {
    static String cmp(FeatureUsage.VersionGate g) {
      return String.join(
          ", ", g.comparisons().stream().map(FeatureUsage.Comparison::toString).toList());
    }
  }

  @Test
  void wholeExpressionsAreJudged() {
    String k =
        "config RUSTC_HAS_FOO\n\tdef_bool RUSTC_VERSION >= 108200 || RUSTC_VERSION >= 108000 && BAR\n"
            + "config RUSTC_HAS_BAZ\n\tdef_bool RUSTC_VERSION >= 108000 && \\\n\t\tRUSTC_VERSION < 109000\n"
            + "config Z\n\tdepends on 108100 <= RUSTC_VERSION\n"
            + "config W\n\tdepends on !SHADOW_CALL_STACK || RUSTC_VERSION >= 108200 || RUSTC_VERSION >= 108000 && UNWIND\n"
            + "config V\n\tdepends on RUSTC_HAS_FOO\n";
    FeatureUsage u = kconfig(k);
    VersionGates.Analysis a = VersionGates.under(u, dev.krt.version.Version.of(1, 81, 0));
    // Neither symbol is constant at 1.81: FOO still depends on BAR, BAZ on the < 1.90 bound.
    assertThat(a.constantSymbols()).isEmpty();
    assertThat(a.deadUses()).isEmpty();
    assertThat(a.with(VersionGates.Fate.ALWAYS_TRUE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(7);
    assertThat(a.with(VersionGates.Fate.SIMPLIFIABLE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(2, 4, 9);
    // At 1.82 FOO is always y, so its use in V is a dead branch.
    VersionGates.Analysis b = VersionGates.under(u, dev.krt.version.Version.of(1, 82, 0));
    assertThat(b.constantSymbols()).containsExactly("RUSTC_HAS_FOO");
    assertThat(b.deadUses()).extracting(s -> s.where().line()).containsExactly(11);
    assertThat(b.with(VersionGates.Fate.ALWAYS_TRUE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(2, 7, 9);
  }

  @Test
  void makeCommentsEscapesRecipesAndVersionBranches() {
    String mk =
        "rust_allowed_features := asm_const,\\\n\tlint_reasons,\\\n\tused_with_arg\n"
            + "gen:\n\techo '\\#!/bin/sh' > x; $(RUSTC) -Zafter-hash x.rs\n"
            + "A := 1 \\# not a comment -Zescaped # a comment -Znot\n"
            + "KBUILD_RUSTFLAGS += $(if $(call rustc-min-version,109300),-Cjump-tables=n,-Zno-jump-tables)\n";
    FeatureUsage u = make(mk);
    assertThat(u.features())
        .extracting(f -> f.name() + "@" + f.where().line())
        .containsExactly("asm_const@1", "lint_reasons@2", "used_with_arg@3");
    assertThat(u.zflagNames()).containsExactly("after-hash", "escaped", "no-jump-tables");
    FeatureUsage.ZFlag njt = u.zflags().get(2);
    assertThat(njt.onlyIf().get()).hasToString("< 1.93.0");
    assertThat(njt.onlyIf().get().holdsFor(108500)).isTrue();
    assertThat(njt.onlyIf().get().holdsFor(109500)).isFalse();
  }

  @Test
  void kconfigRustcOptionFlagsAreZFlags() {
    FeatureUsage u = kconfig("config X\n\tdef_bool $(rustc-option,-Zkconfig-only)\n");
    assertThat(u.zflagNames()).containsExactly("kconfig-only");
    assertThat(u.gates())
        .extracting(FeatureUsage.VersionGate::kind)
        .containsExactly("rustc-option");
  }

  @Test
  void gatesUnderANewMinimum() {
    String k =
        "config RUSTC_HAS_X\n\tdef_bool RUSTC_VERSION >= 108800\nconfig A\n\tdepends on RUSTC_VERSION >= 108100\nconfig B\n\tdepends on RUSTC_VERSION < 108500\nconfig C\n\tdepends on RUSTC_HAS_X\n";
    FeatureUsage u = kconfig(k);
    VersionGates.Analysis at185 = VersionGates.under(u, dev.krt.version.Version.of(1, 85, 0));
    // line 2 defines RUSTC_HAS_X (>= 1.88: open at 1.85), line 8 tests it
    assertThat(at185.with(VersionGates.Fate.ALWAYS_TRUE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(4);
    assertThat(at185.with(VersionGates.Fate.ALWAYS_FALSE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(6);
    assertThat(at185.with(VersionGates.Fate.LIVE))
        .extracting(j -> j.gate().where().line())
        .containsExactly(2);
    assertThat(at185.with(VersionGates.Fate.NOT_BY_VERSION)).isEmpty();
    assertThat(at185.deadUses()).isEmpty();
    VersionGates.Analysis at188 = VersionGates.under(u, dev.krt.version.Version.of(1, 88, 0));
    assertThat(at188.constantSymbols()).containsExactly("RUSTC_HAS_X");
    assertThat(at188.deadUses()).extracting(s -> s.where().line()).containsExactly(8);
    assertThat(VersionGates.version(110000)).hasToString("1.100.0");
  }
}
