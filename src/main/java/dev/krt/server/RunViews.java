package dev.krt.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import java.util.List;
import java.util.Map;

/**
 * A run's matrix as the API serves it, kept ready: the JSON is built once per change of the run (a
 * cheap version query tells) and served as bytes, so many clients polling a large run cost a query
 * each, not a serialisation.
 */
final class RunViews {
  /** A run's cells and their JSON (plain and gzip), as of the run's revision {@code etag}. */
  record Matrix(
      RunRow run,
      List<CellRow> cells,
      Map<String, Integer> counts,
      byte[] json,
      byte[] gzip,
      byte[] grid,
      byte[] gridGzip,
      String etag) {}

  private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final Store store;

  /** Views of the runs looked at last; a server with thousands of runs keeps only these. */
  static final int CACHED_RUNS = 256;

  private final Map<String, Matrix> cache =
      java.util.Collections.synchronizedMap(
          new java.util.LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Matrix> eldest) {
              return size() > CACHED_RUNS;
            }
          });

  int cachedRuns() {
    return cache.size();
  }

  RunViews(Store store) {
    this.store = store;
  }

  Matrix matrix(RunRow run) throws java.io.IOException {
    return matrix(run.id()).orElseThrow();
  }

  /**
   * A run's view by id, empty for an unknown run. A current cached view costs one primary-key
   * lookup (the run's revision); only a changed run is read again.
   */
  java.util.Optional<Matrix> matrix(String runId) throws java.io.IOException {
    java.util.Optional<Long> revision = store.revision(runId);
    if (revision.isEmpty()) {
      return java.util.Optional.empty();
    }
    String version = runId + "-" + revision.get();
    Matrix m = cache.get(runId);
    if (m != null && m.etag().equals(version)) {
      return java.util.Optional.of(m);
    }
    java.util.Optional<RunRow> found = store.run(runId);
    if (found.isEmpty()) {
      return java.util.Optional.empty();
    }
    RunRow fresh = found.get();
    RunRow run = fresh;
    List<CellRow> cells = store.cells(run.id());
    ObjectNode root = Json.M.createObjectNode();
    root.put("schema", MatrixJson.SCHEMA);
    root.set("run", MatrixJson.run(fresh));
    Map<String, Integer> counts = new java.util.TreeMap<>();
    for (CellRow c : cells) {
      counts.merge(c.status().wire(), 1, Integer::sum);
    }
    ObjectNode cn = root.putObject("counts");
    counts.forEach(cn::put);
    ArrayNode a = root.putArray("cells");
    for (CellRow c : cells) {
      a.add(MatrixJson.summary(c));
    }
    // Compact, and gzip made once: a run of 10,000 cells is megabytes indented.
    byte[] json = COMPACT.writeValueAsBytes(root);
    byte[] grid = COMPACT.writeValueAsBytes(grid(fresh, cells, cn));
    Matrix fresh2 = new Matrix(fresh, cells, counts, json, gzip(json), grid, gzip(grid), version);
    cache.put(run.id(), fresh2);
    return java.util.Optional.of(fresh2);
  }

  /**
   * {@code krt.matrix-grid/1}: the run as the dashboard draws it. Axes once, then each cell as
   * {@code [kernel, toolchain, arch, config, status, duration_ms, classification, ordinal]} with
   * axis indexes; a cell's detail is {@code /api/runs/ID/cells/@ORDINAL}. A tenth of the full list.
   */
  private static ObjectNode grid(RunRow run, List<CellRow> cells, ObjectNode counts) {
    ObjectNode root = COMPACT.createObjectNode();
    root.put("schema", "krt.matrix-grid/1");
    root.set("run", MatrixJson.run(run));
    root.set("counts", counts);
    Map<String, Integer> k = new java.util.LinkedHashMap<>();
    Map<String, Integer> t = new java.util.LinkedHashMap<>();
    Map<String, Integer> a = new java.util.LinkedHashMap<>();
    Map<String, Integer> c = new java.util.LinkedHashMap<>();
    ArrayNode rows = COMPACT.createArrayNode();
    for (CellRow x : cells) {
      ArrayNode r = rows.addArray();
      r.add(k.computeIfAbsent(x.kernel(), z -> k.size()))
          .add(t.computeIfAbsent(x.toolchain(), z -> t.size()))
          .add(a.computeIfAbsent(x.arch(), z -> a.size()))
          .add(c.computeIfAbsent(x.config(), z -> c.size()))
          .add(x.status().wire());
      x.durationMs().ifPresentOrElse(r::add, r::addNull);
      x.classification().ifPresentOrElse(r::add, r::addNull);
      r.add(x.ordinal());
    }
    root.set("kernels", COMPACT.valueToTree(k.keySet()));
    root.set("toolchains", COMPACT.valueToTree(t.keySet()));
    root.set("arches", COMPACT.valueToTree(a.keySet()));
    root.set("configs", COMPACT.valueToTree(c.keySet()));
    root.set(
        "columns",
        COMPACT.valueToTree(
            List.of(
                "kernel",
                "toolchain",
                "arch",
                "config",
                "status",
                "duration_ms",
                "classification",
                "ordinal")));
    root.set("cells", rows);
    return root;
  }

  private static byte[] gzip(byte[] b) throws java.io.IOException {
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream(b.length / 6 + 64);
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(gz)) {
      z.write(b);
    }
    return gz.toByteArray();
  }

  /** The most runs one answer of {@code /api/runs} lists. */
  static final int MAX_PAGE = 500;

  /**
   * {@code krt.matrix-runs/1}: the newest runs with their counts, {@code limit} at a time, from the
   * run after {@code before} (a run id) on; {@code next} is the {@code before} of the next page,
   * null on the last.
   */
  ObjectNode list(int limit, java.util.Optional<String> before) throws java.io.IOException {
    ObjectNode root = Json.M.createObjectNode();
    root.put("schema", "krt.matrix-runs/1");
    ArrayNode a = root.putArray("runs");
    List<RunRow> all = store.runs();
    int start = 0;
    if (before.isPresent()) {
      start = all.size();
      for (int i = 0; i < all.size(); i++) {
        if (all.get(i).id().equals(before.get())) {
          start = i + 1;
          break;
        }
      }
    }
    int end = Math.min(all.size(), start + limit);
    for (RunRow r : all.subList(start, end)) {
      ObjectNode n = MatrixJson.run(r);
      ObjectNode counts = n.putObject("counts");
      store.counts(r.id()).forEach(counts::put);
      a.add(n);
    }
    if (end < all.size()) {
      root.put("next", all.get(end - 1).id());
    } else {
      root.putNull("next");
    }
    return root;
  }
}
