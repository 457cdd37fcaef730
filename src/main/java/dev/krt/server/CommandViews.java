package dev.krt.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.app.CheckToolchains;
import dev.krt.app.DistroAnswers;
import dev.krt.app.FeatureScan;
import dev.krt.app.Stages;
import dev.krt.app.ToolchainSelection;
import dev.krt.app.Workspace;
import dev.krt.error.InputError;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import dev.krt.report.CheckJson;
import dev.krt.report.DistrosJson;
import dev.krt.report.FeaturesJson;
import dev.krt.report.Json;
import dev.krt.report.ReleasesJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's non-matrix pages: the use cases behind krt check, releases, features and distros,
 * rendered by the same JSON writers as their {@code --format json}: one source of truth, one
 * documented schema for the CLI and the API. Answers are cached for a while: they change when
 * toolchains are installed or krt is updated, not between two page views.
 */
final class CommandViews {
  /** What krt check and krt features allow a probed program by default. */
  private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(60);

  private final Workspace ws;
  private final List<String> kernels;
  private final Duration ttl;
  private final Map<String, Cached> cache = new ConcurrentHashMap<>();

  private record Cached(long at, JsonNode value) {}

  /** An answer computed from the workspace; its input errors become {@code {error}} documents. */
  private interface Answer {
    JsonNode compute() throws IOException;
  }

  /**
   * @param kernels kernel sources the toolchain and features pages look at; empty: krt's newest
   *     built-in kernel policy for toolchains and no features page
   */
  CommandViews(
      Map<String, String> env, java.nio.file.Path cwd, List<String> kernels, Duration ttl) {
    this.ws = new Workspace(env, cwd);
    this.kernels = kernels;
    this.ttl = ttl;
  }

  List<String> kernels() {
    return kernels;
  }

  private Arch arch() {
    return Arch.fromEnvironment(ws.env());
  }

  /** {@code krt check --all} against each kernel: {@code {schema, checks: [krt.check/2...]}}. */
  JsonNode toolchains() {
    return cached(
        "toolchains",
        () -> {
          ObjectNode root = Json.document("krt.serve-toolchains/1");
          ArrayNode checks = root.putArray("checks");
          if (kernels.isEmpty()) {
            checks.add(check(Optional.empty()));
          }
          for (String k : kernels) {
            checks.add(check(Optional.of(k)));
          }
          return root;
        });
  }

  private JsonNode check(Optional<String> kernel) {
    return answer(
        "krt check --all" + kernel.map(k -> " --kernel " + k).orElse(""),
        () -> {
          CheckToolchains.Request req =
              new CheckToolchains.Request(
                  kernel,
                  arch(),
                  ToolchainSelection.everyToolchain(),
                  false,
                  PROBE_TIMEOUT,
                  Optional.empty());
          return CheckJson.tree(new CheckToolchains(ws).run(req, Stages.NONE));
        });
  }

  /** {@code krt releases} ({@code krt.releases/2}). */
  JsonNode knowledge() {
    return cached(
        "knowledge",
        () ->
            answer(
                "krt releases",
                () ->
                    ReleasesJson.tree(
                        ReleaseTable.compute(
                            RustReleases.builtin(),
                            KernelPolicies.builtin(),
                            arch(),
                            LocalDate.now(),
                            LocalDate.now(),
                            false))));
  }

  /**
   * {@code krt features --all} on the first kernel ({@code krt.features/2}), or null without one.
   */
  JsonNode features() {
    if (kernels.isEmpty()) {
      return null;
    }
    return cached(
        "features",
        () ->
            answer(
                "krt features --all --kernel " + kernels.get(0),
                () -> {
                  FeatureScan f = new FeatureScan(ws, false);
                  return FeaturesJson.tree(
                      f.report(
                          f.scan(Optional.of(kernels.get(0)), arch()),
                          ToolchainSelection.everyToolchain(),
                          PROBE_TIMEOUT));
                }));
  }

  /** {@code krt distros} ({@code krt.distros/2}). */
  JsonNode distros() {
    return cached(
        "distros",
        () -> answer("krt distros", () -> DistrosJson.tree(DistroAnswers.all(arch()), arch())));
  }

  /** The answer, or {@code {error}} saying which question failed on what input. */
  private static JsonNode answer(String question, Answer a) {
    try {
      return a.compute();
    } catch (IOException | UncheckedIOException e) {
      return Json.object().put("error", question + ": " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof InputError) {
        return Json.object().put("error", question + ": " + e.getMessage());
      }
      throw e;
    }
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
}
