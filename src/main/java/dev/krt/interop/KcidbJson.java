package dev.krt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.report.Json;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A run as a KCIDB v5.3 report, for KernelCI's common database. One checkout per kernel of the run
 * ({@code ORIGIN:RUN/k/KERNEL}), one build per finished cell ({@code ORIGIN:RUN/SHORTKEY}: kernel ×
 * toolchain × arch × config), one test per step of the cell ({@code BUILD/STEP}, path {@code
 * krt.STEP}). Unfinished cells are left out. KCIDB has no field for the Rust side, so rustc,
 * bindgen and libclang go in each build's {@code misc}. KCIDB forbids null and extra fields: what
 * krt does not know is left out.
 */
public final class KcidbJson {
  /** What KCIDB accepts as an origin, the prefix of every id. */
  public static final Pattern ORIGIN = Pattern.compile("^[a-z0-9_]+$");

  /** The schema's {@code maxLength} of every {@code log_excerpt}. */
  static final int MAX_EXCERPT = 16384;

  private static final DateTimeFormatter RFC3339 =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSxxx", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private KcidbJson() {}

  /**
   * @param origin the CI system's name in KCIDB, the prefix of every id
   * @param logUrlBase where the cells' logs are published ({@code BASE/SHORTKEY/build.log.gz}); no
   *     {@code log_url} without it
   */
  public record Options(String origin, Optional<URI> logUrlBase) {
    public Options {
      if (!ORIGIN.matcher(origin).matches()) {
        throw new UserException(
            "not a KCIDB origin: '" + origin + "' (lower-case letters, digits and '_')");
      }
      // Each cell's log_url is the base's directory plus a relative path: an opaque URI or one
      // with a query or fragment has no such directory.
      logUrlBase.ifPresent(
          b -> {
            if (!b.isAbsolute()
                || b.isOpaque()
                || b.getRawQuery() != null
                || b.getRawFragment() != null) {
              throw new UserException(
                  "the log URL base must be an absolute URL without query or fragment: " + b);
            }
          });
    }
  }

  /** The report of a run's finished cells. */
  public static ObjectNode tree(
      RunRow run, List<CellRow> cells, Function<CellRow, List<StepRow>> steps, Options o) {
    ObjectNode root = Json.object();
    root.putObject("version").put("major", 5).put("minor", 3);
    List<CellRow> done = cells.stream().filter(CellRow::finished).toList();
    Map<String, ObjectNode> checkouts = new LinkedHashMap<>();
    ArrayNode builds = Json.M.createArrayNode();
    ArrayNode tests = Json.M.createArrayNode();
    for (CellRow c : done) {
      JsonNode meta = StoredMetadata.of(c);
      ObjectNode checkout =
          checkouts.computeIfAbsent(c.kernel(), k -> checkout(run, k, o.origin()));
      ObjectNode misc = (ObjectNode) checkout.get("misc");
      // The first cell that knows where the kernel came from says so for all of them.
      putIfAbsent(misc, "kernel_source", StoredMetadata.text(meta, "build", "kernel_source"));
      putIfAbsent(misc, "kernel_version", StoredMetadata.text(meta, "build", "kernel_version"));
      ObjectNode build = build(run, c, meta, checkout.get("id").asText(), o);
      builds.add(build);
      Set<String> ids = new HashSet<>();
      for (StepRow s : steps.apply(c)) {
        tests.add(test(build.get("id").asText(), s, ids, o.origin()));
      }
    }
    root.putArray("checkouts").addAll(checkouts.values());
    root.set("builds", builds);
    root.set("tests", tests);
    return root;
  }

  private static ObjectNode checkout(RunRow run, String kernel, String origin) {
    ObjectNode n = Json.object();
    n.put("id", noNul(origin + ":" + run.id() + "/k/" + kernel));
    n.put("origin", origin);
    n.put("tree_name", noNul(kernel));
    n.put("start_time", time(run.createdAt()));
    // A cell of it finished: krt had the kernel's files.
    n.put("valid", true);
    n.putObject("misc").put("krt_run", run.id());
    return n;
  }

  private static ObjectNode build(
      RunRow run, CellRow c, JsonNode meta, String checkoutId, Options o) {
    String shortKey = CellKeys.shortKey(c.key());
    ObjectNode n = Json.object();
    n.put("id", noNul(o.origin() + ":" + run.id() + "/" + shortKey));
    n.put("origin", o.origin());
    n.put("checkout_id", checkoutId);
    n.put("architecture", c.arch().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_"));
    n.put("config_name", noNul(c.config()));
    Optional<String> rustc = StoredMetadata.text(meta, "rust", "rustc_version");
    n.put("compiler", noNul(c.toolchain() + rustc.map(v -> " (rustc " + v + ")").orElse("")));
    c.startedAt().ifPresent(t -> n.put("start_time", time(t)));
    c.durationMs().ifPresent(d -> n.put("duration", d / 1000.0));
    o.logUrlBase().ifPresent(b -> n.put("log_url", under(b, shortKey + "/build.log.gz")));
    c.firstError().ifPresent(e -> n.put("log_excerpt", excerpt(e)));
    n.put("status", status(c.status()));
    ObjectNode misc = n.putObject("misc");
    misc.put("toolchain", c.toolchain());
    misc.put("kernel", c.kernel());
    misc.put("cell_key", c.key());
    put(misc, "rustc", rustc);
    put(misc, "bindgen", StoredMetadata.text(meta, "rust", "bindgen_version"));
    put(misc, "libclang", StoredMetadata.text(meta, "rust", "libclang_version"));
    put(misc, "failed_step", c.failedStep());
    put(misc, "classification", c.classification());
    put(misc, "first_error", c.firstError().map(KcidbJson::excerpt));
    put(misc, "reused_from", c.reusedFrom());
    return n;
  }

  private static ObjectNode test(String buildId, StepRow s, Set<String> ids, String origin) {
    String name = pathPart(s.name());
    // Two step names may clean up to one: the id must still be unique within the build.
    String id = buildId + "/" + name;
    for (int i = 2; !ids.add(id); i++) {
      id = buildId + "/" + name + "-" + i;
    }
    ObjectNode n = Json.object();
    n.put("id", id);
    n.put("origin", origin);
    n.put("build_id", buildId);
    n.put("path", "krt." + name);
    n.put("status", status(s.status()));
    // A skipped step did not run: no duration rather than a made-up zero.
    if (s.status() != StepStatus.SKIPPED) {
      n.put("duration", s.durationMs() / 1000.0);
    }
    s.firstError().ifPresent(e -> n.put("log_excerpt", excerpt(e)));
    ObjectNode misc = Json.object();
    s.exitCode().ifPresent(e -> misc.put("exit_code", e));
    put(misc, "classification", s.classification());
    if (!misc.isEmpty()) {
      n.set("misc", misc);
    }
    return n;
  }

  static String status(CellStatus s) {
    return switch (s) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case ERROR -> "ERROR";
      case PENDING, RUNNING -> throw new IllegalArgumentException("an unfinished cell: " + s);
    };
  }

  static String status(StepStatus s) {
    return switch (s) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case SKIPPED -> "SKIP";
    };
  }

  /** A step name as one segment of a KCIDB test path ({@code [a-zA-Z0-9_-]+}). */
  static String pathPart(String step) {
    String p = step.replaceAll("[^a-zA-Z0-9_-]", "_");
    return p.isEmpty() ? "_" : p;
  }

  /** The start of a text, at most the schema's 16384 characters (code points, as JSON counts). */
  static String excerpt(String s) {
    String t = noNul(s);
    if (t.codePointCount(0, t.length()) <= MAX_EXCERPT) {
      return t;
    }
    return t.substring(0, t.offsetByCodePoints(0, MAX_EXCERPT));
  }

  /** KCIDB's strings may hold anything but NUL, which a build's output may contain. */
  private static String noNul(String s) {
    return s.replace("\0", "");
  }

  private static String time(long epochMillis) {
    return RFC3339.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A file under the base URL, which is taken as a directory whether or not it ends in '/'. */
  private static String under(URI base, String file) {
    String b = base.toString();
    return URI.create(b.endsWith("/") ? b : b + "/").resolve(file).toString();
  }

  private static void put(ObjectNode n, String k, Optional<String> v) {
    v.ifPresent(s -> n.put(k, s));
  }

  private static void putIfAbsent(ObjectNode n, String k, Optional<String> v) {
    if (!n.has(k)) {
      put(n, k, v);
    }
  }
}
