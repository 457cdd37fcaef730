package dev.krt.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.cache.AtomicFiles;
import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.report.Json;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.FarmCells;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A run's finished cells as tuxmake output directories, for tools that read tuxmake's results
 * (tuxsuite, SQUAD): {@code OUT/SHORTKEY/build.log} (decompressed) and a {@code metadata.json}
 * shaped as tuxmake's docs/metadata.md says, two levels deep (group → items), except {@code
 * results.targets} ({@code step → {status, duration}}) and {@code results.artifacts} ({@code target
 * → [files]}), which tuxmake nests itself. Steps are tuxmake's targets; tuxmake has no ERROR, so a
 * cell krt could not run is a FAIL, with krt's own account in the {@code krt} group.
 */
public final class TuxmakeResults {
  static final String LOG = "build.log";
  static final String METADATA = "metadata.json";

  private TuxmakeResults() {}

  /**
   * Writes a directory per finished cell; files already there are replaced whole.
   *
   * @return the cell directories written, in the run's order
   */
  public static List<Path> write(Store store, RunRow run, Path outDir) {
    if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
      throw new UserException("not a directory: " + outDir);
    }
    List<Path> written = new ArrayList<>();
    try {
      for (CellRow c : store.cells(run.id())) {
        if (!c.finished()) {
          continue;
        }
        Path dir = cellDir(outDir, c);
        Optional<Log> log = writeLog(store, c, dir.resolve(LOG));
        ObjectNode meta = metadata(run, c, store.steps(run.id(), c.key()), log);
        AtomicFiles.write(
            dir.resolve(METADATA),
            (Json.M.writeValueAsString(meta) + "\n").getBytes(StandardCharsets.UTF_8));
        written.add(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the tuxmake results in " + outDir, e);
    }
    return written;
  }

  /**
   * A cell's directory, made if missing. Never through a symlink: a link planted in the output
   * directory would have krt write wherever it points.
   */
  private static Path cellDir(Path outDir, CellRow c) throws IOException {
    Path dir = outDir.resolve(CellKeys.shortKey(c.key()));
    if (Files.isSymbolicLink(dir)) {
      throw new UserException("refusing to write through a symlink: " + dir);
    }
    if (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
        && !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw new UserException("not a directory: " + dir);
    }
    Files.createDirectories(dir);
    return dir;
  }

  /** What became of a cell's log. */
  private record Log(boolean truncated) {}

  /**
   * The cell's log, decompressed, from its file (local runs) or the store (farm runs). None kept:
   * no {@code build.log} (a stale one is removed), and the metadata says so.
   */
  private static Optional<Log> writeLog(Store store, CellRow c, Path target) throws IOException {
    Optional<Path> file =
        c.logPath().map(Path::of).filter(p -> Files.isRegularFile(p) && Files.isReadable(p));
    if (file.isPresent()) {
      Path f = file.get();
      boolean gz = f.getFileName().toString().endsWith(".gz");
      return Optional.of(
          new Log(
              copy(
                  () -> gz ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f),
                  target)));
    }
    Optional<FarmCells.Log> kept = store.farm().log(c);
    if (kept.isPresent()) {
      byte[] gzip = kept.get().gzip();
      boolean cut = copy(() -> new GZIPInputStream(new ByteArrayInputStream(gzip)), target);
      return Optional.of(new Log(cut || kept.get().truncated()));
    }
    // Files.deleteIfExists removes a link itself, never what it points to.
    Files.deleteIfExists(target);
    return Optional.empty();
  }

  /**
   * Streams a log to a temporary file beside the target and renames it over the target (a rename
   * replaces a symlink there, it does not follow it). A log cut short (a killed run's gzip has no
   * end) keeps what was written.
   *
   * @return whether the log was cut short
   */
  private static boolean copy(Source source, Path target) throws IOException {
    Path tmp = Files.createTempFile(target.getParent(), ".tmp-", "");
    boolean cut = false;
    try {
      try (OutputStream out = Files.newOutputStream(tmp);
          InputStream in = source.open()) {
        in.transferTo(out);
      } catch (EOFException e) {
        cut = true;
      }
      try {
        Files.move(
            tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
    return cut;
  }

  /** Opens a log; a gzip stream with no complete header fails here, inside the copy. */
  private interface Source {
    InputStream open() throws IOException;
  }

  private static ObjectNode metadata(
      RunRow run, CellRow c, List<StepRow> steps, Optional<Log> log) {
    JsonNode meta = StoredMetadata.of(c);
    ObjectNode root = Json.object();

    ObjectNode build = root.putObject("build");
    ArrayNode targets = build.putArray("targets");
    if (steps.isEmpty()) {
      Arrays.stream(c.steps().split(",")).filter(s -> !s.isBlank()).forEach(targets::add);
    } else {
      steps.forEach(s -> targets.add(s.name()));
    }
    build.put("target_arch", c.arch());
    build.put("toolchain", c.toolchain());
    // tuxmake runs make on the host with its "null" runtime and no compiler wrapper; so does krt.
    build.put("wrapper", "none");
    build.putObject("environment");
    build.put("kconfig", StoredMetadata.text(meta, "build", "config_base").orElse(c.config()));
    ArrayNode kconfigAdd = build.putArray("kconfig_add");
    meta.path("build").path("config_fragments").forEach(f -> kconfigAdd.add(f.asText()));
    JsonNode jobs = meta.path("build").path("jobs");
    if (jobs.isInt()) {
      build.put("jobs", jobs.asInt());
    }
    build.put("runtime", "null");
    build.put("verbose", false);

    ObjectNode results = root.putObject("results");
    results.put("status", c.status() == CellStatus.PASS ? "PASS" : "FAIL");
    ObjectNode byTarget = results.putObject("targets");
    for (StepRow s : steps) {
      byTarget
          .putObject(s.name())
          .put("status", status(s.status()))
          .put("duration", s.status() == StepStatus.SKIPPED ? 0 : s.durationMs() / 1000.0);
    }
    ObjectNode artifacts = results.putObject("artifacts");
    if (log.isPresent()) {
      artifacts.putArray("log").add(LOG);
    }
    results.put("errors", c.status() == CellStatus.PASS ? 0 : 1);
    results.put("warnings", meta.path("results").path("warnings").size());
    c.durationMs().ifPresent(d -> results.putObject("duration").put("build", d / 1000.0));

    group(
        root,
        "compiler",
        new String[][] {{"name", "name"}, {"version", "version"}, {"version_full", "version_full"}},
        meta.path("compiler"));
    group(
        root,
        "tools",
        new String[][] {
          {"rustc", "rustc_version"},
          {"bindgen", "bindgen_version"},
          {"libclang", "libclang_version"},
          {"rustdoc", "rustdoc_version"},
          {"rustfmt", "rustfmt_version"},
          {"clippy", "clippy_version"}
        },
        meta.path("rust"));
    group(root, "source", new String[][] {{"kernelversion", "kernel_version"}}, meta.path("build"));

    ObjectNode krt = root.putObject("krt");
    krt.put("run", run.id());
    krt.put("cell_key", c.key());
    krt.put("kernel", c.kernel());
    krt.put("config", c.config());
    krt.put("status", c.status().wire());
    c.failedStep().ifPresent(s -> krt.put("failed_step", s));
    c.classification().ifPresent(s -> krt.put("classification", s));
    c.firstError().ifPresent(s -> krt.put("first_error", s));
    c.reusedFrom().ifPresent(s -> krt.put("reused_from", s));
    krt.put("log", log.isPresent() ? LOG : "none");
    if (log.isPresent() && log.get().truncated()) {
      krt.put("log_truncated", true);
    }
    return root;
  }

  /** A group of what the cell's metadata knows, by tuxmake's name; left out when empty. */
  private static void group(ObjectNode root, String name, String[][] fields, JsonNode from) {
    ObjectNode g = Json.object();
    for (String[] f : fields) {
      StoredMetadata.text(from, f[1]).ifPresent(v -> g.put(f[0], v));
    }
    if (!g.isEmpty()) {
      root.set(name, g);
    }
  }

  private static String status(StepStatus s) {
    return switch (s) {
      case PASS -> "PASS";
      case FAIL -> "FAIL";
      case SKIPPED -> "SKIP";
    };
  }
}
