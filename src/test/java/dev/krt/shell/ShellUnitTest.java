package dev.krt.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Hand-checked values for the shell emulation (the values were confirmed with Debian's dash when
 * written; {@link ShellSemanticsPropertiesTest} compares with dash live).
 */
class ShellUnitTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1.78.0, 107800",
    "1.100.0, 110000",
    "0.65.1, 6501",
    "19.1.7, 1900107",
    "00.00.00, 0",
    "0x1f.2.3, 3100203", // strtoimax base 0: hex
    "1.2.3.4, 100203", // fourth field ignored
    "99999999999999999999.0.0, -100000", // saturates to INTMAX_MAX, then wraps like C
  })
  void canonicalValues(String v, long expected) {
    ShellArith.Outcome o = ShellArith.canonical(v, 100000);
    assertThat(o.error()).isEmpty();
    assertThat(o.value()).contains(expected);
  }

  @Test
  void canonicalErrorsAreDashsMessages() {
    assertThat(ShellArith.canonical("", 100000).error())
        .contains("arithmetic expression: expecting primary: \"100000 *  + 100 *  + \"");
    assertThat(ShellArith.canonical("1.2", 100000).error())
        .contains("arithmetic expression: expecting primary: \"100000 * 1 + 100 * 2 + \"");
    assertThat(ShellArith.canonical("1.08.0", 100000).error())
        .contains("arithmetic expression: expecting EOF: \"100000 * 1 + 100 * 08 + 0\"");
    assertThat(ShellArith.canonical("1.2", 100000).orZero()).isZero();
  }

  @Test
  void canonicalUsesTheFirstWordOnly() {
    assertThat(ShellArith.canonical(" 1.2.3 4.5.6", 100000).value()).contains(100203L);
    assertThat(ShellArith.canonical("1.2.3\n4.5.6\n", 100000).value()).contains(100203L);
    assertThat(ShellArith.canonical("1.2.3", 10000).value()).contains(10203L);
  }

  @Test
  void commandSubstitutionStripsTrailingNewlinesOnly() {
    assertThat(DashText.commandSubstitution("a\n\n")).isEqualTo("a");
    assertThat(DashText.commandSubstitution("\na\nb \n")).isEqualTo("\na\nb ");
    assertThat(DashText.commandSubstitution("\n\n")).isEmpty();
    assertThat(DashText.commandSubstitution("a\r\n")).isEqualTo("a\r");
  }

  @Test
  void echoBasics() {
    assertThat(DashText.echo("")).isEqualTo("\n");
    assertThat(DashText.echo("a\\nb")).isEqualTo("a\nb\n");
    assertThat(DashText.echo("a\\cb")).isEqualTo("a");
    assertThat(DashText.echo("a\\")).isEqualTo("a\\\n");
    assertThat(DashText.echo("\\0101")).isEqualTo("A\n");
    assertThat(DashText.echo("\\q")).isEqualTo("\\q\n");
  }

  @Test
  void wordSplitting() {
    assertThat(ShellWords.split("")).isEmpty();
    assertThat(ShellWords.split(" \t\n")).isEmpty();
    assertThat(ShellWords.split("ccache  gcc\t-m32\n")).isEqualTo(List.of("ccache", "gcc", "-m32"));
    // Only space, tab and newline are IFS whitespace.
    assertThat(ShellWords.split("a\rb\u000bc")).isEqualTo(List.of("a\rb\u000bc"));
    assertThat(ShellWords.split("'a b'")).isEqualTo(List.of("'a", "b'"));
  }

  @Test
  void evaluateSums() {
    assertThat(ShellArith.evaluate("2 * 3 + 4").value()).isEqualTo(Optional.of(10L));
    assertThat(ShellArith.evaluate("010 + 0x10").value()).isEqualTo(Optional.of(24L));
  }

  /**
   * cc-version.sh's ICC arm computes {@code $(($2 / 100))}, and {@code CcVersionScript} hands
   * exactly that expression to {@link ShellArith#evaluate}; dash prints 20 (checked with {@code sh
   * -c 'echo $((2021 / 100))'}).
   */
  @Test
  void evaluateDivisionAsCcVersionShUsesIt() {
    assertThat(ShellArith.evaluate("2021 / 100").error()).isEmpty();
    assertThat(ShellArith.evaluate("2021 / 100").value()).contains(20L);
  }
}
