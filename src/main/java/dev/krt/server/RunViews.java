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
      String etag) {
    /** About how many bytes the view holds (the weigher's unit; saturates at Integer.MAX_VALUE). */
    int weight() {
      long w = json.length + gzip.length + grid.length + gridGzip.length;
      for (CellRow c : cells) {
        w += 256 + 2L * c.metadataJson().map(String::length).orElse(0);
        w += 2L * c.firstError().map(String::length).orElse(0);
      }
      return (int) Math.min(Integer.MAX_VALUE, w);
    }
  }

  private static final com.fasterxml.jackson.databind.ObjectMapper COMPACT =
      new com.fasterxml.jackson.databind.ObjectMapper();
  private final Store store;

  /**
   * Views of the runs looked at last, bounded by their size: one view of a 10,000-cell run weighs
   * tens of MiB, a small run a few KiB, so a count alone bounds nothing.
   */
  static final long CACHE_BYTES = 256L << 20;

  private final com.github.benmanes.caffeine.cache.Cache<String, Matrix> cache =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder()
          .maximumWeight(CACHE_BYTES)
          .weigher((String id, Matrix m) -> m.weight())
          .build();

  /** The views cached now, and their weight in bytes. */
  long cachedBytes() {
    cache.cleanUp();
    return cache.asMap().values().stream().mapToLong(Matrix::weight).sum();
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
    Matrix m = cache.getIfPresent(runId);
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
    root.set("run", run(fresh));
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
    root.set("run", run(run));
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
  ObjectNode list(int limit, java.util.Optional<String> before) {
    ObjectNode root = Json.M.createObjectNode();
    root.put("schema", "krt.matrix-runs/1");
    ArrayNode a = root.putArray("runs");
    Page p = page(store, limit, before);
    for (RunRow r : p.runs()) {
      ObjectNode n = run(r);
      ObjectNode counts = n.putObject("counts");
      p.counts().get(r.id()).forEach(counts::put);
      a.add(n);
    }
    p.next().ifPresentOrElse(x -> root.put("next", x), () -> root.putNull("next"));
    return root;
  }

  /** A page of the run list with each run's counts; {@code next} names the page after it. */
  record Page(
      List<RunRow> runs,
      Map<String, Map<String, Integer>> counts,
      java.util.Optional<String> next) {}

  /** One query for the runs (one more than asked, to know if a page follows), one for counts. */
  static Page page(Store store, int limit, java.util.Optional<String> before) {
    List<RunRow> found = store.runs(limit + 1, before);
    List<RunRow> runs = found.subList(0, Math.min(limit, found.size()));
    return new Page(
        runs,
        store.counts(runs.stream().map(RunRow::id).toList()),
        found.size() > limit
            ? java.util.Optional.of(runs.get(runs.size() - 1).id())
            : java.util.Optional.empty());
  }

  /**
   * A run as the server shows it: the matrix file by its name only, since the path is a place on
   * the building host.
   */
  static ObjectNode run(RunRow r) {
    ObjectNode n = MatrixJson.run(r);
    n.put("matrix", matrixName(r));
    return n;
  }

  static String matrixName(RunRow r) {
    String p = r.specPath();
    int slash = p.lastIndexOf('/');
    return slash < 0 || slash == p.length() - 1 ? p : p.substring(slash + 1);
  }
}
