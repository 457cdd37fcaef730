package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.toolchain.Toolchain;
import java.io.PrintStream;
import java.util.List;

/** {@code krt toolchains --format json}: schema {@code krt.toolchains/1}. */
public final class ToolchainsJson {
  private ToolchainsJson() {}

  public static final String SCHEMA = "krt.toolchains/1";

  public static void write(List<Toolchain> toolchains, PrintStream out) {
    ObjectNode root = Json.document(SCHEMA);
    ArrayNode a = root.putArray("toolchains");
    for (Toolchain t : toolchains) {
      ObjectNode n = a.addObject();
      n.put("name", t.name());
      n.put("origin", t.origin());
      n.put("description", t.description());
      ArrayNode vars = n.putArray("make");
      t.makeVariables().forEach(vars::add);
    }
    Json.print(root, out);
  }
}
