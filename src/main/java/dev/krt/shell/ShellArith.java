package dev.krt.shell;

import java.util.Optional;

/**
 * The kernel scripts' {@code get_canonical_version}, with dash's semantics:
 *
 * <pre>
 *   get_canonical_version() { IFS=.; set -- $1; echo $((100000 * $1 + 100 * $2 + $3)); }
 *   cversion=$(get_canonical_version $version)     # unquoted: only the first word is used
 * </pre>
 *
 * The fields are pasted into the arithmetic as text, so an empty or octal-looking field is a dash
 * arithmetic error (exit 2, message naming the script and line), and huge numbers saturate and wrap
 * as in C. Reproducing that keeps krt's verdicts and messages equal to the script's even for
 * garbage versions.
 */
public final class ShellArith {
  private ShellArith() {}

  /** Either a value or dash's error text (without the {@code $0: LINE: } prefix). */
  public record Outcome(Optional<Long> value, String expression, Optional<String> error) {
    public long orZero() {
      return value.orElse(0L);
    }
  }

  /** Evaluates {@code $((M * $1 + 100 * $2 + $3))} for a version text as the script would. */
  public static Outcome canonical(String versionText, long multiplier) {
    // Call-site splitting with the default IFS: the function sees the first word only.
    String first = firstWord(versionText);
    // Inside: IFS=. splitting of that word (no empty trailing field, like the shell).
    String[] f = splitDots(first);
    String a = f.length > 0 ? f[0] : "";
    String b = f.length > 1 ? f[1] : "";
    String c = f.length > 2 ? f[2] : "";
    String expr = multiplier + " * " + a + " + 100 * " + b + " + " + c;
    return evaluate(expr);
  }

  static String firstWord(String s) {
    int i = 0;
    while (i < s.length() && isIfsWhite(s.charAt(i))) {
      i++;
    }
    int j = i;
    while (j < s.length() && !isIfsWhite(s.charAt(j))) {
      j++;
    }
    return s.substring(i, j);
  }

  private static boolean isIfsWhite(char c) {
    return c == ' ' || c == '\t' || c == '\n';
  }

  static String[] splitDots(String s) {
    if (s.isEmpty()) {
      return new String[0];
    }
    java.util.List<String> out = new java.util.ArrayList<>();
    int start = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == '.') {
        out.add(s.substring(start, i));
        start = i + 1;
      }
    }
    if (start < s.length()) {
      out.add(s.substring(start));
    }
    return out.toArray(new String[0]);
  }

  /**
   * A small dash arithmetic evaluator: integer constants (decimal, octal, hex), unary {@code +} and
   * {@code -}, {@code * / %}, {@code + -}; enough for the kernel's version scripts.
   */
  public static Outcome evaluate(String expr) {
    Lexer lx = new Lexer(expr);
    try {
      long v = sum(lx);
      lx.skipWs();
      if (!lx.atEnd()) {
        return new Outcome(
            Optional.empty(),
            expr,
            Optional.of("arithmetic expression: expecting EOF: \"" + expr + "\""));
      }
      return new Outcome(Optional.of(v), expr, Optional.empty());
    } catch (SyntaxError e) {
      return new Outcome(
          Optional.empty(),
          expr,
          Optional.of("arithmetic expression: " + e.getMessage() + ": \"" + expr + "\""));
    }
  }

  private static long sum(Lexer lx) throws SyntaxError {
    long v = product(lx);
    while (true) {
      lx.skipWs();
      char c = lx.peek();
      if (c == '+' || c == '-') {
        lx.pos++;
        long r = product(lx);
        v = c == '+' ? v + r : v - r;
      } else {
        return v;
      }
    }
  }

  private static long product(Lexer lx) throws SyntaxError {
    long v = unary(lx);
    while (true) {
      lx.skipWs();
      char c = lx.peek();
      if (c == '*' || c == '/' || c == '%') {
        lx.pos++;
        long r = unary(lx);
        if (c == '*') {
          v *= r;
        } else if (r == 0) {
          throw new SyntaxError("division by zero");
        } else if (c == '/') {
          v = (v == Long.MIN_VALUE && r == -1) ? v : v / r;
        } else {
          v = (r == -1) ? 0 : v % r;
        }
      } else {
        return v;
      }
    }
  }

  private static long unary(Lexer lx) throws SyntaxError {
    lx.skipWs();
    char c = lx.peek();
    if (c == '+' || c == '-') {
      lx.pos++;
      long v = unary(lx);
      return c == '-' ? -v : v;
    }
    if (c >= '0' && c <= '9') {
      return lx.number();
    }
    if (Character.isLetter(c) || c == '_') {
      // A variable: unset or empty counts as 0 (the fields are never set variables here).
      while (!lx.atEnd() && (Character.isLetterOrDigit(lx.peek()) || lx.peek() == '_')) {
        lx.pos++;
      }
      return 0;
    }
    throw new SyntaxError("expecting primary");
  }

  private static final class SyntaxError extends Exception {
    SyntaxError(String m) {
      super(m);
    }
  }

  private static final class Lexer {
    final String s;
    int pos;

    Lexer(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char peek() {
      return atEnd() ? '\0' : s.charAt(pos);
    }

    void skipWs() {
      while (!atEnd() && (s.charAt(pos) == ' ' || s.charAt(pos) == '\t' || s.charAt(pos) == '\n')) {
        pos++;
      }
    }

    /** strtoimax(s, &end, 0): decimal, 0-prefixed octal, 0x hex; saturating. */
    long number() {
      int base = 10;
      int i = pos;
      if (s.charAt(i) == '0') {
        if (i + 1 < s.length()
            && (s.charAt(i + 1) == 'x' || s.charAt(i + 1) == 'X')
            && i + 2 < s.length()
            && Character.digit(s.charAt(i + 2), 16) >= 0) {
          base = 16;
          i += 2;
        } else {
          base = 8;
        }
      }
      long v = 0;
      boolean sat = false;
      while (i < s.length()) {
        int d = Character.digit(s.charAt(i), base);
        if (d < 0 || s.charAt(i) > 'z') {
          break;
        }
        if (!sat) {
          if (v > (Long.MAX_VALUE - d) / base) {
            sat = true;
            v = Long.MAX_VALUE;
          } else {
            v = v * base + d;
          }
        }
        i++;
      }
      pos = i;
      return v;
    }
  }
}
