package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end case, for real: Debian's 6.12 tree built through rustavailable, defconfig
 * plus the Rust CI's fragment, {@code make rust/}, {@code samples/rust/rust_minimal.o}, and the
 * rest of the Rust CI's kernel job (rustfmtcheck, rustdoc, clippy) with rustc-web 1.85 + bindgen
 * 0.71.1 + LLVM=-19 and rustc-web 1.96 + bindgen 0.72.1 + LLVM=-22, and a rustc 1.63 cell that must
 * fail as the kernel's checker says. About three minutes on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MatrixRealBuildTest {
  @TempDir static Path tmp;
  static CliHarness krt;
  static Path matrix;
  static String firstRun;

  static String matrixText(Path zoo, String toolchains, String steps) {
    return """
        # The Rust CI's kernel job on Debian's 6.12 tree.
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains: [%s]
        configs:
          - name: rust
            base: defconfig
            fragments:
              - CONFIG_RUST=y
              - CONFIG_SAMPLES=y
              - CONFIG_SAMPLES_RUST=y
              - CONFIG_SAMPLE_RUST_MINIMAL=m
        steps:
        %s
        jobs: 2
        """
        .formatted(
            zoo.resolve("kernels/linux-source-6.12"),
            zoo.resolve("toolchains.toml"),
            toolchains,
            steps);
  }

  @BeforeAll
  static void setUp() throws IOException {
    Path zoo = Zoo.require();
    krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    matrix = tmp.resolve("matrix.yaml");
    Files.writeString(
        matrix,
        matrixText(
            zoo,
            "rustc-web-1.85, rustc-web-1.96, rustc-1.63",
            """
          - rustavailable
          - config
          - rust
          - name: samples
            targets: [samples/rust/rust_minimal.o]
          - rustfmtcheck
          - rustdoc
          - clippy
        """));
  }

  @Test
  @Order(1)
  void buildsTheRustCoreWithTwoToolchainsAndClassifiesTheOldOne() throws IOException {
    RunKrt.Result r = krt.run("matrix", "run", matrix.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1); // a cell failed, as it must
    JsonNode j = CliHarness.json(r);
    firstRun = j.path("run").path("id").asText();
    assertThat(j.path("run").path("status").asText()).isEqualTo("done");
    JsonNode cells = j.path("cells");
    assertThat(cells).hasSize(3);

    for (int i = 0; i < 2; i++) {
      JsonNode c = cells.get(i);
      assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("pass");
      assertThat(c.path("steps").findValuesAsText("name"))
          .containsExactly(
              "rustavailable", "config", "rust", "samples", "rustfmtcheck", "rustdoc", "clippy");
      assertThat(c.path("steps").findValuesAsText("status"))
          .containsExactly("pass", "pass", "pass", "pass", "pass", "pass", "pass");
      JsonNode m = c.path("metadata");
      String build = m.path("build").path("build_dir").asText();
      assertThat(Path.of(build, "samples/rust/rust_minimal.o")).isRegularFile();
      assertThat(Path.of(build, "rust/kernel.o")).isRegularFile();
      assertThat(Path.of(build, "Documentation/output/rust/rustdoc/kernel/index.html"))
          .isRegularFile();
      // The clippy step really ran clippy-driver over the kernel crate.
      assertThat(gunzip(Path.of(c.path("log").asText()))).contains("CLIPPY L rust/kernel.o");
      assertThat(m.path("kconfig").path("CONFIG_RUST").asText()).isEqualTo("y");
      assertThat(m.path("krt_check").path("verdict").asText()).isEqualTo("available");
    }
    JsonNode m85 = cells.get(0).path("metadata");
    assertThat(m85.path("kconfig").path("CONFIG_RUSTC_VERSION").asText())
        .isEqualTo(Zoo.rustcVersionCode("rustc-web-1.85"));
    assertThat(m85.path("kconfig").path("CONFIG_BINDGEN_VERSION_TEXT").asText())
        .isEqualTo("\"bindgen " + Zoo.bindgenVersion("bindgen-0.71.1-lc19") + "\"");
    assertThat(m85.path("rust").path("libclang_version").asText()).startsWith("19.");
    assertThat(m85.path("build").path("make_variables").toString())
        .contains("LLVM=-19", "HOSTRUSTC=");
    JsonNode m96 = cells.get(1).path("metadata");
    assertThat(m96.path("kconfig").path("CONFIG_RUSTC_VERSION").asText())
        .isEqualTo(Zoo.rustcVersionCode("rustc-web-1.96"));
    assertThat(m96.path("rust").path("bindgen_version").asText())
        .isEqualTo(Zoo.bindgenVersion("bindgen-0.72.1-lc22"));
    assertThat(m96.path("build").path("make_variables").toString()).contains("LLVM=-22");

    JsonNode old = cells.get(2);
    assertThat(old.path("status").asText()).isEqualTo("fail");
    assertThat(old.path("failed_step").asText()).isEqualTo("rustavailable");
    assertThat(old.path("classification").asText()).isEqualTo("rust-unavailable");
    assertThat(old.path("first_error").asText()).contains("rustc-1.63/rustc' is too old");
    assertThat(old.path("steps").findValuesAsText("status"))
        .containsExactly("fail", "skipped", "skipped", "skipped", "skipped", "skipped", "skipped");
    // krt's check predicted it; the real make agreed.
    assertThat(old.path("metadata").path("krt_check").path("verdict").asText())
        .isEqualTo("not_available");
    // The first error's line number points at it in the log.
    long line = old.path("metadata").path("results").path("first_error_line").asLong();
    String log = gunzip(Path.of(old.path("log").asText()));
    assertThat(log.lines().skip(line - 1).findFirst().orElse("")).contains("is too old");
    // The store knows how many lines the log has (a log page reads no further than itself).
    assertThat(old.path("log_lines").asLong())
        .isEqualTo(log.chars().filter(c -> c == '\n').count());
  }

  @Test
  @Order(2)
  void anUnchangedMatrixIsNotBuiltAgain() throws IOException {
    long t0 = System.nanoTime();
    RunKrt.Result r = krt.run("matrix", "run", matrix.toString());
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    assertThat(r.stdout()).contains("0 built, 3 reused").contains("pass*");
    assertThat(ms).as("reusing three cells is bookkeeping, not a build").isLessThan(60_000);

    RunKrt.Result d =
        krt.run(
            "matrix", "diff", firstRun, r.stdout().replaceAll("(?s).*run (\\S+): 0 built.*", "$1"));
    assertThat(d.exitCode()).as(d.stdout() + d.stderr()).isEqualTo(0);
    assertThat(d.stdout()).contains("0 regressed, 0 fixed");
  }

  @Test
  @Order(3)
  void showTellsWhatFailedAndWhy() throws IOException {
    RunKrt.Result r = krt.run("matrix", "show", firstRun);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("3 cells, 2 passed, 1 failed")
        .containsPattern("pass +6\\.12 +rustc-web-1\\.85 +x86_64 +rust")
        .containsPattern(
            "fail +6\\.12 +rustc-1\\.63 +x86_64 +rust +\\S+ +rustavailable +rust-unavailable")
        .contains("Rust compiler '" + Zoo.bin("rustc-1.63", "rustc") + "' is too old.");
  }

  static String gunzip(Path p) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(p))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
