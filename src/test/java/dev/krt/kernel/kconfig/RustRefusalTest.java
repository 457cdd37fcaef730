package dev.krt.kernel.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The false lines of {@code config RUST} and their fixes, on Kconfig text shaped as 6.12's (the
 * real trees are {@code KconfigRealTreesTest}'s).
 */
class RustRefusalTest {
  static final String INIT =
      """
      config RUSTC_VERSION
      \tint
      \tdefault $(rustc-version)

      config RUST
      \tbool "Rust support"
      \tdepends on HAVE_RUST
      \tdepends on RUST_IS_AVAILABLE
      \tdepends on !MODVERSIONS
      \tdepends on !CFI_CLANG || HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC
      \tselect CFI_ICALL_NORMALIZE_INTEGERS if CFI_CLANG
      \tdepends on !CALL_PADDING || RUSTC_VERSION >= 108100
      \tdepends on !(MITIGATION_RETHUNK && KASAN) || \\
      \t\tRUSTC_VERSION >= 108300 # a comment
      \thelp
      \t  Enables Rust support in the kernel.

      \t  depends on NOT_A_DEPENDENCY

      config RUSTC_VERSION_TEXT
      \tstring
      \tdepends on RUST
      """;
  static final String ARCH =
      """
      config HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC
      \tdef_bool y
      \tdepends on HAVE_CFI_ICALL_NORMALIZE_INTEGERS_CLANG
      \tdepends on RUSTC_VERSION >= 107900
      """;
  static final String X86 =
      """
      config X86
      \tselect HAVE_RUST if X86_64
      config CALL_THUNKS
      \tselect CALL_PADDING
      """;

  static RustKconfig kconfig() {
    return RustKconfig.of(
            Map.of("init/Kconfig", INIT, "arch/Kconfig", ARCH, "arch/x86/Kconfig", X86))
        .orElseThrow();
  }

  @Test
  void theEntryHasItsDependsLinesWithContinuationsAndNotItsHelp() {
    RustKconfig k = kconfig();
    assertThat(k.rust().where().line()).isEqualTo(5);
    assertThat(k.rust().dependsOn())
        .extracting(KconfigEntry.Line::location)
        .containsExactly(
            "init/Kconfig:7",
            "init/Kconfig:8",
            "init/Kconfig:9",
            "init/Kconfig:10",
            "init/Kconfig:12",
            "init/Kconfig:13");
    assertThat(k.rust().dependsOn().get(5).text())
        .isEqualTo("depends on !(MITIGATION_RETHUNK && KASAN) || RUSTC_VERSION >= 108300");
    assertThat(k.versionGates()).hasSize(2);
    assertThat(k.related().get("CALL_PADDING")).isNull(); // not defined in these files
    assertThat(k.related().get("HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC").where().location())
        .isEqualTo("arch/Kconfig:1");
  }

  @Test
  void callPaddingWithAnOldRustcNamesTheLineTheValuesAndBothFixes() {
    DotConfig c =
        DotConfig.parse(
            "CONFIG_HAVE_RUST=y\nCONFIG_RUST_IS_AVAILABLE=y\nCONFIG_CALL_PADDING=y\nCONFIG_RUSTC_VERSION=107800\n# CONFIG_MODVERSIONS is not set\n");
    var culprits = RustRefusal.of(kconfig(), c);
    assertThat(culprits).hasSize(1);
    RustRefusal.Culprit x = culprits.get(0);
    assertThat(x.line().location()).isEqualTo("init/Kconfig:12");
    assertThat(x.values())
        .containsExactly(Map.entry("CALL_PADDING", "y"), Map.entry("RUSTC_VERSION", "107800"));
    assertThat(x.raise()).containsExactly(Map.entry("RUSTC_VERSION", 108100L));
    assertThat(x.turnOff()).containsExactly("CALL_PADDING");
  }

  @Test
  void cfiWithAnOldRustcGoesOneLevelDownToTheSymbolItNeeds() {
    DotConfig c =
        DotConfig.parse(
            "CONFIG_HAVE_RUST=y\nCONFIG_RUST_IS_AVAILABLE=y\nCONFIG_CFI_CLANG=y\nCONFIG_HAVE_CFI_ICALL_NORMALIZE_INTEGERS_CLANG=y\nCONFIG_RUSTC_VERSION=107800\n");
    var culprits = RustRefusal.of(kconfig(), c);
    assertThat(culprits).extracting(x -> x.line().location()).containsExactly("init/Kconfig:10");
    RustRefusal.Culprit x = culprits.get(0);
    assertThat(x.turnOff()).containsExactly("CFI_CLANG");
    assertThat(x.raise()).isEmpty(); // the line itself has no version
    assertThat(x.because()).hasSize(1);
    assertThat(x.because().get(0).line().location()).isEqualTo("arch/Kconfig:4");
    assertThat(x.because().get(0).raise()).containsExactly(Map.entry("RUSTC_VERSION", 107900L));
  }

  @Test
  void modversionsAndAnUnavailableToolchainAreCulpritsToo() {
    DotConfig c =
        DotConfig.parse(
            "CONFIG_HAVE_RUST=y\n# CONFIG_RUST_IS_AVAILABLE is not set\nCONFIG_MODVERSIONS=y\nCONFIG_RUSTC_VERSION=109600\n");
    assertThat(RustRefusal.of(kconfig(), c))
        .extracting(x -> x.line().text())
        .containsExactly("depends on RUST_IS_AVAILABLE", "depends on !MODVERSIONS");
  }

  @Test
  void aSymbolOnlyASelectTurnsOnIsExplainedByItsSelects() {
    RustKconfig k =
        RustKconfig.of(
                Map.of(
                    "init/Kconfig",
                    INIT,
                    "arch/Kconfig",
                    "config HAVE_RUST\n\tbool\n\thelp\n\t  selected by an arch\n",
                    "arch/x86/Kconfig",
                    X86))
            .orElseThrow();
    DotConfig c = DotConfig.parse("CONFIG_RUST_IS_AVAILABLE=y\nCONFIG_RUSTC_VERSION=109600\n");
    RustRefusal.Culprit x = RustRefusal.of(k, c).get(0);
    assertThat(x.line().text()).isEqualTo("depends on HAVE_RUST");
    assertThat(x.because())
        .extracting(n -> n.line().location() + " " + n.line().text())
        .containsExactly("arch/x86/Kconfig:2 X86: select HAVE_RUST if X86_64");
  }

  @Test
  void aConfigThatKeepsRustHasNoCulprit() {
    DotConfig c =
        DotConfig.parse(
            "CONFIG_HAVE_RUST=y\nCONFIG_RUST_IS_AVAILABLE=y\nCONFIG_CALL_PADDING=y\nCONFIG_RUSTC_VERSION=109600\nCONFIG_RUST=y\n");
    assertThat(RustRefusal.of(kconfig(), c)).isEmpty();
  }

  @Test
  void aTreeWithoutConfigRustHasNone() {
    assertThat(RustKconfig.of(Map.of("init/Kconfig", "config MODULES\n\tbool\n"))).isEmpty();
    assertThat(RustKconfig.of(Map.of())).isEmpty();
  }

  @Test
  void dotConfigReadsValuesAndNotSetLines() {
    DotConfig c =
        DotConfig.parse(
            "#\n# comment\nCONFIG_A=y\nCONFIG_TEXT=\"rustc 1.85.0 (4d91de4e4 2025-02-17)\"\n# CONFIG_B is not set\nCONFIG_N=108500\nnot a line\n");
    assertThat(c.get("A")).contains("y");
    assertThat(c.get("TEXT")).contains("rustc 1.85.0 (4d91de4e4 2025-02-17)");
    assertThat(c.values().get("TEXT")).startsWith("\"");
    assertThat(c.get("B")).contains("n");
    assertThat(c.enabled("B")).isFalse();
    assertThat(c.get("N")).contains("108500");
    assertThat(c.get("MISSING")).isEmpty();
  }
}
