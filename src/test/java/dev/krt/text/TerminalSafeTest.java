package dev.krt.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.report.MatrixText;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.testing.Cells;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TerminalSafeTest {
  /** A window-title change, a screen clear, a C1 CSI and a bell, between ordinary UTF-8 text. */
  static final String HOSTILE = "é\u001b]0;pwned\u0007\u001b[2J\u009b31m\u0008ok\tü";

  private static String through(String s) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream raw = new PrintStream(b, true, StandardCharsets.UTF_8);
        PrintStream out = TerminalSafe.wrap(raw)) {
      out.print(s);
    }
    return b.toString(StandardCharsets.UTF_8);
  }

  @Test
  void controlCharactersBecomeQuestionMarksAndTextStays() {
    String want = "é?]0;pwned??[2J?31m?ok\tü";
    assertThat(through(HOSTILE)).isEqualTo(want);
    assertThat(through("line 1\nline 2\n")).isEqualTo("line 1\nline 2\n");
    // U+00C2 itself (bytes C3 82) and U+00A0 (C2 A0) are text, not controls.
    assertThat(through("Â\u00a0x")).isEqualTo("Â\u00a0x");
  }

  /** A posted cell's error, shown by {@code krt matrix show}, cannot drive the terminal. */
  @Test
  void matrixShowPrintsAPostedEscapeSequenceAsText() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      MatrixText.show(
          new RunRow("r1", 0, Optional.of(1L), RunStatus.DONE, "m.yaml", "", 1, "remote"),
          List.of(Cells.cell("r1", "stable", "fail", HOSTILE)),
          out);
    }
    String shown = b.toString(StandardCharsets.UTF_8);
    assertThat(shown).contains("pwned").doesNotContain("\u001b").doesNotContain("\u0007");
    assertThat(shown.chars().filter(c -> c == 0x9b)).isEmpty();
  }
}
