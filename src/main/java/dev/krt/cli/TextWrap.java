package dev.krt.cli;

import java.io.PrintStream;

/** Long prose (dataset sources, notes) wrapped at word boundaries for a terminal. */
final class TextWrap {
  private TextWrap() {}

  static final int WIDTH = 100;

  /** Prints {@code first + text}, continuing lines under {@code indent}. */
  static void print(PrintStream out, String first, String text, String indent) {
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
