package dev.krt.features;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BuildFileScannerTest {
  private static FeatureUsage make(String text) {
    BuildFileScanner.FeatureUsageBuilder b = new BuildFileScanner.FeatureUsageBuilder();
    BuildFileScanner.makefile("scripts/Makefile.build", text, b);
    return b.build();
  }

  private static FeatureUsage kconfig(String text) {
    BuildFileScanner.FeatureUsageBuilder b = new BuildFileScanner.FeatureUsageBuilder();
    BuildFileScanner.kconfig("init/Kconfig", text, b);
    return b.build();
  }

  @Test
  void allowedFeaturesAndCrateAttributesAcrossContinuationLines() {
    String mk = "# comment -Znot_a_flag\n"
        + "rust_allowed_features := asm_goto,arbitrary_self_types\n"
        + "\n"
        + "rust_common_cmd = \\\n"
        + "\t-Zallow-features=$(rust_allowed_features) \\\n"
        + "\t-Zcrate-attr=no_std \\\n"
        + "\t-Zcrate-attr='feature($(rust_allowed_features))' \\\n"
        + "\t-Zcrate-attr='feature(used_with_arg)' \\\n"
        + "\t-Zunstable-options --extern kernel\n";
    FeatureUsage u = make(mk);
    assertThat(u.features()).extracting(f -> f.name() + "@" + f.where().line() + " " + f.how())
        .containsExactly("asm_goto@2 rust_allowed_features", "arbitrary_self_types@2 rust_allowed_features", "used_with_arg@8 -Zcrate-attr");
    assertThat(u.zflags()).extracting(z -> z.name() + "@" + z.where().line() + z.value().map(v -> "=" + v).orElse(""))
        .containsExactly("allow-features@5=$(rust_allowed_features)", "crate-attr@6=no_std", "crate-attr@7='feature($(rust_allowed_features))'", "crate-attr@8='feature(used_with_arg)'", "unstable-options@9");
  }

  @Test
  void versionGatesOfMakefiles() {
    String mk = "core-edition := $(if $(call rustc-min-version,108700),2024,2021)\n"
        + "KBUILD_RUSTFLAGS += -Zcf-protection=branch $(if $(call rustc-min-version,109300),-Cjump-tables=n,-Zno-jump-tables)\n"
        + "rustc-param = $(call rustc-option, -Cllvm-args=-$(1),)\n"
        + "rustc-option-yn = $(if $(call rustc-option,$1),y,n)\n"
        + "KBUILD_RUSTFLAGS += -Zbinary_dep_depinfo=y\n";
    FeatureUsage u = make(mk);
    assertThat(u.gates()).extracting(g -> g.kind() + "@" + g.where().line() + " " + g.op() + g.code())
        .containsExactly("rustc-min-version@1 >=108700", "rustc-min-version@2 >=109300", "rustc-option@3 0");
    // -Zbinary_dep_depinfo is the same flag as -Zbinary-dep-depinfo, as rustc reads it.
    assertThat(u.zflagNames()).containsExactly("cf-protection", "no-jump-tables", "binary-dep-depinfo");
  }

  @Test
  void kconfigComparisonsSymbolsAndTheirUses() {
    String k = "config RUSTC_HAS_SPAN_FILE\n\tdef_bool RUSTC_VERSION >= 108800\n\n"
        + "config RUST\n\tdepends on !CALL_PADDING || RUSTC_VERSION >= 108100\n\tdepends on RUSTC_HAS_SPAN_FILE\n"
        + "# RUSTC_VERSION >= 999999 in a comment\n";
    FeatureUsage u = kconfig(k);
    assertThat(u.gates()).extracting(g -> g.kind() + "@" + g.where().line() + " " + g.code() + g.symbol().map(s -> " " + s).orElse(""))
        .containsExactly("symbol@2 108800 RUSTC_HAS_SPAN_FILE", "kconfig@5 108100");
    assertThat(u.symbolUses()).extracting(s -> s.symbol() + "@" + s.where().line()).containsExactly("RUSTC_HAS_SPAN_FILE@6");
  }

  @Test
  void gatesUnderANewMinimum() {
    String k = "config RUSTC_HAS_X\n\tdef_bool RUSTC_VERSION >= 108800\nconfig A\n\tdepends on RUSTC_VERSION >= 108100\nconfig B\n\tdepends on RUSTC_VERSION < 108500\nconfig C\n\tdepends on RUSTC_HAS_X\n";
    FeatureUsage u = kconfig(k);
    VersionGates.Analysis at185 = VersionGates.under(u, dev.krt.version.Version.of(1, 85, 0));
    assertThat(at185.with(VersionGates.Fate.ALWAYS_TRUE)).extracting(j -> j.gate().where().line()).containsExactly(4);
    assertThat(at185.with(VersionGates.Fate.ALWAYS_FALSE)).extracting(j -> j.gate().where().line()).containsExactly(6);
    assertThat(at185.with(VersionGates.Fate.LIVE)).extracting(j -> j.gate().where().line()).containsExactly(2);
    assertThat(at185.deadUses()).isEmpty();
    VersionGates.Analysis at188 = VersionGates.under(u, dev.krt.version.Version.of(1, 88, 0));
    assertThat(at188.constantSymbols()).containsExactly("RUSTC_HAS_X");
    assertThat(at188.deadUses()).extracting(s -> s.where().line()).containsExactly(8);
    assertThat(VersionGates.version(110000)).hasToString("1.100.0");
  }
}
