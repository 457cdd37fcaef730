package dev.krt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.report.Json;
import dev.krt.store.CellRow;
import java.io.IOException;
import java.util.Optional;

/** A stored cell's {@code metadata.json}, read for the fields other formats carry. */
final class StoredMetadata {
  private StoredMetadata() {}

  /** The cell's metadata; an empty object for a cell without (or with a damaged) one. */
  static JsonNode of(CellRow c) {
    if (c.metadataJson().isEmpty()) {
      return Json.object();
    }
    try {
      return Json.M.readTree(c.metadataJson().get());
    } catch (IOException e) {
      // A damaged row: written without what its metadata would have added.
      return Json.object();
    }
  }

  /** A non-empty scalar at {@code group.field}. */
  static Optional<String> text(JsonNode meta, String group, String field) {
    return text(meta.path(group), field);
  }

  /** A non-empty scalar at {@code field}. */
  static Optional<String> text(JsonNode from, String field) {
    JsonNode v = from.path(field);
    return v.isValueNode() && !v.isNull() && !v.asText().isEmpty()
        ? Optional.of(v.asText())
        : Optional.empty();
  }
}
