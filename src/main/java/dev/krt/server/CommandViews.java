package dev.krt.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's non-matrix pages are krt's own commands with {@code --format json} (check,
 * releases, features, distros), run in this process: one source of truth, one documented schema
 * for the CLI and the API. Answers are cached for a while: they change when toolchains are
 * installed or krt is updated, not between two page views.
 */
final class CommandViews {
  private static final ObjectMapper M = new ObjectMapper();
  private final Map<String, String> env;
  private final Path cwd;
  private final List<String> kernels;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long at, JsonNode value) {}

  /**
   * @param kernels kernel sources the toolchain and features pages look at; empty: krt's newest
   *     built-in kernel policy for toolchains and no features page
   */
  CommandViews(Map<String, String> env, Path cwd, List<String> kernels, Duration ttl) {
    this.env = env;
    this.cwd = cwd;
    this.kernels = kernels;
    this.ttl = ttl;
  }

  List<String> kernels() {
    return kernels;
  }

  /** {@code krt check --all} against each kernel: {@code {schema, checks: [krt.check/1...]}}. */
  JsonNode toolchains() {
    return cached("toolchains", () -> {
      ObjectNode root = M.createObjectNode();
      root.put("schema", "krt.serve-toolchains/1");
      ArrayNode checks = root.putArray("checks");
      if (kernels.isEmpty()) {
        checks.add(run("check", "--all", "--format", "json"));
      }
      for (String k : kernels) {
        checks.add(run("check", "--all", "--kernel", k, "--format", "json"));
      }
      return root;
    });
  }

  /** {@code krt releases} ({@code krt.releases/1}). */
  JsonNode knowledge() {
    return cached("knowledge", () -> run("releases", "--format", "json"));
  }

  /** {@code krt features --all} on the first kernel ({@code krt.features/1}), or null without one. */
  JsonNode features() {
    if (kernels.isEmpty()) {
      return null;
    }
    return cached("features", () -> run("features", "--kernel", kernels.get(0), "--all", "--format", "json"));
  }

  /** {@code krt distros} ({@code krt.distros/1}). */
  JsonNode distros() {
    return cached("distros", () -> run("distros", "--format", "json"));
  }

  private JsonNode cached(String key, java.util.function.Supplier<JsonNode> compute) {
    Cached c = cache.get(key);
    long now = System.currentTimeMillis();
    if (c != null && now - c.at() < ttl.toMillis()) {
      return c.value();
    }
    synchronized (this) {
      c = cache.get(key);
      if (c != null && now - c.at() < ttl.toMillis()) {
        return c.value();
      }
      JsonNode v = compute.get();
      cache.put(key, new Cached(System.currentTimeMillis(), v));
      return v;
    }
  }

  /** Runs a krt command; its JSON, or {@code {error}} with what it printed on stderr. */
  private JsonNode run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> argv = new ArrayList<>(List.of(args));
    int rc = new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), env, cwd).run(argv.toArray(String[]::new));
    try {
      if (out.size() > 0) {
        return M.readTree(out.toByteArray());
      }
    } catch (java.io.IOException e) {
      // fall through: report what the command said
    }
    ObjectNode e = M.createObjectNode();
    e.put("error", "krt " + String.join(" ", args) + " exited with " + rc + ": " + err.toString(StandardCharsets.UTF_8).strip());
    return e;
  }
}
