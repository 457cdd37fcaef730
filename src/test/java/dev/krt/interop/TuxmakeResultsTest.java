package dev.krt.interop;

import static dev.krt.interop.KcidbJsonTest.key;
import static dev.krt.interop.KcidbJsonTest.metadata;
import static dev.krt.interop.KcidbJsonTest.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.report.Json;
import dev.krt.store.CellStatus;
import dev.krt.store.FarmCells;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's cells as tuxmake output directories, from a real SQLite store and real log files. */
class TuxmakeResultsTest {
  static final String RUN = "r20261203-180500-a1b2";
  static final String PASS = key("pass");
  static final String FAIL = key("fail");
  static final String ERROR = key("error");
  static final String CUT = key("cut");
  static final String PENDING = key("pending");
  static final String PASS_LOG = "### krt: step rustavailable\nRust is available!\n\u00e9 done\n";
  static final String FAIL_LOG = "### krt: step rust\nerror[E0425]: cannot find value `x`\n";

  @TempDir Path tmp;
  Store store;
  RunRow run;
  Path out;

  @BeforeEach
  void run() throws IOException {
    store = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"));
    out = tmp.resolve("tuxmake");
    run =
        store.createRun(
            RUN,
            "/work/matrix.yaml",
            "kernels: []\n",
            2,
            "buildhost",
            List.of(
                plan(PASS, "rustc-1.85", "rustavailable,config,rust"),
                plan(FAIL, "rustc-web-1.96", "rustavailable,rust,kunit"),
                plan(ERROR, "nightly", "rustavailable"),
                plan(CUT, "rustc-1.85", "rust"),
                plan(PENDING, "rustc-1.85", "rust")),
            1_000);
    // The local runner's logs: gzip as krt writes them, one plain, one cut short by a kill.
    Path passLog = tmp.resolve("runs/" + PASS + "/build.log.gz");
    Files.createDirectories(passLog.getParent());
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(passLog))) {
      o.write(PASS_LOG.getBytes(StandardCharsets.UTF_8));
    }
    Path failLog = Files.writeString(tmp.resolve("runs/fail.log"), FAIL_LOG);
    Path cutLog = tmp.resolve("runs/cut.log.gz");
    try (OutputStream o = Files.newOutputStream(cutLog)) {
      // A flushed but unfinished gzip stream: BuildLog's file when the run was killed.
      GZIPOutputStream gz = new GZIPOutputStream(o, 512, true);
      gz.write(PASS_LOG.getBytes(StandardCharsets.UTF_8));
      gz.flush();
    }

    store.finishCell(
        RUN,
        PASS,
        outcome(
            CellStatus.PASS,
            passLog,
            metadata("6.12", "6.12.48", "1.85.0", List.of("unused `y`", "unused `z`")),
            List.of(
                step("rustavailable", StepStatus.PASS, 0, 400, null),
                step("config", StepStatus.PASS, 0, 3200, null),
                step("rust", StepStatus.PASS, 0, 81_500, null))),
        2_000);
    store.finishCell(
        RUN,
        FAIL,
        outcome(
            CellStatus.FAIL,
            failLog,
            metadata("6.12", "6.12.48", "1.96.0", List.of()),
            List.of(
                step("rustavailable", StepStatus.PASS, 0, 380, null),
                step("rust", StepStatus.FAIL, 2, 12_000, "error[E0425]"),
                step("kunit", StepStatus.SKIPPED, null, 0, null))),
        3_000);
    store.finishCell(
        RUN,
        ERROR,
        new Store.Outcome(
            CellStatus.ERROR,
            15,
            Optional.empty(),
            Optional.of("disk-full"),
            Optional.of("krt could not run the cell: No space left on device"),
            Optional.of(tmp.resolve("runs/never-written.log.gz").toString()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of()),
        4_000);
    store.finishCell(
        RUN,
        CUT,
        outcome(
            CellStatus.PASS,
            cutLog,
            metadata("6.12", "6.12.48", "1.85.0", List.of()),
            List.of(step("rust", StepStatus.PASS, 0, 1000, null))),
        5_000);
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void aDirectoryPerFinishedCellWithItsDecompressedLog() throws IOException {
    List<Path> dirs = TuxmakeResults.write(store, run, out);
    assertThat(dirs)
        .containsExactly(dir(PASS), dir(FAIL), dir(ERROR), dir(CUT))
        .doesNotContain(dir(PENDING));
    assertThat(Files.exists(dir(PENDING))).isFalse();
    assertThat(Files.readString(dir(PASS).resolve("build.log"))).isEqualTo(PASS_LOG);
    assertThat(Files.readString(dir(FAIL).resolve("build.log"))).isEqualTo(FAIL_LOG);
    assertThat(Files.readString(dir(CUT).resolve("build.log"))).isEqualTo(PASS_LOG);
    assertThat(meta(CUT).get("krt").get("log_truncated").asBoolean()).isTrue();
    // No log kept: no build.log, and the metadata says so.
    assertThat(Files.exists(dir(ERROR).resolve("build.log"))).isFalse();
    assertThat(meta(ERROR).get("krt").get("log").asText()).isEqualTo("none");
    assertThat(meta(ERROR).get("results").get("artifacts").size()).isZero();
    assertThat(meta(PASS).get("results").get("artifacts").get("log").get(0).asText())
        .isEqualTo("build.log");
    try (var files = Files.list(dir(PASS))) {
      assertThat(files.map(p -> p.getFileName().toString()))
          .containsExactlyInAnyOrder("build.log", "metadata.json");
    }
  }

  @Test
  void metadataIsTwoLevelsDeepAsTuxmakesExceptItsOwnNestedResults() throws IOException {
    TuxmakeResults.write(store, run, out);
    for (String k : List.of(PASS, FAIL, ERROR, CUT)) {
      JsonNode m = meta(k);
      assertThat(m.has("build")).isTrue();
      assertThat(m.has("results")).isTrue();
      for (Iterator<Map.Entry<String, JsonNode>> g = m.fields(); g.hasNext(); ) {
        Map.Entry<String, JsonNode> group = g.next();
        assertThat(group.getValue().isObject()).as(group.getKey()).isTrue();
        for (Iterator<Map.Entry<String, JsonNode>> i = group.getValue().fields(); i.hasNext(); ) {
          Map.Entry<String, JsonNode> item = i.next();
          String path = group.getKey() + "." + item.getKey();
          int allowed = path.equals("results.targets") || path.equals("results.artifacts") ? 2 : 1;
          assertThat(depth(item.getValue())).as(path).isLessThanOrEqualTo(allowed);
        }
      }
    }
  }

  @Test
  void statusesAndToolsMappedToTuxmakesNames() throws IOException {
    TuxmakeResults.write(store, run, out);
    JsonNode pass = meta(PASS);
    assertThat(pass.get("build").get("targets").toString())
        .isEqualTo("[\"rustavailable\",\"config\",\"rust\"]");
    assertThat(pass.get("build").get("target_arch").asText()).isEqualTo("x86_64");
    assertThat(pass.get("build").get("toolchain").asText()).isEqualTo("rustc-1.85");
    assertThat(pass.get("build").get("kconfig").asText()).isEqualTo("defconfig");
    assertThat(pass.get("build").get("kconfig_add").toString())
        .isEqualTo("[\"rust.config\",\"docs.config\"]");
    assertThat(pass.get("build").get("jobs").asInt()).isEqualTo(16);
    assertThat(pass.get("results").get("status").asText()).isEqualTo("PASS");
    assertThat(pass.get("results").get("errors").asInt()).isZero();
    assertThat(pass.get("results").get("warnings").asInt()).isEqualTo(2);
    assertThat(pass.get("results").get("targets").get("rust").get("duration").asDouble())
        .isEqualTo(81.5);
    assertThat(pass.get("tools").get("rustc").asText()).isEqualTo("1.85.0");
    assertThat(pass.get("tools").get("bindgen").asText()).isEqualTo("0.71.1");
    assertThat(pass.get("tools").get("libclang").asText()).isEqualTo("19.1.7");
    assertThat(pass.get("tools").get("clippy").asText()).isEqualTo("0.1.85");
    assertThat(pass.get("compiler").get("version_full").asText())
        .isEqualTo("Debian clang version 19.1.7 (3+b1)");
    assertThat(pass.get("source").get("kernelversion").asText()).isEqualTo("6.12.48");
    assertThat(pass.get("krt").get("cell_key").asText()).isEqualTo(PASS);

    JsonNode fail = meta(FAIL);
    assertThat(fail.get("results").get("status").asText()).isEqualTo("FAIL");
    assertThat(fail.get("results").get("errors").asInt()).isEqualTo(1);
    JsonNode targets = fail.get("results").get("targets");
    assertThat(targets.get("rustavailable").get("status").asText()).isEqualTo("PASS");
    assertThat(targets.get("rust").get("status").asText()).isEqualTo("FAIL");
    assertThat(targets.get("kunit").get("status").asText()).isEqualTo("SKIP");
    assertThat(targets.get("kunit").get("duration").asDouble()).isZero();
    assertThat(fail.get("krt").get("failed_step").asText()).isEqualTo("rust");

    // tuxmake knows only PASS and FAIL: krt's error is a FAIL, with krt's account beside it.
    JsonNode error = meta(ERROR);
    assertThat(error.get("results").get("status").asText()).isEqualTo("FAIL");
    assertThat(error.get("krt").get("status").asText()).isEqualTo("error");
    assertThat(error.get("krt").get("classification").asText()).isEqualTo("disk-full");
    assertThat(error.get("build").get("targets").toString()).isEqualTo("[\"rustavailable\"]");
    assertThat(error.has("tools")).isFalse();
    assertThat(error.has("compiler")).isFalse();
  }

  @Test
  void aFarmCellsLogComesFromTheStore() throws IOException {
    String key = key("farm");
    store
        .farm()
        .createRun(
            "farm-1", "/m.yaml", "", 1, "h", List.of(plan(key, "rustc-1.85", "rustavailable")), 1);
    int attempt = store.farm().claim("farm-1", key, "w1", "W1", List.of("W1"), 2).orElseThrow();
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (OutputStream o = new GZIPOutputStream(gz)) {
      o.write(FAIL_LOG.getBytes(StandardCharsets.UTF_8));
    }
    store
        .farm()
        .finish(
            "farm-1",
            key,
            attempt,
            outcome(
                CellStatus.FAIL,
                null,
                metadata("6.12", "6.12.48", "1.85.0", List.of()),
                List.of(step("rustavailable", StepStatus.FAIL, 1, 100, "error"))),
            Optional.of(new FarmCells.Log(gz.toByteArray(), true)),
            3);
    RunRow farm = store.run("farm-1").orElseThrow();
    assertThat(TuxmakeResults.write(store, farm, out)).containsExactly(dir(key));
    assertThat(Files.readString(dir(key).resolve("build.log"))).isEqualTo(FAIL_LOG);
    assertThat(meta(key).get("krt").get("log_truncated").asBoolean()).isTrue();
  }

  @Test
  void writingAgainReplacesTheFiles() throws IOException {
    TuxmakeResults.write(store, run, out);
    Files.writeString(dir(PASS).resolve("build.log"), "stale");
    Files.writeString(dir(ERROR).resolve("build.log"), "stale");
    TuxmakeResults.write(store, run, out);
    assertThat(Files.readString(dir(PASS).resolve("build.log"))).isEqualTo(PASS_LOG);
    assertThat(Files.exists(dir(ERROR).resolve("build.log"))).isFalse();
    try (var files = Files.list(dir(PASS))) {
      assertThat(files.filter(p -> p.getFileName().toString().startsWith(".tmp-"))).isEmpty();
    }
  }

  @Test
  void refusesAFileAsTheOutputDirectoryAndSymlinksInIt() throws IOException {
    Path file = Files.writeString(tmp.resolve("a-file"), "x");
    assertThatThrownBy(() -> TuxmakeResults.write(store, run, file))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("not a directory");

    Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
    Files.createDirectories(out);
    Files.createSymbolicLink(dir(FAIL), elsewhere);
    assertThatThrownBy(() -> TuxmakeResults.write(store, run, out))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("symlink")
        .hasMessageContaining(CellKeys.shortKey(FAIL));
    try (var files = Files.list(elsewhere)) {
      assertThat(files).isEmpty();
    }

    // A symlinked file in a cell directory is replaced, not written through.
    Files.delete(dir(FAIL));
    Path target = Files.writeString(tmp.resolve("target.txt"), "keep");
    Files.createDirectories(dir(PASS));
    Files.delete(dir(PASS).resolve("build.log"));
    Files.createSymbolicLink(dir(PASS).resolve("build.log"), target);
    TuxmakeResults.write(store, run, out);
    assertThat(Files.readString(target)).isEqualTo("keep");
    assertThat(Files.isSymbolicLink(dir(PASS).resolve("build.log"))).isFalse();
    assertThat(Files.readString(dir(PASS).resolve("build.log"))).isEqualTo(PASS_LOG);
  }

  Path dir(String key) {
    return out.resolve(CellKeys.shortKey(key));
  }

  JsonNode meta(String key) throws IOException {
    return Json.M.readTree(dir(key).resolve("metadata.json").toFile());
  }

  static int depth(JsonNode n) {
    int d = 0;
    for (JsonNode c : n) {
      d = Math.max(d, depth(c));
    }
    return n.isContainerNode() ? d + 1 : 0;
  }

  static Store.CellPlan plan(String key, String toolchain, String steps) {
    return new Store.CellPlan(key, "6.12", toolchain, "x86_64", "rust+docs", steps);
  }

  static Store.Outcome outcome(CellStatus status, Path log, String metadata, List<StepRow> steps) {
    boolean failed = status != CellStatus.PASS;
    return new Store.Outcome(
        status,
        steps.stream().mapToLong(StepRow::durationMs).sum(),
        failed
            ? steps.stream()
                .filter(s -> s.status() == StepStatus.FAIL)
                .map(StepRow::name)
                .findFirst()
            : Optional.empty(),
        failed ? Optional.of("rustc-error") : Optional.empty(),
        failed ? Optional.of("error[E0425]") : Optional.empty(),
        Optional.ofNullable(log).map(Path::toString),
        Optional.empty(),
        Optional.of(metadata),
        Optional.empty(),
        steps);
  }
}
