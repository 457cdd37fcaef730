package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.MatrixBisect;
import java.io.PrintStream;

/** {@code krt matrix bisect --format json}: schema {@code krt.matrix-bisect/1}. */
public final class MatrixBisectJson {
  private MatrixBisectJson() {}

  public static final String SCHEMA = "krt.matrix-bisect/1";

  public static void write(String runId, MatrixBisect.Result r, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    root.put("run", runId);
    ArrayNode o = root.putArray("order");
    r.order().forEach(o::add);
    r.lastGood()
        .ifPresentOrElse(
            i -> root.put("last_good", r.order().get(i)), () -> root.putNull("last_good"));
    r.firstBad()
        .ifPresentOrElse(
            i -> root.put("first_bad", r.order().get(i)), () -> root.putNull("first_bad"));
    ArrayNode p = root.putArray("probes");
    for (MatrixBisect.Probe x : r.probes()) {
      p.add(MatrixJson.cell(x.row()));
    }
    Json.print(root, out);
  }
}
