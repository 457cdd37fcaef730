package dev.krt.shell;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Pathname expansion of an unquoted word, as dash does it: {@code *}, {@code ?} and {@code [...]}
 * per path component, hidden names only for patterns that start with a dot, matches in byte order,
 * and the word itself when nothing matches. (The kernel's checker expands {@code $KRUSTFLAGS} and
 * {@code $CC} unquoted.)
 */
public final class ShellGlob {
  private ShellGlob() {}

  public static boolean hasMeta(String word) {
    return word.indexOf('*') >= 0 || word.indexOf('?') >= 0 || word.indexOf('[') >= 0;
  }

  public static List<String> expand(String word, Path cwd) {
    if (!hasMeta(word)) {
      return List.of(word);
    }
    boolean absolute = word.startsWith("/");
    String[] parts = word.split("/", -1);
    List<String> bases = new ArrayList<>();
    bases.add(absolute ? "/" : "");
    for (int i = absolute ? 1 : 0; i < parts.length; i++) {
      String part = parts[i];
      boolean last = i == parts.length - 1;
      List<String> next = new ArrayList<>();
      for (String base : bases) {
        String joined = base.isEmpty() || base.endsWith("/") ? base : base + "/";
        if (!hasMeta(part)) {
          next.add(joined + part);
          continue;
        }
        Pattern p = toRegex(part);
        if (p == null) {
          continue;
        }
        Path dir = cwd.resolve(base.isEmpty() ? "." : base);
        List<String> names = new ArrayList<>();
        if (part.startsWith(".")) {
          // dash reads the directory itself, where "." and ".." are entries too.
          for (String dot : List.of(".", "..")) {
            if (p.matcher(dot).matches()) {
              names.add(dot);
            }
          }
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
          for (Path c : ds) {
            String n = c.getFileName().toString();
            if (n.startsWith(".") && !part.startsWith(".")) {
              continue;
            }
            if (p.matcher(n).matches() && (last || Files.isDirectory(c))) {
              names.add(n);
            }
          }
        } catch (IOException e) {
          continue;
        }
        names.sort(null);
        for (String n : names) {
          next.add(joined + n);
        }
      }
      bases = next;
      if (bases.isEmpty()) {
        return List.of(word);
      }
    }
    return bases;
  }

  private static final java.util.Map<String, String> CLASSES =
      java.util.Map.ofEntries(
          java.util.Map.entry("alpha", "\\p{Alpha}"),
          java.util.Map.entry("digit", "0-9"),
          java.util.Map.entry("alnum", "\\p{Alnum}"),
          java.util.Map.entry("upper", "\\p{Upper}"),
          java.util.Map.entry("lower", "\\p{Lower}"),
          java.util.Map.entry("space", "\\s"),
          java.util.Map.entry("blank", " \\t"),
          java.util.Map.entry("punct", "\\p{Punct}"),
          java.util.Map.entry("print", "\\p{Print}"),
          java.util.Map.entry("graph", "\\p{Graph}"),
          java.util.Map.entry("cntrl", "\\p{Cntrl}"),
          java.util.Map.entry("xdigit", "\\p{XDigit}"));

  /** The glob as a Java regex; null when the pattern cannot match anything as written. */
  private static Pattern toRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        b.append(".*");
      } else if (c == '?') {
        b.append('.');
      } else if (c == '[') {
        int end = bracketEnd(glob, i);
        if (end < 0) {
          b.append("\\[");
        } else {
          b.append(bracket(glob.substring(i + 1, end)));
          i = end;
        }
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    try {
      return Pattern.compile(b.toString(), Pattern.DOTALL);
    } catch (java.util.regex.PatternSyntaxException e) {
      return null;
    }
  }

  /** The index of the ']' closing the bracket expression at {@code open}, or -1. */
  private static int bracketEnd(String g, int open) {
    int i = open + 1;
    if (i < g.length() && (g.charAt(i) == '!' || g.charAt(i) == '^')) {
      i++;
    }
    if (i < g.length() && g.charAt(i) == ']') {
      i++; // a ']' first is a member
    }
    while (i < g.length()) {
      if (g.startsWith("[:", i)) {
        int close = g.indexOf(":]", i + 2);
        if (close > 0) {
          i = close + 2;
          continue;
        }
      }
      if (g.charAt(i) == ']') {
        return i;
      }
      i++;
    }
    return -1;
  }

  /** A bracket expression's inside as a Java character class. */
  private static String bracket(String set) {
    StringBuilder b = new StringBuilder("[");
    int i = 0;
    if (!set.isEmpty() && (set.charAt(0) == '!' || set.charAt(0) == '^')) {
      b.append('^');
      i = 1;
    }
    boolean first = true;
    while (i < set.length()) {
      char c = set.charAt(i);
      if (set.startsWith("[:", i)) {
        int close = set.indexOf(":]", i + 2);
        if (close > 0) {
          String cls = CLASSES.get(set.substring(i + 2, close));
          b.append(cls == null ? "&&[^\\s\\S]" : cls); // an unknown class matches nothing
          i = close + 2;
          first = false;
          continue;
        }
      }
      if (c == '-' && !first && i + 1 < set.length()) {
        b.append('-');
      } else if (Character.isLetterOrDigit(c)) {
        b.append(c);
      } else {
        b.append('\\').append(c);
      }
      first = false;
      i++;
    }
    return b.append(']').toString();
  }
}
