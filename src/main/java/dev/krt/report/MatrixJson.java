package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.store.TestRow;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Runs and cells as JSON ({@code krt.matrix/1}, docs/matrix.md): what {@code krt matrix show
 * --format json} prints and what {@code krt serve}'s API answers.
 */
public final class MatrixJson {
  public static final String SCHEMA = "krt.matrix/1";

  private MatrixJson() {}

  /** A run with every cell, its steps and metadata. */
  public static ObjectNode full(Store db, RunRow run) throws IOException {
    List<CellRow> cells = db.cells(run.id());
    java.util.Map<String, List<StepRow>> steps = new java.util.HashMap<>();
    java.util.Map<String, List<TestRow>> tests = new java.util.HashMap<>();
    for (CellRow c : cells) {
      steps.put(c.key(), db.steps(c.runId(), c.key()));
      tests.put(c.key(), db.tests(c.runId(), c.key()));
    }
    ObjectNode root = Json.document(SCHEMA);
    root.set("run", run(run));
    ArrayNode a = root.putArray("cells");
    for (CellRow c : cells) {
      a.add(detail(c, steps.get(c.key()), tests.get(c.key())));
    }
    if (db.farm().isFarmRun(run.id())) {
      for (int i = 0; i < cells.size(); i++) {
        refusals(
            (ObjectNode) root.path("cells").get(i),
            db.farm().refusals(run.id(), cells.get(i).key()));
      }
    }
    return root;
  }

  /**
   * A farm cell's {@code refusals}: the workers that would not build it and why (they lack its
   * kernel or toolchain, or have another one by that name).
   */
  public static void refusals(ObjectNode cell, List<dev.krt.store.FarmCells.Refusal> refusals) {
    ArrayNode a = cell.putArray("refusals");
    for (dev.krt.store.FarmCells.Refusal r : refusals) {
      a.addObject().put("worker", r.worker()).put("reason", r.reason());
    }
  }

  /** {@code krt matrix show --format json}: the run, then each cell with its steps. */
  public static ObjectNode full(
      RunRow run, List<CellRow> cells, java.util.function.Function<CellRow, List<StepRow>> steps) {
    ObjectNode root = Json.document(SCHEMA);
    root.set("run", run(run));
    ArrayNode a = root.putArray("cells");
    for (CellRow c : cells) {
      a.add(detail(c, steps.apply(c)));
    }
    return root;
  }

  /** A cell with its steps and metadata. */
  public static ObjectNode detail(CellRow c, List<StepRow> stepRows) {
    return detail(c, stepRows, List.of());
  }

  /**
   * A cell with its steps, the tests its kunit step ran (only when it ran some: {@code tests} with
   * the counts, each suite's and every result) and its metadata.
   */
  public static ObjectNode detail(CellRow c, List<StepRow> stepRows, List<TestRow> testRows) {
    ObjectNode n = cell(c);
    ArrayNode steps = n.putArray("steps");
    for (StepRow s : stepRows) {
      ObjectNode sn = steps.addObject();
      sn.put("name", s.name());
      sn.put("status", s.status().wire());
      s.exitCode().ifPresentOrElse(e -> sn.put("exit_code", e), () -> sn.putNull("exit_code"));
      sn.put("duration_ms", s.durationMs());
      opt(sn, "classification", s.classification());
      opt(sn, "first_error", s.firstError());
    }
    if (!testRows.isEmpty()) {
      n.set("tests", tests(testRows));
    }
    n.putNull("metadata");
    if (c.metadataJson().isPresent()) {
      try {
        n.set("metadata", Json.M.readTree(c.metadataJson().get()));
      } catch (IOException e) {
        // not krt's JSON (a damaged row): shown as unknown rather than failing the whole answer
      }
    }
    return n;
  }

  /** {@code tests}: pass/fail/skipped counts, per suite, and every result in the kernel's order. */
  public static ObjectNode tests(List<TestRow> rows) {
    ObjectNode t = Json.object();
    t.set("counts", counts(rows));
    ObjectNode suites = t.putObject("suites");
    java.util.Map<String, List<TestRow>> bySuite = new java.util.LinkedHashMap<>();
    rows.forEach(r -> bySuite.computeIfAbsent(r.suite(), k -> new java.util.ArrayList<>()).add(r));
    bySuite.forEach((suite, l) -> suites.set(suite, counts(l)));
    ArrayNode results = t.putArray("results");
    for (TestRow r : rows) {
      ObjectNode x = results.addObject();
      x.put("suite", r.suite());
      x.put("test", r.test());
      x.put("status", r.status().wire());
      opt(x, "lines", r.lines());
    }
    return t;
  }

  private static ObjectNode counts(List<TestRow> rows) {
    ObjectNode c = Json.object();
    for (StepStatus s : StepStatus.values()) {
      c.put(s.wire(), rows.stream().filter(r -> r.status() == s).count());
    }
    return c;
  }

  public static ObjectNode run(RunRow r) {
    ObjectNode n = Json.M.createObjectNode();
    n.put("id", r.id());
    n.put("status", r.status().wire());
    n.put("created_at", r.createdAt());
    r.finishedAt().ifPresentOrElse(t -> n.put("finished_at", t), () -> n.putNull("finished_at"));
    n.put("matrix", r.specPath());
    n.put("jobs", r.jobs());
    n.put("host", r.host());
    return n;
  }

  /**
   * A cell as a run's list shows it: without its log path and planned steps (the detail has them).
   */
  public static ObjectNode summary(CellRow c) {
    ObjectNode n = cell(c);
    n.remove("log");
    n.remove("log_lines");
    n.remove("steps_planned");
    return n;
  }

  public static ObjectNode cell(CellRow c) {
    ObjectNode n = Json.M.createObjectNode();
    n.put("key", c.key());
    n.put("kernel", c.kernel());
    n.put("toolchain", c.toolchain());
    n.put("arch", c.arch());
    n.put("config", c.config());
    n.put("steps_planned", c.steps());
    n.put("status", c.status().wire());
    opt(n, "reused_from", c.reusedFrom());
    c.durationMs().ifPresentOrElse(d -> n.put("duration_ms", d), () -> n.putNull("duration_ms"));
    opt(n, "failed_step", c.failedStep());
    opt(n, "classification", c.classification());
    opt(n, "first_error", c.firstError());
    opt(n, "log", c.logPath());
    c.logLines().ifPresentOrElse(l -> n.put("log_lines", l), () -> n.putNull("log_lines"));
    opt(n, "worker", c.worker());
    return n;
  }

  public static void opt(ObjectNode n, String k, Optional<String> v) {
    v.ifPresentOrElse(s -> n.put(k, s), () -> n.putNull(k));
  }
}
