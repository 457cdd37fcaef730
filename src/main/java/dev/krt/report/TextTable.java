package dev.krt.report;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Rows of text cells printed in columns as wide as their widest cell (the last one runs free). */
public final class TextTable {
  private final List<String[]> rows = new ArrayList<>();
  private final String indent;

  public TextTable(String indent) {
    this.indent = indent;
  }

  public TextTable row(String... cells) {
    rows.add(cells);
    return this;
  }

  public void print(PrintStream out) {
    int cols = rows.stream().mapToInt(r -> r.length).max().orElse(0);
    int[] w = new int[cols];
    for (String[] r : rows) {
      for (int i = 0; i < r.length - 1; i++) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    for (String[] r : rows) {
      StringBuilder b = new StringBuilder(indent);
      for (int i = 0; i < r.length; i++) {
        b.append(i == r.length - 1 ? r[i] : String.format("%-" + (w[i] + 2) + "s", r[i]));
      }
      out.println(b.toString().stripTrailing());
    }
  }
}
