package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RealProcess;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kernel's Rust tests booted for real: a {@code kunit} cell on Debian's 6.12 tree with
 * rustc-web 1.96 (the tree's kunit.py builds a small kernel with the cell's toolchain and boots it
 * under qemu-system-x86_64, TCG), then the same cell on a copy of the tree with one failing doctest
 * added to the kernel crate: a test failure, not a build failure, and a test regression in {@code
 * krt matrix diff}. About eight minutes per cell on two cores.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KunitBootTest {
  @TempDir static Path tmp;
  static CliHarness krt;
  static Path zoo;
  static String firstRun;

  static final String INJECTED =
      """

      /// A doctest that fails, added by krt's KunitBootTest to a copy of the tree.
      ///
      /// ```
      /// assert_eq!(1 + 1, 3);
      /// ```
      pub fn krt_injected_failure() {}
      """;

  static String matrix(Path kernel) {
    return """
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains: [rustc-web-1.96]
        configs: [defconfig]
        steps:
          - name: kunit
            timeout: 60m
        """
        .formatted(kernel, zoo.resolve("toolchains.toml"));
  }

  @BeforeAll
  static void setUp() throws IOException {
    zoo = Zoo.require();
    for (String p : List.of("qemu-system-x86_64", "python3")) {
      if (RealProcess.run(
                  List.of("sh", "-c", "command -v " + p),
                  RealProcess.C_ENV,
                  null,
                  null,
                  java.time.Duration.ofSeconds(10))
              .exitCode()
          != 0) {
        Zoo.unavailable(p + " is not installed (sudo scripts/test-services.sh installs it)");
      }
    }
    krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
  }

  /** The console's own totals line, read apart from krt's KTAP reader. */
  static int[] totals(JsonNode cell) throws IOException {
    Path console =
        tmp.resolve("data/krt/builds")
            .resolve(CellKeys.shortKey(cell.path("key").asText()))
            .resolve("kunit/test.log");
    Matcher m =
        Pattern.compile("# Totals: pass:(\\d+) fail:(\\d+) skip:(\\d+) total:(\\d+)")
            .matcher(Files.readString(console));
    assertThat(m.find()).as("the kernel's Totals line in " + console).isTrue();
    return new int[] {
      Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(4))
    };
  }

  @Test
  @Order(1)
  void theDoctestsOfDebians612PassWithRustcWeb196() throws IOException {
    Path m =
        Files.writeString(tmp.resolve("m.yaml"), matrix(zoo.resolve("kernels/linux-source-6.12")));
    RunKrt.Result r = krt.run("matrix", "run", m.toString(), "--format", "json");
    JsonNode run = CliHarness.json(r);
    JsonNode cell = run.path("cells").get(0);
    assertThat(cell.path("status").asText()).as(r.stdout() + r.stderr()).isEqualTo("pass");
    assertThat(r.exitCode()).isZero();
    firstRun = run.path("run").path("id").asText();
    int[] t = totals(cell);
    JsonNode tests = cell.path("tests");
    assertThat(tests.path("counts").path("pass").asInt()).isEqualTo(t[0]).isPositive();
    assertThat(tests.path("counts").path("fail").asInt()).isEqualTo(t[1]).isZero();
    assertThat(tests.path("results")).hasSize(t[2]);
    assertThat(tests.path("suites").has("rust_doctests_kernel")).isTrue();
    RunKrt.Result shown = krt.run("matrix", "show", firstRun);
    assertThat(shown.stdout())
        .contains(t[0] + "/" + t[2], "rust_doctests_kernel: " + t[0] + " passed");
    // The tree's tools/ got no byte code: the kernel's content key did not change.
    assertThat(zoo.resolve("kernels/linux-source-6.12/tools/testing/kunit/__pycache__"))
        .doesNotExist();
  }

  @Test
  @Order(2)
  void aFailingDoctestIsATestFailureAndARegression() throws IOException, InterruptedException {
    Path copy = tmp.resolve("linux-6.12-failing");
    RealProcess.Result cp =
        RealProcess.run(
            List.of(
                "cp", "-al", zoo.resolve("kernels/linux-source-6.12").toString(), copy.toString()),
            RealProcess.C_ENV,
            null,
            null,
            java.time.Duration.ofMinutes(5));
    assertThat(cp.exitCode()).as(cp.err()).isZero();
    // A new file in place of the hard link: the zoo's tree stays as it is.
    Path lib = copy.resolve("rust/kernel/lib.rs");
    String text = Files.readString(lib);
    Files.delete(lib);
    Files.writeString(lib, text + INJECTED);
    Path m = Files.writeString(tmp.resolve("m2.yaml"), matrix(copy));
    RunKrt.Result r = krt.run("matrix", "run", m.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    JsonNode cell = CliHarness.json(r).path("cells").get(0);
    assertThat(cell.path("status").asText()).isEqualTo("fail");
    assertThat(cell.path("failed_step").asText()).isEqualTo("kunit");
    assertThat(cell.path("classification").asText()).isEqualTo("test-failed");
    int[] t = totals(cell);
    assertThat(t[1]).isEqualTo(1);
    JsonNode tests = cell.path("tests");
    assertThat(tests.path("counts").path("fail").asInt()).isEqualTo(1);
    assertThat(tests.path("counts").path("pass").asInt()).isEqualTo(t[0]);
    JsonNode failed = null;
    for (JsonNode x : tests.path("results")) {
      if (x.path("status").asText().equals("fail")) {
        failed = x;
      }
    }
    assertThat(failed).isNotNull();
    assertThat(failed.path("test").asText()).startsWith("rust_doctest_kernel_lib_rs_");
    assertThat(cell.path("first_error").asText())
        .contains(
            "1 of " + t[2] + " tests failed: rust_doctests_kernel.rust_doctest_kernel_lib_rs_");
    RunKrt.Result diff =
        krt.run("matrix", "diff", firstRun, CliHarness.json(r).path("run").path("id").asText());
    assertThat(diff.stdout())
        .contains("Tests that regressed (fail in B, not in A):")
        .contains(failed.path("test").asText() + "  absent -> fail")
        .contains("1 tests regressed");
  }
}
