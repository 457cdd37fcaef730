package dev.krt.farm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the farm's commands say to a wrong invocation: one line, exit 2, nothing started. */
class FarmCliTest {
  @TempDir Path tmp;
  CliHarness krt;

  @BeforeEach
  void setUp() throws Exception {
    krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
  }

  private void refused(String message, String... args) throws Exception {
    RunKrt.Result r = krt.run(args);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stderr().strip()).startsWith("krt: ").contains(message).doesNotContain("\n");
    assertThat(r.stdout()).isEmpty();
  }

  @Test
  void theFarmNeedsPostgres() throws Exception {
    String sqlite = "jdbc:sqlite:" + tmp.resolve("krt.db");
    refused("the farm needs a PostgreSQL store", "worker", "--db", sqlite);
    Path m = Zoo.rustavailableMatrix(tmp.resolve("m.yaml"), "rustc-web-1.85");
    refused(
        "the farm needs a PostgreSQL store",
        "matrix",
        "run",
        m.toString(),
        "--db",
        sqlite,
        "--farm");
  }

  @Test
  void badOptionsAreOneLine() throws Exception {
    refused("--jobs must be from 1 to 64", "worker", "--jobs", "0");
    refused("--name: 1 to 64 letters", "worker", "--name", "a b");
    Path m = tmp.resolve("m.yaml");
    refused("--no-wait goes with --farm", "matrix", "run", m.toString(), "--no-wait");
    refused(
        "--report goes with a local run",
        "matrix",
        "run",
        m.toString(),
        "--farm",
        "--report",
        "http://x/");
    refused("--farm-dashboard needs KRT_TOKEN", "serve", "--farm-dashboard", "8123");
    refused("--farm-dashboard must be a port", "serve", "--farm-dashboard", "0");
  }
}
