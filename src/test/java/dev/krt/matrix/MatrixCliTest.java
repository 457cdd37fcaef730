package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.Databases;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** krt matrix bisect, runs and the PostgreSQL store, with real make and zoo toolchains. */
class MatrixCliTest {
  @TempDir Path tmp;
  CliHarness krt;

  @BeforeEach
  void setUp() throws IOException {
    Zoo.require();
    krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    krt.env.put("KRT_DB", "jdbc:sqlite:" + tmp.resolve("krt.db"));
  }

  Path matrix(String toolchains) throws IOException {
    return Zoo.rustavailableMatrix(tmp.resolve("m.yaml"), toolchains);
  }

  @Test
  void bisectFindsTheFirstToolchainTheKernelRefuses() throws IOException {
    // Newest first: 6.12 wants rustc >= 1.78, so the first that fails is 1.63.
    Path m =
        matrix(
            "rustc-web-1.96, rustc-1.85.1, rustc-web-1.85, rustc-web-1.78, rustc-1.63, rustc-1.48");
    RunKrt.Result r = krt.run("matrix", "bisect", m.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
    JsonNode j = CliHarness.json(r);
    assertThat(j.path("first_bad").asText()).isEqualTo("rustc-1.63");
    assertThat(j.path("last_good").asText()).isEqualTo("rustc-web-1.78");
    assertThat(j.path("probes").size()).isLessThan(6);
    JsonNode bad =
        j.path("probes").findParents("toolchain").stream()
            .filter(p -> p.path("toolchain").asText().equals("rustc-1.63"))
            .findFirst()
            .orElseThrow();
    assertThat(bad.path("classification").asText()).isEqualTo("rust-unavailable");

    // The bisection's builds are a run like any other, and a second bisection reuses them.
    RunKrt.Result again = krt.run("matrix", "bisect", m.toString());
    assertThat(again.exitCode()).isEqualTo(0);
    assertThat(again.stdout())
        .contains("First failing toolchain: rustc-1.63 (the one before, rustc-web-1.78, passes)");
    assertThat(again.stderr()).contains("(reused)");
    RunKrt.Result runs = krt.run("matrix", "runs");
    assertThat(runs.stdout().lines().filter(l -> l.contains("done")).count()).isEqualTo(2);
  }

  @Test
  void theSameRunGoesToPostgresql() throws Exception {
    String base = Databases.postgres();
    String schema = "m" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base)) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    String url = base + "&currentSchema=" + schema;
    Path m = matrix("rustc-web-1.85, rustc-1.63");
    RunKrt.Result r = krt.run("matrix", "run", m.toString(), "--db", url, "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    JsonNode cells = CliHarness.json(r).path("cells");
    assertThat(cells.findValuesAsText("status")).contains("pass", "fail");
    RunKrt.Result again = krt.run("matrix", "run", m.toString(), "--db", url);
    assertThat(again.stdout()).contains("0 built, 2 reused");
    RunKrt.Result show = krt.run("matrix", "show", "--db", url);
    assertThat(show.stdout()).contains("2 cells, 1 passed, 1 failed");
  }

  @Test
  void progressIsShownOnATerminalAndNowhereElse() throws IOException {
    Path m = matrix("rustc-web-1.85, rustc-1.63");
    // A real pseudo-terminal: util-linux's script(1) runs krt on one.
    String javaBin =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    String cmd =
        "'"
            + javaBin
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' dev.krt.cli.Main matrix run '"
            + m
            + "'";
    Path typescript = tmp.resolve("typescript");
    java.util.Map<String, String> env = new java.util.HashMap<>(krt.env);
    env.put("TERM", "xterm");
    dev.krt.testing.RealProcess.Result r =
        dev.krt.testing.RealProcess.run(
            java.util.List.of("script", "-qec", cmd, typescript.toString()),
            env,
            null,
            tmp,
            java.time.Duration.ofMinutes(2));
    assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(1);
    String tty = Files.readString(typescript, java.nio.charset.StandardCharsets.UTF_8);
    assertThat(tty)
        .contains("\r\u001b[K[0/2]")
        .contains("6.12 / rustc-1.63 / x86_64 / defconfig: ");
    assertThat(tty)
        .containsPattern(
            "fail  6\\.12 / rustc-1\\.63 / x86_64 / defconfig  \\S+  rust-unavailable: Rust compiler '[^']+' is too old\\.");
    assertThat(tty).contains("[2/2]");

    RunKrt.Result piped = krt.run("matrix", "run", m.toString(), "--force");
    assertThat(piped.stderr()).doesNotContain("\u001b[K").doesNotContain("[0/2]");
  }

  @Test
  void helpAnswers() {
    RunKrt.Result r = RunKrt.run(krt.env, tmp, "matrix", "--help");
    assertThat(r.exitCode()).isEqualTo(0);
    assertThat(r.stdout()).contains("run", "show", "runs", "diff", "bisect");
    RunKrt.Result run = RunKrt.run(krt.env, tmp, "matrix", "run", "--help");
    assertThat(run.stdout()).contains("--resume", "--jobs", "--force", "--db", "Exit codes");
  }
}
