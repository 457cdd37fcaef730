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
 * per path component, hidden names only for patterns that start with a dot, matches in byte
 * order, and the word itself when nothing matches. (The kernel's checker expands {@code
 * $KRUSTFLAGS} and {@code $CC} unquoted.)
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
        Path dir = cwd.resolve(base.isEmpty() ? "." : base);
        List<String> names = new ArrayList<>();
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

  private static Pattern toRegex(String glob) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == '*') {
        b.append(".*");
      } else if (c == '?') {
        b.append('.');
      } else if (c == '[') {
        int end = glob.indexOf(']', i + 2);
        if (end < 0) {
          b.append("\\[");
        } else {
          String set = glob.substring(i + 1, end);
          if (set.startsWith("!")) {
            set = "^" + set.substring(1);
          }
          b.append('[').append(set.replace("\\", "\\\\")).append(']');
          i = end;
        }
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString(), Pattern.DOTALL);
  }
}
