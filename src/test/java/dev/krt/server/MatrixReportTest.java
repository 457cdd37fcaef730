package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A CI machine runs a real matrix and reports it to a krt serve elsewhere (here: another store).
 */
class MatrixReportTest {
  @TempDir Path tmp;
  ServerFixture central;
  CliHarness ci;
  Path matrix;

  @BeforeEach
  void setUp() throws Exception {
    Zoo.require();
    central =
        new ServerFixture(
            Files.createDirectories(tmp.resolve("central")),
            Optional.of(ServerFixture.TOKEN),
            1 << 20);
    ci = new CliHarness(tmp.resolve("ci"));
    ci.env.put("XDG_DATA_HOME", tmp.resolve("ci/data").toString());
    ci.env.put("KRT_DB", "jdbc:sqlite:" + tmp.resolve("ci/krt.db"));
    matrix = Zoo.rustavailableMatrix(tmp.resolve("m.yaml"), "rustc-web-1.85, rustc-1.63");
  }

  @AfterEach
  void tearDown() {
    central.close();
  }

  @Test
  void cellsPostedWithTheTokenAppearOnTheServer() throws Exception {
    ci.env.put("KRT_TOKEN", ServerFixture.TOKEN);
    RunKrt.Result r = ci.run("matrix", "run", matrix.toString(), "--report", central.url("/"));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("krt: report: 2 cells sent to " + central.url("/runs/"));

    RunRow remote = central.store.runs().get(0);
    assertThat(remote.specPath()).isEqualTo(matrix.toString());
    List<CellRow> cells = central.store.cells(remote.id());
    assertThat(cells)
        .extracting(CellRow::toolchain)
        .containsExactly("rustc-web-1.85", "rustc-1.63");
    assertThat(cells).extracting(c -> c.status().wire()).containsExactly("pass", "fail");
    CellRow failed = cells.get(1);
    assertThat(failed.classification()).contains("rust-unavailable");
    assertThat(central.store.steps(remote.id(), failed.key()))
        .singleElement()
        .satisfies(s -> assertThat(s.exitCode()).contains(2));

    // What a maintainer then sees: the error line, marked, in the log the CI machine sent.
    JsonNode log =
        new ObjectMapper()
            .readTree(
                central.get("/api/runs/" + remote.id() + "/cells/" + failed.key() + "/log").body());
    int line = log.path("first_error_line").asInt();
    assertThat(log.path("lines").get(line - log.path("from").asInt()).asText())
        .contains("is too old.");
    assertThat(central.get("/runs/" + remote.id() + "/cells/" + failed.key() + "/log").body())
        .contains("<tr id=\"L" + line + "\" class=\"hit\">");

    // The same matrix again: both cells reused locally, sent again, recorded once.
    RunKrt.Result again = ci.run("matrix", "run", matrix.toString(), "--report", central.url("/"));
    assertThat(again.stdout()).contains("0 built, 2 reused");
    assertThat(central.store.runs()).hasSize(2);
    assertThat(central.store.cells(central.store.runs().get(0).id())).hasSize(2);
  }

  @Test
  void anImportedPipelineRunGoesToTheServerAsOneRun() throws Exception {
    // Two CI jobs, one cell each, then the merging job imports and reports them.
    for (String tc : List.of("rustc-web-1.85", "rustc-1.63")) {
      RunKrt.Result job =
          ci.run(
              "matrix",
              "run",
              matrix.toString(),
              "--only",
              "toolchain=" + tc,
              "--results",
              tmp.resolve("artifacts/" + tc).toString());
      assertThat(job.stderr()).doesNotContain("results:");
    }
    CliHarness merge = new CliHarness(tmp.resolve("merge"));
    merge.env.put("XDG_DATA_HOME", tmp.resolve("merge/data").toString());
    merge.env.put("KRT_TOKEN", ServerFixture.TOKEN);
    RunKrt.Result r =
        merge.run(
            "matrix", "import", tmp.resolve("artifacts").toString(), "--report", central.url("/"));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stderr()).contains("krt: report: 2 cells sent to " + central.url("/runs/"));
    RunRow remote = central.store.runs().get(0);
    assertThat(central.store.runs()).hasSize(1);
    assertThat(central.store.cells(remote.id()))
        .extracting(CellRow::toolchain)
        .containsExactly("rustc-web-1.85", "rustc-1.63");
    CellRow failed = central.store.cells(remote.id()).get(1);
    assertThat(central.get("/api/runs/" + remote.id() + "/cells/" + failed.key() + "/log").body())
        .contains("is too old.");
  }

  @Test
  void aWrongTokenCostsAWarningNotTheBuild() throws Exception {
    ci.env.put("KRT_TOKEN", "not-the-token");
    RunKrt.Result r = ci.run("matrix", "run", matrix.toString(), "--report", central.url("/"));
    assertThat(r.exitCode()).isEqualTo(1); // the rustc 1.63 cell, not the report
    assertThat(r.stderr())
        .contains("krt: report: " + central.url("/api/runs") + ": 403 wrong token")
        .contains("krt: report: nothing sent to");
    assertThat(r.stdout()).contains("2 built, 0 reused; 1 passed, 1 failed");
    assertThat(central.store.runs()).isEmpty();

    ci.env.remove("KRT_TOKEN");
    RunKrt.Result noToken =
        ci.run("matrix", "run", matrix.toString(), "--report", central.url("/"));
    assertThat(noToken.exitCode()).isEqualTo(2);
    assertThat(noToken.stderr().strip())
        .isEqualTo("krt: --report needs the server's token in KRT_TOKEN");
  }
}
