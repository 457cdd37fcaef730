package dev.krt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.testing.RunKrt;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code krt matrix import}: result directories as a CI system hands them over, nested, twice, or
 * tampered with. What is recorded equals what the jobs recorded; anything damaged or foreign is a
 * one-line error naming the file, with nothing recorded.
 */
class MatrixImportTest {
  static final String MATRIX =
      "kernels: [{name: \"6.12\", source: /usr/src/linux}]\n"
          + "toolchains: [rustc-web-1.85, rustc-1.63]\n"
          + "configs: [defconfig]\n"
          + "steps: [rustavailable, config]\n";

  @TempDir Path tmp;
  Path results;
  Map<String, String> env = new HashMap<>();

  @BeforeEach
  void jobsWroteTheirResults() throws IOException {
    results = tmp.resolve("artifacts");
    // Two jobs, one cell each, each in its own store, their results nested as CI systems do.
    job("job-1", 0, "rustc-web-1.85", CellStatus.PASS, results.resolve("6Lg12IA/krt-results"));
    job("job-2", 1, "rustc-1.63", CellStatus.FAIL, results.resolve("krt-results-1/krt-results"));
    env.put("XDG_DATA_HOME", tmp.resolve("merge").toString());
    env.put("HOME", tmp.toString());
  }

  private void job(String name, int ordinal, String toolchain, CellStatus status, Path out)
      throws IOException {
    Path data = tmp.resolve(name);
    Files.createDirectories(data);
    try (Store db = Store.open("jdbc:sqlite:" + data.resolve("krt.db"))) {
      String key = KcidbJsonTest.key(toolchain);
      db.createRun(
          "run-" + name,
          "/builds/kernel/ci/matrix.yaml",
          MATRIX,
          1,
          name,
          List.of(
              new Store.CellPlan(
                  key, "6.12", toolchain, "x86_64", "defconfig", "rustavailable,config")),
          1_000L);
      db.claimNext("run-" + name, 1_500L);
      Path log = data.resolve("build.log.gz");
      try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(log))) {
        o.write(
            ("### krt: step rustavailable\nRust is available!\nline three")
                .getBytes(StandardCharsets.UTF_8));
      }
      boolean pass = status == CellStatus.PASS;
      List<StepRow> steps =
          List.of(
              KcidbJsonTest.step(
                  "rustavailable",
                  pass ? StepStatus.PASS : StepStatus.FAIL,
                  pass ? 0 : 2,
                  120,
                  pass ? null : "Rust compiler is too old."),
              KcidbJsonTest.step(
                  "config",
                  pass ? StepStatus.PASS : StepStatus.SKIPPED,
                  pass ? 0 : null,
                  pass ? 900 : 0,
                  null));
      db.finishCell(
          "run-" + name,
          key,
          new Store.Outcome(
              status,
              1020,
              pass ? Optional.empty() : Optional.of("rustavailable"),
              pass ? Optional.empty() : Optional.of("rust-unavailable"),
              pass
                  ? Optional.empty()
                  : Optional.of("Rust compiler is too old. " + "x".repeat(3000)),
              Optional.of(log.toString()),
              Optional.of(3L),
              Optional.of(KcidbJsonTest.metadata("6.12", "6.12.57", "rustc", List.of())),
              Optional.empty(),
              steps),
          2_000L);
      RunRow run = db.run("run-" + name).orElseThrow();
      ResultDirs.write(
          out, run, ordinal, db.cells(run.id()).get(0), steps, List.of(), Optional::empty);
    }
  }

  private RunKrt.Result importing(Path... dirs) throws IOException {
    List<String> args = new ArrayList<>(List.of("matrix", "import"));
    for (Path d : dirs) {
      args.add(d.toString());
    }
    return RunKrt.run(
        env, Files.createDirectories(tmp.resolve("cwd")), args.toArray(String[]::new));
  }

  private Store merged() {
    return Store.open("jdbc:sqlite:" + tmp.resolve("merge/krt/krt.db"));
  }

  @Test
  void recordsTheCellsAsTheJobsDidAndOnlyOnce() throws IOException {
    RunKrt.Result r = importing(results);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1); // one cell failed
    assertThat(r.stderr()).contains("imported 2 cells as run");
    assertThat(r.stdout()).contains("rust-unavailable");
    try (Store db = merged();
        Store job = Store.open("jdbc:sqlite:" + tmp.resolve("job-2/krt.db"))) {
      RunRow run = db.runs().get(0);
      assertThat(run.specText()).isEqualTo(MATRIX);
      assertThat(run.host()).isEqualTo("job-1,job-2");
      List<CellRow> cells = db.cells(run.id());
      assertThat(cells)
          .extracting(CellRow::toolchain)
          .containsExactly("rustc-web-1.85", "rustc-1.63");
      CellRow mine = cells.get(1);
      CellRow theirs = job.cells("run-job-2").get(0);
      assertThat(mine.key()).isEqualTo(theirs.key());
      assertThat(mine.ordinal()).isEqualTo(1);
      assertThat(mine.status()).isEqualTo(theirs.status());
      assertThat(mine.startedAt()).isEqualTo(theirs.startedAt());
      assertThat(mine.finishedAt()).isEqualTo(theirs.finishedAt());
      // Cut as reports are, to what import takes.
      assertThat(mine.firstError().orElseThrow()).hasSize(CellReports.FIRST_ERROR);
      assertThat(theirs.firstError().orElseThrow()).startsWith(mine.firstError().get());
      assertThat(mine.metadataJson()).isEqualTo(theirs.metadataJson());
      assertThat(mine.logLines()).contains(3L);
      assertThat(mine.logPath().orElseThrow())
          .startsWith(tmp.resolve("merge/krt/runs/" + run.id()).toString());
      assertThat(Files.readAllBytes(Path.of(mine.logPath().get())))
          .isEqualTo(Files.readAllBytes(Path.of(theirs.logPath().get())));
      assertThat(db.steps(run.id(), mine.key())).isEqualTo(job.steps("run-job-2", theirs.key()));
    }
    RunKrt.Result again = importing(results.resolve("krt-results-1"), results.resolve("6Lg12IA"));
    assertThat(again.stderr()).contains("imported before");
    try (Store db = merged()) {
      assertThat(db.runs()).hasSize(1);
    }
    // Reported by krt matrix show as any run.
    RunKrt.Result show = RunKrt.run(env, tmp, "matrix", "show");
    assertThat(show.stdout()).contains("rustc-web-1.85").contains("rustc-1.63");
  }

  @Test
  void aMissingCellIsNamed() throws IOException {
    RunKrt.Result r = importing(results.resolve("6Lg12IA"));
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr())
        .contains("1 cell of the matrix has no result: 6.12 / rustc-1.63 / x86_64 / defconfig");
  }

  @Test
  void damagedOrForeignResultsAreOneLineErrorsAndRecordNothing() throws IOException {
    Path cell = Files.list(results.resolve("krt-results-1/krt-results")).findFirst().orElseThrow();
    Path json = cell.resolve("krt-cell.json");
    String good = Files.readString(json);
    Path log = cell.resolve("build.log.gz");
    byte[] goodLog = Files.readAllBytes(log);

    byte[] flipped = goodLog.clone();
    flipped[flipped.length / 2] ^= 1;
    Files.write(log, flipped);
    expectRefused(log.toString(), "sha-256");
    Files.write(log, goodLog);

    Files.writeString(json, good.replace("\"ordinal\"", "\"extra\" : 1,\n  \"ordinal\""));
    expectRefused(json.toString(), "extra: unknown field");
    Files.writeString(json, "{\"builds\": []}");
    expectRefused(json.toString(), "not a krt cell result");
    Files.writeString(json, good.replace("\"status\" : \"fail\"", "\"status\" : \"pending\""));
    expectRefused(json.toString(), "cell.status: one of pass, fail, error");
    Files.writeString(
        json, good.replaceFirst("\"key\" : \"[0-9a-f]+\"", "\"key\" : \"../../../etc\""));
    expectRefused(json.toString(), "cell.key:");
    Files.writeString(json, good.replace("rustc-1.63]", "rustc-1.64]"));
    expectRefused(json.toString(), "matrix_sha256");
    Files.writeString(json, good.substring(0, good.length() / 2));
    expectRefused(json.toString(), "not JSON");
    Files.writeString(json, good.replace("\"ordinal\" : 1", "\"ordinal\" : 0"));
    expectRefused(json.toString(), "ordinal 0 is not the place of 6.12 / rustc-1.63");
    Files.writeString(
        json, good.replaceFirst("\"finished_at\" : [0-9]+", "\"finished_at\" : 253402300800000"));
    expectRefused(json.toString(), "finished_at: a whole number from 0 to");
    Files.writeString(
        json, good.replace("\"kernel\" : \"6.12\"", "\"kernel\" : \"6.12\\u001b]0;pwned\\u0007\""));
    RunKrt.Result escape = importing(results);
    assertThat(escape.exitCode()).isEqualTo(2);
    assertThat(escape.stderr()).doesNotContain("\u001b").contains("?]0;pwned?");
    Files.writeString(json, good);
    Path meta = cell.resolve("metadata.json");
    String goodMeta = Files.readString(meta);
    Files.writeString(meta, "[".repeat(999) + "]".repeat(999));
    expectRefused(json.toString(), "metadata.json is not JSON");
    Files.writeString(meta, goodMeta);
    Files.writeString(json, good);

    // A gzip whose checksum was made to match is still checked to be gzip to its end.
    byte[] cut = java.util.Arrays.copyOf(goodLog, goodLog.length - 12);
    Files.write(log, cut);
    Files.writeString(
        json,
        good.replaceFirst(
                "\"sha256\" : \"[0-9a-f]+\"", "\"sha256\" : \"" + ResultDirs.sha256(cut) + "\"")
            .replaceFirst("\"bytes\" : [0-9]+", "\"bytes\" : " + cut.length));
    expectRefused(log.toString(), "not gzip");
    Files.write(log, goodLog);
    Files.writeString(json, good);

    // A second matrix's result among the first's.
    Path other = Files.createDirectories(tmp.resolve("other/x"));
    Path first = Files.list(results.resolve("6Lg12IA/krt-results")).findFirst().orElseThrow();
    String otherMatrix = MATRIX.replace("rustc-1.63", "rustc-1.48");
    Files.writeString(
        other.resolve("krt-cell.json"),
        Files.readString(first.resolve("krt-cell.json"))
            .replace(sha(MATRIX), sha(otherMatrix))
            .replace("rustc-1.63", "rustc-1.48"));
    Files.copy(first.resolve("build.log.gz"), other.resolve("build.log.gz"));
    RunKrt.Result mixed = importing(results, other.getParent());
    assertThat(mixed.exitCode()).isEqualTo(2);
    assertThat(mixed.stderr()).contains("a result of another matrix file");

    // A link is not followed: results are files, not pointers into the importing machine.
    Path links = Files.createDirectories(tmp.resolve("links/a"));
    Files.createSymbolicLink(links.resolve("krt-cell.json"), json);
    RunKrt.Result linked = importing(tmp.resolve("links"));
    assertThat(linked.exitCode()).isEqualTo(2);
    assertThat(linked.stderr()).contains("no cell results under");

    RunKrt.Result notThere = importing(tmp.resolve("nowhere"));
    assertThat(notThere.stderr()).contains("not a directory");
    if (Files.exists(tmp.resolve("merge/krt/runs"))) {
      try (var left = Files.list(tmp.resolve("merge/krt/runs"))) {
        assertThat(left).as("nothing copied stays").isEmpty();
      }
    }
    if (Files.exists(tmp.resolve("merge/krt/krt.db"))) {
      try (Store db = merged()) {
        assertThat(db.runs()).isEmpty();
      }
    }
  }

  private static String sha(String s) {
    return ResultDirs.sha256(s.getBytes(StandardCharsets.UTF_8));
  }

  private void expectRefused(String file, String why) throws IOException {
    RunKrt.Result r = importing(results);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stderr())
        .startsWith("krt: " + file + ": ")
        .contains(why)
        .doesNotContain("Exception");
    assertThat(r.stderr().strip().lines()).hasSize(1);
  }
}
