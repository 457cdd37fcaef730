package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.matrix.MatrixPresets;
import java.io.PrintStream;
import java.util.List;

/** {@code krt matrix presets --format json}: schema {@code krt.matrix-presets/1}. */
public final class PresetsJson {
  private PresetsJson() {}

  public static final String SCHEMA = "krt.matrix-presets/1";

  public static void write(List<MatrixPresets.Preset> presets, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    ArrayNode a = root.putArray("presets");
    for (MatrixPresets.Preset p : presets) {
      ObjectNode n = a.addObject();
      n.put("name", p.name());
      n.put("summary", p.summary());
      n.put("origin", p.origin());
      ObjectNode c = n.putObject("config");
      c.put("name", p.configName());
      c.put("base", "defconfig");
      p.fragments().forEach(c.putArray("fragments")::add);
      ArrayNode steps = n.putArray("steps");
      for (MatrixPresets.Step s : p.steps()) {
        ObjectNode x = steps.addObject();
        x.put("name", s.name());
        x.put("kind", s.kind());
        s.targets().forEach(x.putArray("targets")::add);
        ObjectNode vars = x.putObject("make");
        s.makeVariables().forEach(vars::put);
        x.put("if_present", s.ifPresent());
      }
    }
    Json.print(root, out);
  }
}
