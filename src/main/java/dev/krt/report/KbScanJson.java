package dev.krt.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.app.KernelHistory;
import dev.krt.knowledge.KbScan;
import java.io.PrintStream;

/** {@code krt kb scan --format json}: schema {@code krt.kb-scan/1}. */
public final class KbScanJson {
  private KbScanJson() {}

  public static final String SCHEMA = "krt.kb-scan/1";

  public static void write(KernelHistory.Report r, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    root.put("repository", r.repo().toString());
    ArrayNode tags = root.putArray("tags");
    for (KbScan.Scanned s : r.scanned()) {
      ObjectNode n = tags.addObject();
      n.put("tag", s.tag());
      n.put("commit", s.commit());
      n.put("version", s.version().map(Object::toString).orElse(null));
      n.put("rust", s.hasRust());
      n.put("problem", s.problem().orElse(null));
      n.set(
          "era",
          s.era()
              .map(
                  e ->
                      (JsonNode)
                          Json.object()
                              .put("name", e.name())
                              .put("spec", e.spec())
                              .put("pinned", e.pinned()))
              .orElse(null));
      ObjectNode pol = n.putObject("policies");
      s.policies().forEach((a, p) -> pol.set(a, CompatJson.policy(p)));
    }
    if (r.diffed()) {
      ArrayNode ds = root.putArray("differences");
      for (KbScan.Difference d : r.differences()) {
        ds.addObject()
            .put("tag", d.tag())
            .put("row", d.row())
            .put("what", d.what())
            .put("tree", d.tree())
            .put("dataset", d.dataset());
      }
    }
    Json.print(root, out);
  }
}
