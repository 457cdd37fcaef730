package dev.krt.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@code GET /api}: the endpoints, so the API explains itself. The README documents each. */
final class ApiIndex {
  private ApiIndex() {}

  private static final String[][] ENDPOINTS = {
    {"GET", "/api/runs", "krt.matrix-runs/1: every run with its cell counts"},
    {
      "GET",
      "/api/runs/{id}/matrix",
      "krt.matrix-grid/1: the run as a grid, axes once, a compact row per cell (ETag, gzip)"
    },
    {"GET", "/api/runs/{id}", "krt.matrix/1: a run and every cell's summary (ETag, gzip)"},
    {
      "GET",
      "/api/runs/{id}/cells/{key}",
      "a cell with its steps and metadata.json; {key} may be @ORDINAL"
    },
    {
      "GET",
      "/api/runs/{id}/cells/{key}/log?from=N",
      "1,000 log lines from line N (default: around the first error)"
    },
    {
      "GET",
      "/api/toolchains",
      "krt check --all against each kernel krt serve was given (krt.check/2 each)"
    },
    {"GET", "/api/knowledge", "krt releases: kernel releases x Rust releases (krt.releases/2)"},
    {"GET", "/api/features", "krt features --all on the first kernel (krt.features/2)"},
    {"GET", "/api/distros", "krt distros (krt.distros/2)"},
    {
      "POST",
      "/api/runs",
      "create a run for remote results: {matrix, host}; Authorization: Bearer KRT_TOKEN"
    },
    {
      "POST",
      "/api/runs/{id}/cells",
      "report a finished cell (idempotent per key); Authorization: Bearer KRT_TOKEN"
    },
  };

  static ObjectNode json() {
    ObjectNode root = KrtServer.M.createObjectNode();
    root.put("schema", "krt.api/1");
    ArrayNode a = root.putArray("endpoints");
    for (String[] e : ENDPOINTS) {
      ObjectNode n = a.addObject();
      n.put("method", e[0]);
      n.put("path", e[1]);
      n.put("what", e[2]);
    }
    return root;
  }
}
