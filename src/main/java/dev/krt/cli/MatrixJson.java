package dev.krt.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.Store;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Optional;

/** {@code krt matrix show --format json}: a run, its cells, their steps and metadata (docs/matrix.md). */
final class MatrixJson {
  static final String SCHEMA = "krt.matrix/1";
  static final ObjectMapper M = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private MatrixJson() {}

  static void print(PrintStream out, Store db, RunRow run) throws IOException {
    ObjectNode root = M.createObjectNode();
    root.put("schema", SCHEMA);
    root.set("run", run(run));
    ArrayNode cells = root.putArray("cells");
    for (CellRow c : db.cells(run.id())) {
      ObjectNode n = cell(c);
      ArrayNode steps = n.putArray("steps");
      for (StepRow s : db.steps(c.runId(), c.key())) {
        ObjectNode sn = steps.addObject();
        sn.put("name", s.name());
        sn.put("status", s.status());
        s.exitCode().ifPresentOrElse(e -> sn.put("exit_code", e), () -> sn.putNull("exit_code"));
        sn.put("duration_ms", s.durationMs());
        opt(sn, "classification", s.classification());
        opt(sn, "first_error", s.firstError());
      }
      if (c.metadataJson().isPresent()) {
        n.set("metadata", M.readTree(c.metadataJson().get()));
      } else {
        n.putNull("metadata");
      }
      cells.add(n);
    }
    out.println(M.writeValueAsString(root));
  }

  static ObjectNode run(RunRow r) {
    ObjectNode n = M.createObjectNode();
    n.put("id", r.id());
    n.put("status", r.status());
    n.put("created_at", r.createdAt());
    r.finishedAt().ifPresentOrElse(t -> n.put("finished_at", t), () -> n.putNull("finished_at"));
    n.put("matrix", r.specPath());
    n.put("jobs", r.jobs());
    n.put("host", r.host());
    return n;
  }

  static ObjectNode cell(CellRow c) {
    ObjectNode n = M.createObjectNode();
    n.put("key", c.key());
    n.put("kernel", c.kernel());
    n.put("toolchain", c.toolchain());
    n.put("arch", c.arch());
    n.put("config", c.config());
    n.put("steps_planned", c.steps());
    n.put("status", c.status());
    opt(n, "reused_from", c.reusedFrom());
    c.durationMs().ifPresentOrElse(d -> n.put("duration_ms", d), () -> n.putNull("duration_ms"));
    opt(n, "failed_step", c.failedStep());
    opt(n, "classification", c.classification());
    opt(n, "first_error", c.firstError());
    opt(n, "log", c.logPath());
    return n;
  }

  static void opt(ObjectNode n, String k, Optional<String> v) {
    v.ifPresentOrElse(s -> n.put(k, s), () -> n.putNull(k));
  }
}
