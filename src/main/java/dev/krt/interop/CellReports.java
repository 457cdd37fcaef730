package dev.krt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.store.CellStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.store.TestRow;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A cell result from elsewhere, validated field by field before anything is stored: what a remote
 * runner posts ({@code POST /api/runs/{id}/cells}, README "HTTP API") and the {@code cell} of a
 * result directory ({@code krt matrix import}). The first problem is the message.
 */
public final class CellReports {
  private CellReports() {}

  public static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  public static final Pattern RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  private static final Set<String> FIELDS =
      Set.of(
          "key",
          "kernel",
          "toolchain",
          "arch",
          "config",
          "steps_planned",
          "status",
          "duration_ms",
          "failed_step",
          "classification",
          "first_error",
          "steps",
          "tests",
          "metadata",
          "log");
  private static final Set<String> STEP_FIELDS =
      Set.of("name", "status", "exit_code", "duration_ms", "classification", "first_error");
  private static final Set<String> TESTS_FIELDS = Set.of("counts", "suites", "results");
  private static final Set<String> TEST_FIELDS = Set.of("suite", "test", "status", "lines");

  /** A key given twice is refused: two readers of one report must not see two different cells. */
  private static final ObjectMapper M =
      new ObjectMapper(
              com.fasterxml.jackson.core.JsonFactory.builder()
                  // krt's own documents nest a few levels; deeper ones would break every view
                  // that embeds them (Jackson also writes at most 1000 levels).
                  .streamReadConstraints(
                      com.fasterxml.jackson.core.StreamReadConstraints.builder()
                          .maxNestingDepth(CellReports.MAX_DEPTH)
                          .build())
                  .build())
          .enable(com.fasterxml.jackson.core.JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

  /** How deep a cell, its metadata or a result file may nest. */
  static final int MAX_DEPTH = 64;

  /** The longest first error krt keeps from elsewhere. */
  public static final int FIRST_ERROR = 2000;

  /**
   * Cuts a cell (as {@code MatrixJson.detail} writes it) to what {@link #parse} takes: first errors
   * of at most {@value #FIRST_ERROR} characters, the cell's and each step's.
   */
  public static void fit(com.fasterxml.jackson.databind.node.ObjectNode cell) {
    clip(cell);
    cell.path("steps").forEach(s -> clip((com.fasterxml.jackson.databind.node.ObjectNode) s));
  }

  private static void clip(com.fasterxml.jackson.databind.node.ObjectNode n) {
    String e = n.path("first_error").asText(null);
    if (e != null && e.length() > FIRST_ERROR) {
      n.put("first_error", e.substring(0, FIRST_ERROR));
    }
  }

  /** A request krt will not take, with why. */
  public static final class Invalid extends Exception {
    public Invalid(String msg) {
      super(msg);
    }
  }

  /** A valid report: the cell, its outcome, and its log text if one was sent. */
  public record Report(
      Store.CellPlan plan,
      Store.Outcome outcome,
      Optional<String> log,
      Optional<JsonNode> metadata) {}

  public static Report parse(byte[] body) throws Invalid {
    return parse(json(body, "the body"));
  }

  /** JSON text as a tree, refusing a key given twice; {@code what} names it in the message. */
  public static JsonNode json(byte[] text, String what) throws Invalid {
    try {
      return M.readTree(text);
    } catch (java.io.IOException e) {
      throw new Invalid(what + " is not JSON: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
  }

  /** A cell already read as JSON (its parser refused duplicate keys). */
  public static Report parse(JsonNode n) throws Invalid {
    if (n == null || !n.isObject()) {
      throw new Invalid("the body must be a JSON object");
    }
    only(n, FIELDS, "");
    String key = text(n, "key", true, 64).orElseThrow();
    if (!KEY.matcher(key).matches()) {
      throw new Invalid(
          "key: letters, digits, '.', '_', '-', at most 64, not starting with a dot or dash");
    }
    String statusText = text(n, "status", true, 16).orElseThrow();
    // A worker reports a finished cell: pending and running are the server's own states.
    CellStatus status =
        EnumSet.of(CellStatus.PASS, CellStatus.FAIL, CellStatus.ERROR).stream()
            .filter(c -> c.wire().equals(statusText))
            .findFirst()
            .orElseThrow(
                () -> new Invalid("status: one of pass, fail, error (not '" + statusText + "')"));
    List<StepRow> steps = new ArrayList<>();
    JsonNode s = n.get("steps");
    if (s != null && !s.isNull()) {
      if (!s.isArray() || s.size() > 100) {
        throw new Invalid("steps: a list of at most 100 steps");
      }
      for (int i = 0; i < s.size(); i++) {
        JsonNode st = s.get(i);
        if (!st.isObject()) {
          throw new Invalid("steps[" + i + "]: an object");
        }
        only(st, STEP_FIELDS, "steps[" + i + "].");
        String ss = text(st, "status", true, 16, "steps[" + i + "].").orElseThrow();
        String where = "steps[" + i + "].status";
        StepStatus stepStatus =
            EnumSet.allOf(StepStatus.class).stream()
                .filter(x -> x.wire().equals(ss))
                .findFirst()
                .orElseThrow(() -> new Invalid(where + ": one of pass, fail, skipped"));
        steps.add(
            new StepRow(
                text(st, "name", true, 100, "steps[" + i + "].").orElseThrow(),
                stepStatus,
                exitCode(st, "steps[" + i + "]."),
                integer(st, "duration_ms", "steps[" + i + "].").orElse(0L),
                text(st, "classification", false, 64, "steps[" + i + "]."),
                text(st, "first_error", false, FIRST_ERROR, "steps[" + i + "].")));
      }
    }
    List<TestRow> tests = tests(n.get("tests"));
    Optional<JsonNode> meta = Optional.ofNullable(n.get("metadata")).filter(x -> !x.isNull());
    if (meta.isPresent() && !meta.get().isObject()) {
      throw new Invalid("metadata: an object (a cell's metadata.json) or null");
    }
    Store.CellPlan plan =
        new Store.CellPlan(
            key,
            text(n, "kernel", true, 200).orElseThrow(),
            text(n, "toolchain", true, 200).orElseThrow(),
            text(n, "arch", true, 32).orElseThrow(),
            text(n, "config", true, 200).orElseThrow(),
            text(n, "steps_planned", false, 1000)
                .orElse(String.join(",", steps.stream().map(StepRow::name).toList())));
    long duration = integer(n, "duration_ms", "").orElse(0L);
    Store.Outcome o =
        new Store.Outcome(
            status,
            duration,
            text(n, "failed_step", false, 100),
            text(n, "classification", false, 64),
            text(n, "first_error", false, FIRST_ERROR),
            Optional.empty(),
            Optional.empty(),
            meta.map(JsonNode::toString),
            Optional.empty(),
            steps,
            tests);
    return new Report(plan, o, text(n, "log", false, Integer.MAX_VALUE), meta);
  }

  /**
   * A cell's {@code tests} as {@code MatrixJson.tests} writes them; only the results are read (the
   * counts are theirs, counted again by whoever shows them).
   */
  private static List<TestRow> tests(JsonNode t) throws Invalid {
    if (t == null || t.isNull()) {
      return List.of();
    }
    if (!t.isObject()) {
      throw new Invalid("tests: an object with results");
    }
    only(t, TESTS_FIELDS, "tests.");
    JsonNode r = t.get("results");
    if (r == null || !r.isArray() || r.size() > TestRow.MAX_TESTS) {
      throw new Invalid("tests.results: a list of at most " + TestRow.MAX_TESTS + " results");
    }
    List<TestRow> out = new ArrayList<>();
    for (int i = 0; i < r.size(); i++) {
      JsonNode x = r.get(i);
      String p = "tests.results[" + i + "].";
      if (!x.isObject()) {
        throw new Invalid(p + ": an object");
      }
      only(x, TEST_FIELDS, p);
      String ss = text(x, "status", true, 16, p).orElseThrow();
      StepStatus status =
          EnumSet.allOf(StepStatus.class).stream()
              .filter(s -> s.wire().equals(ss))
              .findFirst()
              .orElseThrow(() -> new Invalid(p + "status: one of pass, fail, skipped"));
      JsonNode test = x.get("test");
      out.add(
          new TestRow(
              text(x, "suite", true, TestRow.MAX_NAME, p).orElseThrow(),
              test != null && test.isTextual() && test.asText().isEmpty()
                  ? ""
                  : text(x, "test", true, TestRow.MAX_TEST, p).orElseThrow(),
              status,
              text(x, "lines", false, TestRow.MAX_LINES, p)));
    }
    return List.copyOf(out);
  }

  /** Refuses a field not in {@code allowed}, naming the known ones. */
  static void only(JsonNode n, Set<String> allowed, String prefix) throws Invalid {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        throw new Invalid(
            prefix
                + f
                + ": unknown field (known: "
                + String.join(", ", allowed.stream().sorted().toList())
                + ")");
      }
    }
  }

  private static Optional<String> text(JsonNode n, String f, boolean required, int max)
      throws Invalid {
    return text(n, f, required, max, "");
  }

  private static Optional<String> text(
      JsonNode n, String f, boolean required, int max, String prefix) throws Invalid {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      if (required) {
        throw new Invalid(prefix + f + ": required");
      }
      return Optional.empty();
    }
    if (!v.isTextual()) {
      throw new Invalid(prefix + f + ": a string");
    }
    String s = v.asText();
    if (s.indexOf('\0') >= 0) {
      throw new Invalid(prefix + f + ": a NUL character"); // PostgreSQL's text has none
    }
    if (required && s.isBlank()) {
      throw new Invalid(prefix + f + ": must not be empty");
    }
    if (s.length() > max) {
      throw new Invalid(prefix + f + ": at most " + max + " characters");
    }
    return Optional.of(s);
  }

  /** A process's exit status as the shell reports it: 0 to 255. */
  private static Optional<Integer> exitCode(JsonNode n, String prefix) throws Invalid {
    Optional<Long> v = integer(n, "exit_code", prefix);
    if (v.isPresent() && v.get() > 255) {
      throw new Invalid(prefix + "exit_code: 0 to 255, not " + v.get());
    }
    return v.map(Long::intValue);
  }

  private static Optional<Long> integer(JsonNode n, String f, String prefix) throws Invalid {
    JsonNode v = n.get(f);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isIntegralNumber() || !v.canConvertToLong() || v.asLong() < 0) {
      throw new Invalid(prefix + f + ": a whole number, 0 or more");
    }
    return Optional.of(v.asLong());
  }
}
