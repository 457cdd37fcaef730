package dev.krt.shell;

import java.util.ArrayList;
import java.util.List;

/** Field splitting of an unquoted {@code $VAR} with the default IFS (space, tab, newline). */
public final class ShellWords {
  private ShellWords() {}

  public static List<String> split(String s) {
    List<String> out = new ArrayList<>();
    int i = 0;
    while (i < s.length()) {
      while (i < s.length() && isWhite(s.charAt(i))) {
        i++;
      }
      int j = i;
      while (j < s.length() && !isWhite(s.charAt(j))) {
        j++;
      }
      if (j > i) {
        out.add(s.substring(i, j));
      }
      i = j;
    }
    return out;
  }

  private static boolean isWhite(char c) {
    return c == ' ' || c == '\t' || c == '\n';
  }
}
