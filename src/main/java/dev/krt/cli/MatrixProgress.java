package dev.krt.cli;

import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Progress of a matrix run on a terminal: a line per finished cell and one status line, redrawn at
 * most five times a second, naming what each building cell is compiling. Silent when off (stderr
 * not a terminal), so logs and CI output stay clean.
 */
final class MatrixProgress implements MatrixRunner.Listener {
  private final PrintStream err;
  private final int total;
  private final boolean on;
  private final Map<String, String> building = new LinkedHashMap<>();
  private int finished;
  private long lastDraw;
  private boolean statusShown;

  MatrixProgress(PrintStream err, int total, boolean on) {
    this.err = err;
    this.total = total;
    this.on = on;
  }

  @Override
  public synchronized void started(MatrixPlan.Cell cell) {
    building.put(cell.label(), "starting");
    draw(true);
  }

  @Override
  public synchronized void line(MatrixPlan.Cell cell, String line) {
    // Kbuild's short lines ("  RUSTC L rust/core.o") say what is being built.
    if (line.startsWith("  ") && line.length() < 120 && !line.isBlank()) {
      building.put(cell.label(), line.trim());
      draw(false);
    }
  }

  @Override
  public synchronized void finished(MatrixPlan.Cell cell, CellRow row) {
    building.remove(cell.label());
    finished++;
    if (on) {
      clear();
      String why =
          row.classification().map(c -> "  " + c + ": " + row.firstError().orElse("")).orElse("");
      err.println(
          String.format(
              "%-5s %s  %s%s",
              row.status(),
              cell.label(),
              dev.krt.text.Durations.human(row.durationMs().orElse(0L)),
              why.length() > 150 ? why.substring(0, 147) + "..." : why));
      draw(true);
    }
  }

  synchronized void done() {
    if (on) {
      clear();
    }
  }

  private void draw(boolean force) {
    if (!on) {
      return;
    }
    long now = System.currentTimeMillis();
    if (!force && now - lastDraw < 200) {
      return;
    }
    lastDraw = now;
    StringBuilder b = new StringBuilder("[" + finished + "/" + total + "]");
    building.forEach((label, what) -> b.append("  ").append(label).append(": ").append(what));
    String s = b.toString();
    err.print("\r\u001b[K" + (s.length() > 200 ? s.substring(0, 200) : s));
    err.flush();
    statusShown = true;
  }

  private void clear() {
    if (statusShown) {
      err.print("\r\u001b[K");
      statusShown = false;
    }
  }
}
