package dev.krt.kernel.kconfig;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Kconfig's expression rules: tristate logic, numeric comparisons, what is left when folded. */
class KconfigExprTest {
  static final Map<String, String> CONFIG =
      Map.of(
          "CALL_PADDING", "y",
          "RUSTC_VERSION", "107800",
          "RUSTC_LLVM_VERSION", "160006",
          "MODULES", "y",
          "KASAN", "n",
          "USB", "m",
          "ARCH_TEXT", "x86");

  static int eval(String expr) {
    return KconfigExpr.parse(expr).orElseThrow().eval(CONFIG::get);
  }

  @ParameterizedTest
  @CsvSource({
    "'!CALL_PADDING || RUSTC_VERSION >= 108100', 0",
    "'!CALL_PADDING || RUSTC_VERSION >= 107800', 2",
    "'RUSTC_VERSION < 108100', 2",
    // numbers compare as numbers, not as text ("99999" > "107800" as text)
    "'RUSTC_VERSION > 99999', 2",
    "'!(MITIGATION_RETHUNK && KASAN) || RUSTC_VERSION >= 108300', 2",
    "'(RUSTC_LLVM_VERSION >= 190103 && RUSTC_VERSION >= 108200) || (!GCOV_KERNEL && !KASAN_GENERIC)', 2",
    // tristate: m is between n and y
    "'USB', 1",
    "'!USB', 1",
    "'USB && MODULES', 1",
    "'USB || MODULES', 2",
    "'USB = m', 2",
    "'USB != y', 2",
    // a symbol the config does not set is n
    "'UNSET_SYMBOL', 0",
    "'!UNSET_SYMBOL', 2",
    "'ARCH_TEXT = \"x86\"', 2",
    "'y', 2",
    "'n', 0",
    "'0x10 > 15', 2",
  })
  void evaluatesAsKconfigDoes(String expr, int value) {
    assertThat(eval(expr)).as(expr).isEqualTo(value);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "", "  ", "A &&", "(A || B", "A || B)", "A B", "&& A", ">= 3", "A >=", "!", "A ||| B",
      })
  void whatKconfigWouldNotReadIsNotAnExpression(String text) {
    assertThat(KconfigExpr.parse(text)).as(text).isEmpty();
  }

  @Test
  void macrosAreOneSymbol() {
    KconfigExpr e = KconfigExpr.parse("$(cc-option,-mfoo) && X86_64").orElseThrow();
    assertThat(e.symbols()).containsExactly("$(cc-option,-mfoo)", "X86_64");
  }

  @ParameterizedTest
  @CsvSource({
    "'!CALL_PADDING || RUSTC_VERSION >= 108100', '!CALL_PADDING'",
    "'!CALL_PADDING || RUSTC_VERSION >= 107000', y",
    "'RUSTC_VERSION >= 108100', n",
    "'!(MITIGATION_RETHUNK && KASAN) || RUSTC_VERSION >= 108300', '!(MITIGATION_RETHUNK && KASAN)'",
    "'A && (B || RUSTC_VERSION >= 1) && C', 'A && C'",
    "'(A || B) && RUSTC_VERSION >= 1', 'A || B'",
  })
  void knownSymbolsFoldAway(String expr, String left) {
    Function<String, String> known = s -> s.equals("RUSTC_VERSION") ? "107800" : null;
    assertThat(KconfigExpr.parse(expr).orElseThrow().partial(known).render()).isEqualTo(left);
  }

  @Test
  void renderingReadsBackToTheSameExpression() {
    for (String s :
        new String[] {
          "!(A && B) || C >= 108300",
          "(A || B) && !C",
          "A && B || C",
          "!(A = y)",
          "A || (B && (C || D))"
        }) {
      KconfigExpr e = KconfigExpr.parse(s).orElseThrow();
      assertThat(KconfigExpr.parse(e.render())).as(s).contains(e);
    }
  }

  @Test
  void versionsComparedWithASymbol() {
    KconfigExpr e =
        KconfigExpr.parse(
                "(RUSTC_LLVM_VERSION >= 190103 && RUSTC_VERSION >= 108200) || 107900 <= RUSTC_VERSION")
            .orElseThrow();
    assertThat(e.comparedWith("RUSTC_VERSION")).containsExactly(108200L, 107900L);
    assertThat(e.comparedWith("RUSTC_LLVM_VERSION")).containsExactly(190103L);
  }
}
