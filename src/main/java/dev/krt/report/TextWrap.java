package dev.krt.report;

import java.io.PrintStream;

/** Long prose (dataset sources, notes) wrapped at word boundaries for a terminal. */
public final class TextWrap {
  private TextWrap() {}

  public static final int WIDTH = 100;

  /** Prints {@code first + text}, continuing lines under {@code indent}. */
  public static void print(PrintStream out, String first, String text, String indent) {
    StringBuilder line = new StringBuilder(first);
    int start = first.length();
    for (String word : text.split(" ")) {
      if (line.length() > start && line.length() + 1 + word.length() > WIDTH) {
        out.println(line);
        line = new StringBuilder(indent);
        start = indent.length();
      }
      if (line.length() > start) {
        line.append(' ');
      }
      line.append(word);
    }
    out.println(line);
  }
}
