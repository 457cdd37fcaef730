package dev.krt.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;

/**
 * The one JSON configuration of krt's documented schemas: every {@code --format json} writer and
 * the server's API build their trees here and print them the same way (indented, one document).
 */
public final class Json {
  private Json() {}

  public static final ObjectMapper M =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  public static ObjectNode object() {
    return M.createObjectNode();
  }

  /** A schema document: {@code {"schema": name, ...}}. */
  public static ObjectNode document(String schema) {
    return M.createObjectNode().put("schema", schema);
  }

  public static void print(JsonNode n, PrintStream out) {
    try {
      out.println(M.writeValueAsString(n));
    } catch (JsonProcessingException e) {
      // A tree of plain nodes always serialises.
      throw new IllegalStateException(e);
    }
  }
}
