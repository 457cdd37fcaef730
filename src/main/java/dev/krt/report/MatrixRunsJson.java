package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code krt matrix runs --format json}: schema {@code krt.matrix-runs/1}, each run with its
 * counts.
 */
public final class MatrixRunsJson {
  private MatrixRunsJson() {}

  public static final String SCHEMA = "krt.matrix-runs/1";

  public static void write(Map<RunRow, List<CellRow>> runs, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    ArrayNode a = root.putArray("runs");
    runs.forEach(
        (r, cells) -> {
          ObjectNode n = MatrixJson.run(r);
          n.put("summary", MatrixText.counts(cells));
          a.add(n);
        });
    Json.print(root, out);
  }
}
