package dev.krt.shell;

/** Text as dash handles it in the kernel's checker: command substitution and {@code echo}. */
public final class DashText {
  private DashText() {}

  /** {@code $(...)}: trailing newlines removed (NUL bytes were already dropped by the reader). */
  public static String commandSubstitution(String out) {
    int end = out.length();
    while (end > 0 && out.charAt(end - 1) == '\n') {
      end--;
    }
    return out.substring(0, end);
  }

  /**
   * What {@code echo "$x"} writes in dash: backslash escapes interpreted ({@code \c} stops output
   * and the newline; {@code \0NNN} and {@code \NNN} are octal bytes), then a newline; a lone {@code
   * -n} argument is dash's option and prints nothing.
   */
  public static String echo(String arg) {
    if (arg.equals("-n")) {
      return "";
    }
    StringBuilder b = new StringBuilder(arg.length() + 1);
    for (int i = 0; i < arg.length(); i++) {
      char c = arg.charAt(i);
      if (c != '\\' || i + 1 >= arg.length()) {
        b.append(c);
        continue;
      }
      char n = arg.charAt(i + 1);
      switch (n) {
        case 'a' -> {
          b.append('\u0007');
          i++;
        }
        case 'b' -> {
          b.append('\b');
          i++;
        }
        case 'c' -> {
          return b.toString();
        }
        case 'e' -> {
          b.append('\u001b');
          i++;
        }
        case 'f' -> {
          b.append('\f');
          i++;
        }
        case 'n' -> {
          b.append('\n');
          i++;
        }
        case 'r' -> {
          b.append('\r');
          i++;
        }
        case 't' -> {
          b.append('\t');
          i++;
        }
        case 'v' -> {
          b.append('\u000b');
          i++;
        }
        case '\\' -> {
          b.append('\\');
          i++;
        }
        default -> {
          if (n >= '0' && n <= '7') {
            // \0 takes up to three more octal digits; \1..\7 start a three-digit number.
            int j = n == '0' ? i + 2 : i + 1;
            int v = 0;
            int k = 0;
            while (k < 3 && j < arg.length() && arg.charAt(j) >= '0' && arg.charAt(j) <= '7') {
              v = v * 8 + (arg.charAt(j) - '0');
              j++;
              k++;
            }
            b.append((char) (v & 0xff));
            i = j - 1;
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('\n').toString();
  }
}
