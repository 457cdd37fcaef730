package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.MatrixDiff;
import dev.krt.store.RunRow;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code krt matrix diff --format json}: schema {@code krt.matrix-diff/1} (cells as in
 * krt.matrix/1).
 */
public final class MatrixDiffJson {
  private MatrixDiffJson() {}

  public static final String SCHEMA = "krt.matrix-diff/1";

  public static void write(RunRow ra, RunRow rb, MatrixDiff d, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    root.put("a", ra.id());
    root.put("b", rb.id());
    changes(root.putArray("regressions"), d.regressions());
    changes(root.putArray("fixes"), d.fixes());
    changes(root.putArray("failing_differently"), d.otherFailure());
    ArrayNode w = root.putArray("new_warnings");
    for (MatrixDiff.Warnings x : d.newWarnings()) {
      ObjectNode n = w.addObject();
      n.put("cell", x.cell());
      ArrayNode l = n.putArray("warnings");
      x.warnings().forEach(l::add);
    }
    ArrayNode oa = root.putArray("only_in_a");
    d.onlyInA().forEach(c -> oa.add(MatrixJson.cell(c)));
    ArrayNode ob = root.putArray("only_in_b");
    d.onlyInB().forEach(c -> ob.add(MatrixJson.cell(c)));
    root.put("unchanged", d.unchanged());
    testChanges(root.putArray("test_regressions"), d.testRegressions());
    testChanges(root.putArray("test_fixes"), d.testFixes());
    Json.print(root, out);
  }

  private static void changes(ArrayNode a, List<MatrixDiff.Change> cs) {
    for (MatrixDiff.Change c : cs) {
      ObjectNode n = a.addObject();
      n.put("cell", c.cell());
      n.set("a", MatrixJson.cell(c.a()));
      n.set("b", MatrixJson.cell(c.b()));
    }
  }

  private static void testChanges(ArrayNode a, java.util.List<MatrixDiff.TestChange> changes) {
    for (MatrixDiff.TestChange x : changes) {
      ObjectNode n = a.addObject();
      n.put("cell", x.cell());
      n.put("test", x.test());
      n.put("a", x.a());
      n.put("b", x.b().status().wire());
      MatrixJson.opt(n, "lines", x.b().lines());
    }
  }
}
