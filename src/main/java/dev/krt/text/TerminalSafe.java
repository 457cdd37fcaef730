package dev.krt.text;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Text for a terminal from data krt did not write (cells posted by other hosts, logs): control
 * characters become {@code ?}, so an escape sequence in a posted error cannot move the cursor,
 * rewrite the screen or set the window title. Newlines and tabs stay; UTF-8 text stays.
 */
public final class TerminalSafe extends FilterOutputStream {
  private boolean afterC2;

  private TerminalSafe(OutputStream out) {
    super(out);
  }

  /** {@code out}, filtered; closing the result does not close {@code out}. */
  public static PrintStream wrap(PrintStream out) {
    return new PrintStream(new TerminalSafe(out), true, StandardCharsets.UTF_8) {
      @Override
      public void close() {
        flush();
      }
    };
  }

  /** One line of such text: every control character, newlines too, becomes {@code ?}. */
  public static String line(String s) {
    StringBuilder b = new StringBuilder(s.length());
    s.codePoints().forEach(c -> b.appendCodePoint(c < 0x20 || (c >= 0x7f && c <= 0x9f) ? '?' : c));
    return b.toString();
  }

  @Override
  public void write(int b) throws IOException {
    int v = b & 0xff;
    if (afterC2) {
      afterC2 = false;
      if (v >= 0x80 && v <= 0x9f) {
        out.write('?'); // a C1 control, U+0080..U+009F
        return;
      }
      out.write(0xc2);
    }
    if (v == 0xc2) {
      afterC2 = true;
      return;
    }
    if ((v < 0x20 && v != '\n' && v != '\t') || v == 0x7f) {
      out.write('?');
      return;
    }
    out.write(v);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    for (int i = off; i < off + len; i++) {
      write(b[i]);
    }
  }
}
