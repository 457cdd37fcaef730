package dev.krt.kernel.kconfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One {@code config SYMBOL} entry of a Kconfig file: where it is, its {@code depends on} lines and
 * its {@code def_bool} / {@code default} expressions, each with its file and line.
 */
public record KconfigEntry(
    String symbol, Line where, List<Line> dependsOn, List<Line> defaults, List<Line> selectedBy) {
  public KconfigEntry {
    dependsOn = List.copyOf(dependsOn);
    defaults = List.copyOf(defaults);
    selectedBy = List.copyOf(selectedBy);
  }

  /**
   * A line of a Kconfig file (continuations joined) and its expression.
   *
   * @param expression empty when krt cannot read it (it then claims nothing about it)
   */
  public record Line(String file, int line, String text, Optional<KconfigExpr> expression) {
    /** {@code init/Kconfig:1984}. */
    public String location() {
      return file + ":" + line;
    }
  }

  /** A line that starts another entry or block ends the current one. */
  private static final Pattern ENTRY_END =
      Pattern.compile(
          "^(config|menuconfig|choice|endchoice|comment|menu|endmenu|if|endif|source|rsource|osource|orsource|mainmenu)\\b.*");

  /** The entry for {@code symbol} in a Kconfig file's text, if it defines one. */
  public static Optional<KconfigEntry> find(String text, String file, String symbol) {
    List<String> lines = List.of(text.split("\n", -1));
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i).strip();
      if (!(l.equals("config " + symbol) || l.equals("menuconfig " + symbol))) {
        continue;
      }
      Line where = new Line(file, i + 1, l, Optional.empty());
      List<Line> depends = new ArrayList<>();
      List<Line> defaults = new ArrayList<>();
      int j = i + 1;
      boolean help = false;
      while (j < lines.size()) {
        String raw = lines.get(j);
        String s = raw.strip();
        if (!raw.isEmpty()
            && !Character.isWhitespace(raw.charAt(0))
            && ENTRY_END.matcher(s).matches()) {
          break;
        }
        if (help) {
          // help text runs until a line indented less than its first line; entries end it above
          j++;
          continue;
        }
        int start = j;
        StringBuilder joined = new StringBuilder(withoutComment(s).strip());
        while (joined.toString().endsWith("\\") && j + 1 < lines.size()) {
          joined.setLength(joined.length() - 1);
          j++;
          joined.append(' ').append(withoutComment(lines.get(j)).strip());
        }
        String logical = joined.toString().strip().replaceAll("\\s+", " ");
        if (logical.equals("help") || logical.equals("---help---")) {
          help = true;
        } else if (logical.startsWith("depends on ")) {
          String e = logical.substring("depends on ".length());
          depends.add(new Line(file, start + 1, logical, KconfigExpr.parse(e)));
        } else if (logical.startsWith("def_bool ") || logical.startsWith("def_tristate ")) {
          String e = logical.substring(logical.indexOf(' ') + 1);
          defaults.add(new Line(file, start + 1, logical, KconfigExpr.parse(withoutIf(e))));
        }
        j++;
      }
      return Optional.of(new KconfigEntry(symbol, where, depends, defaults, List.of()));
    }
    return Optional.empty();
  }

  /** {@code select SYMBOL [if EXPR]} lines anywhere in a file's text: what can turn it on. */
  public static List<Line> selects(String text, String file, String symbol) {
    List<Line> out = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    String owner = "";
    for (int i = 0; i < lines.length; i++) {
      String s = withoutComment(lines[i]).strip();
      if (s.startsWith("config ") || s.startsWith("menuconfig ")) {
        owner = s.substring(s.indexOf(' ') + 1).strip();
      } else if (s.equals("select " + symbol) || s.startsWith("select " + symbol + " ")) {
        out.add(new Line(file, i + 1, owner + ": " + s, Optional.empty()));
      }
    }
    return out;
  }

  public KconfigEntry withSelectedBy(List<Line> selectors) {
    return new KconfigEntry(symbol, where, dependsOn, defaults, selectors);
  }

  /** The line without its comment: {@code #} outside quotes starts one. */
  public static String withoutComment(String s) {
    boolean quoted = false;
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == '#' && !quoted) {
        return s.substring(0, k);
      }
    }
    return s;
  }

  private static String withoutIf(String e) {
    int i = e.indexOf(" if ");
    return i < 0 ? e : e.substring(0, i);
  }
}
