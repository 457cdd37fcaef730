package dev.krt.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.testing.JsonSchemas;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run's KCIDB report, checked against KCIDB's own v5.3 schema (the shared reference's copy of
 * {@code kcidb_io.schema.LATEST}) with formats asserted, as kcidb-io validates submissions.
 */
class KcidbJsonTest {
  static final String RUN = "r20261203-180500-a1b2";
  static final long CREATED = Instant.parse("2026-12-03T18:05:00.123Z").toEpochMilli();
  static final String PASS = key("pass");
  static final String FAIL = key("fail");
  static final String ERROR = key("error");
  static final String PENDING = key("pending");

  /** A first error longer than KCIDB's 16384-character excerpt, with characters beyond the BMP. */
  static final String LONG_ERROR =
      "error[E0425]: cannot find value `x` in this scope \uD83E\uDD80\n"
          + "  --> rust/kernel/lib.rs:42:5 \u00e9\uD83E\uDD80\n".repeat(700);

  @TempDir Path tmp;
  Store store;
  RunRow run;

  @BeforeEach
  void run() {
    store = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"));
    run =
        store.createRun(
            RUN,
            "/work/matrix.yaml",
            "kernels: []\n",
            2,
            "buildhost",
            List.of(
                new Store.CellPlan(
                    PASS, "6.12", "rustc-1.85", "x86_64", "rust", "rustavailable,config,rust"),
                new Store.CellPlan(
                    FAIL,
                    "6.12",
                    "rustc-web-1.96",
                    "x86_64",
                    "rust+docs",
                    "rustavailable,docs tests/v1.2,docs.tests.v1.2,rust"),
                new Store.CellPlan(ERROR, "7.1", "nightly", "arm64", "rust", "rustavailable"),
                new Store.CellPlan(PENDING, "7.1", "rustc-1.85", "arm64", "rust", "rust")),
            CREATED);
    // Three cells ran (claimed, so they have a start time); the fourth is still pending.
    long t = CREATED + 1000;
    for (int i = 0; i < 3; i++) {
      store.claimNext(RUN, t + i);
    }
    store.finishCell(
        RUN,
        PASS,
        outcome(
            CellStatus.PASS,
            Optional.empty(),
            Optional.empty(),
            Optional.of(metadata("6.12", "6.12.48", "1.85.0", List.of())),
            List.of(
                step("rustavailable", StepStatus.PASS, 0, 400, null),
                step("config", StepStatus.PASS, 0, 3200, null),
                step("rust", StepStatus.PASS, 0, 81_500, null))),
        t + 90_000);
    store.finishCell(
        RUN,
        FAIL,
        outcome(
            CellStatus.FAIL,
            Optional.of("docs tests/v1.2"),
            Optional.of(LONG_ERROR),
            Optional.of(metadata("6.12", "6.12.48", "1.96.0", List.of("unused variable: `y`"))),
            List.of(
                step("rustavailable", StepStatus.PASS, 0, 380, null),
                step("docs tests/v1.2", StepStatus.FAIL, 2, 12_000, LONG_ERROR),
                step("docs.tests.v1.2", StepStatus.SKIPPED, null, 0, null),
                step("rust", StepStatus.SKIPPED, null, 0, null))),
        t + 20_000);
    store.finishCell(
        RUN,
        ERROR,
        new Store.Outcome(
            CellStatus.ERROR,
            15,
            Optional.empty(),
            Optional.of("disk-full"),
            Optional.of("krt could not run the cell: No space left on device"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of()),
        t + 30);
  }

  @AfterEach
  void close() {
    store.close();
  }

  ObjectNode report(Optional<URI> base) {
    return KcidbJson.tree(
        run,
        store.cells(RUN),
        c -> store.steps(c.runId(), c.key()),
        new KcidbJson.Options("krt_ci", base));
  }

  @Test
  void theReportIsValidKcidb() {
    ObjectNode doc = report(Optional.empty());
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), doc)).isEmpty();
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), report(Optional.of(base())))).isEmpty();
  }

  @Test
  void theValidatorAcceptsKcidbsExampleAndRejectsWhatKcidbRejects() {
    JsonNode example = JsonSchemas.readJson(JsonSchemas.interop("kcidb-example.json"));
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), example)).isEmpty();

    ObjectNode dashed = report(Optional.empty());
    for (String list : List.of("checkouts", "builds", "tests")) {
      dashed.get(list).forEach(n -> ((ObjectNode) n).put("origin", "krt-ci"));
    }
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), dashed))
        .isNotEmpty()
        .allMatch(e -> e.contains("origin"));

    ObjectNode lower = report(Optional.empty());
    ((ObjectNode) lower.get("builds").get(0)).put("status", "pass");
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), lower))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("/builds/0/status");

    ObjectNode uncut = report(Optional.empty());
    ((ObjectNode) uncut.get("builds").get(1)).put("log_excerpt", LONG_ERROR);
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), uncut))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .contains("/builds/1/log_excerpt");

    ObjectNode withNull = report(Optional.empty());
    ((ObjectNode) withNull.get("builds").get(0)).putNull("comment");
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), withNull)).isNotEmpty();
  }

  @Test
  void oneCheckoutPerKernelOneBuildPerFinishedCellOneTestPerStep() {
    ObjectNode doc = report(Optional.empty());
    assertThat(doc.get("version").toString()).isEqualTo("{\"major\":5,\"minor\":3}");
    assertThat(ids(doc, "checkouts"))
        .containsExactly("krt_ci:" + RUN + "/k/6.12", "krt_ci:" + RUN + "/k/7.1");
    assertThat(ids(doc, "builds"))
        .containsExactly(build(PASS), build(FAIL), build(ERROR))
        .doesNotContain(build(PENDING));
    assertThat(doc.get("tests")).hasSize(3 + 4);
    List<String> all = new ArrayList<>();
    for (String list : List.of("checkouts", "builds", "tests")) {
      all.addAll(ids(doc, list));
    }
    assertThat(all).doesNotHaveDuplicates();
    assertThat(nulls(doc)).isZero();

    JsonNode checkout = doc.get("checkouts").get(0);
    assertThat(checkout.get("tree_name").asText()).isEqualTo("6.12");
    assertThat(checkout.get("start_time").asText()).isEqualTo("2026-12-03T18:05:00.123+00:00");
    assertThat(checkout.get("valid").asBoolean()).isTrue();
    assertThat(checkout.get("misc").get("kernel_version").asText()).isEqualTo("6.12.48");
    assertThat(checkout.get("misc").get("kernel_source").asText())
        .isEqualTo("/usr/src/linux-source-6.12.tar.xz");
    // The 7.1 kernel's only cell has no metadata: nothing is made up for it.
    assertThat(doc.get("checkouts").get(1).get("misc").has("kernel_version")).isFalse();
  }

  @Test
  void buildsCarryTheCellsOutcomeAndTheRustToolsInMisc() {
    ObjectNode doc = report(Optional.empty());
    JsonNode pass = doc.get("builds").get(0);
    assertThat(pass.get("checkout_id").asText()).isEqualTo("krt_ci:" + RUN + "/k/6.12");
    assertThat(pass.get("status").asText()).isEqualTo("PASS");
    assertThat(pass.get("compiler").asText()).isEqualTo("rustc-1.85 (rustc 1.85.0)");
    assertThat(pass.get("architecture").asText()).isEqualTo("x86_64");
    assertThat(pass.get("config_name").asText()).isEqualTo("rust");
    assertThat(pass.get("duration").asDouble()).isEqualTo(90.1);
    assertThat(pass.get("start_time").asText()).isEqualTo("2026-12-03T18:05:01.123+00:00");
    assertThat(pass.has("log_excerpt")).isFalse();
    assertThat(pass.get("misc").get("rustc").asText()).isEqualTo("1.85.0");
    assertThat(pass.get("misc").get("bindgen").asText()).isEqualTo("0.71.1");
    assertThat(pass.get("misc").get("libclang").asText()).isEqualTo("19.1.7");
    assertThat(pass.get("misc").get("cell_key").asText()).isEqualTo(PASS);

    JsonNode fail = doc.get("builds").get(1);
    assertThat(fail.get("status").asText()).isEqualTo("FAIL");
    assertThat(fail.get("misc").get("failed_step").asText()).isEqualTo("docs tests/v1.2");
    String excerpt = fail.get("log_excerpt").asText();
    assertThat(excerpt.codePointCount(0, excerpt.length())).isEqualTo(16384);
    assertThat(LONG_ERROR).startsWith(excerpt);

    JsonNode error = doc.get("builds").get(2);
    assertThat(error.get("status").asText()).isEqualTo("ERROR");
    assertThat(error.get("architecture").asText()).isEqualTo("arm64");
    assertThat(error.get("compiler").asText()).isEqualTo("nightly");
    assertThat(error.get("log_excerpt").asText()).contains("No space left on device");
    assertThat(error.get("misc").get("classification").asText()).isEqualTo("disk-full");
    assertThat(error.get("misc").has("rustc")).isFalse();
  }

  @Test
  void testsAreTheStepsWithPathsKcidbAccepts() {
    ObjectNode doc = report(Optional.empty());
    List<JsonNode> failTests =
        StreamSupport.stream(doc.get("tests").spliterator(), false)
            .filter(t -> t.get("build_id").asText().equals(build(FAIL)))
            .toList();
    assertThat(failTests)
        .extracting(t -> t.get("path").asText())
        .containsExactly(
            "krt.rustavailable", "krt.docs_tests_v1_2", "krt.docs_tests_v1_2", "krt.rust");
    assertThat(failTests)
        .extracting(t -> t.get("id").asText())
        .containsExactly(
            build(FAIL) + "/rustavailable",
            build(FAIL) + "/docs_tests_v1_2",
            build(FAIL) + "/docs_tests_v1_2-2",
            build(FAIL) + "/rust");
    assertThat(failTests)
        .extracting(t -> t.get("status").asText())
        .containsExactly("PASS", "FAIL", "SKIP", "SKIP");
    JsonNode failed = failTests.get(1);
    assertThat(failed.get("duration").asDouble()).isEqualTo(12.0);
    assertThat(failed.get("misc").get("exit_code").asInt()).isEqualTo(2);
    assertThat(failed.get("misc").get("classification").asText()).isEqualTo("rustc-error");
    assertThat(failed.get("log_excerpt").asText()).hasSizeGreaterThan(16000);
    assertThat(failTests.get(3).has("duration")).isFalse();
    assertThat(failTests.get(3).has("misc")).isFalse();
  }

  @Test
  void logUrlsOnlyWithABaseAndThenAbsolute() {
    assertThat(report(Optional.empty()).get("builds"))
        .allSatisfy(b -> assertThat(b.has("log_url")).isFalse());
    JsonNode builds = report(Optional.of(base())).get("builds");
    assertThat(builds.get(0).get("log_url").asText())
        .isEqualTo(
            "https://ci.example.org/krt/runs/"
                + RUN
                + "/"
                + CellKeys.shortKey(PASS)
                + "/build.log.gz");
    assertThat(builds)
        .allSatisfy(b -> assertThat(URI.create(b.get("log_url").asText()).isAbsolute()).isTrue());
    // A base that ends in '/' is the same directory.
    assertThat(report(Optional.of(URI.create(base() + "/"))).get("builds").get(0).get("log_url"))
        .isEqualTo(builds.get(0).get("log_url"));
  }

  @Test
  void optionsKcidbWouldRejectAreInputErrors() {
    assertThat(KcidbJson.ORIGIN.matcher("krt_ci").matches()).isTrue();
    assertThatThrownBy(() -> new KcidbJson.Options("krt-ci", Optional.empty()))
        .isInstanceOf(UserException.class)
        .hasMessageContaining("krt-ci");
    assertThatThrownBy(() -> new KcidbJson.Options("krt", Optional.of(URI.create("logs/"))))
        .isInstanceOf(UserException.class);
    assertThatThrownBy(
            () -> new KcidbJson.Options("krt", Optional.of(URI.create("https://x.org/l?run=1"))))
        .isInstanceOf(UserException.class);
  }

  static URI base() {
    return URI.create("https://ci.example.org/krt/runs/" + RUN);
  }

  static String build(String key) {
    return "krt_ci:" + RUN + "/" + CellKeys.shortKey(key);
  }

  static List<String> ids(JsonNode doc, String list) {
    return StreamSupport.stream(doc.get(list).spliterator(), false)
        .map(n -> n.get("id").asText())
        .toList();
  }

  static int nulls(JsonNode n) {
    if (n.isNull()) {
      return 1;
    }
    int c = 0;
    for (JsonNode child : n) {
      c += nulls(child);
    }
    return c;
  }

  /** A cell key as krt makes them: a sha-256. */
  static String key(String seed) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  static StepRow step(String name, StepStatus s, Integer exit, long ms, String firstError) {
    return new StepRow(
        name,
        s,
        Optional.ofNullable(exit),
        ms,
        Optional.ofNullable(firstError).map(e -> "rustc-error"),
        Optional.ofNullable(firstError));
  }

  static Store.Outcome outcome(
      CellStatus status,
      Optional<String> failedStep,
      Optional<String> firstError,
      Optional<String> metadata,
      List<StepRow> steps) {
    return new Store.Outcome(
        status,
        steps.stream().mapToLong(StepRow::durationMs).sum() + 5_000,
        failedStep,
        firstError.map(e -> "rustc-error"),
        firstError,
        Optional.empty(),
        Optional.empty(),
        metadata,
        Optional.empty(),
        steps);
  }

  /** A cell's metadata.json as {@code matrix.CellMetadata} writes it. */
  static String metadata(String kernel, String version, String rustc, List<String> warnings) {
    return """
        {
          "format" : 1,
          "krt" : { "version" : "dev", "run" : "%1$s", "cell_key" : "k" },
          "build" : {
            "kernel" : "%2$s",
            "kernel_source" : "/usr/src/linux-source-%2$s.tar.xz",
            "kernel_dir" : "/home/u/.cache/krt/kernels/%2$s",
            "kernel_identity" : "tar:3f1c",
            "kernel_version" : "%3$s",
            "toolchain" : "rustc-%4$s",
            "target_arch" : "x86_64",
            "config" : "rust+docs",
            "config_base" : "defconfig",
            "config_fragments" : [ "rust.config", "docs.config" ],
            "make_variables" : [ "LLVM=1" ],
            "jobs" : 16,
            "build_dir" : "/home/u/.cache/krt/builds/k"
          },
          "rust" : {
            "rustc" : "/usr/bin/rustc",
            "bindgen" : "/usr/bin/bindgen",
            "rustc_version" : "%4$s",
            "rustc_version_full" : "rustc %4$s (4d91de4e4 2025-02-17)",
            "rustc_llvm_version" : "19.1.7",
            "bindgen_version" : "0.71.1",
            "libclang_version" : "19.1.7",
            "rustdoc_version" : "%4$s",
            "rustfmt_version" : "1.8.0",
            "clippy_version" : "0.1.85"
          },
          "compiler" : {
            "cc" : "clang",
            "name" : "debian",
            "version" : "clang version 19.1.7 (3+b1)",
            "version_full" : "Debian clang version 19.1.7 (3+b1)"
          },
          "krt_check" : { "verdict" : "available", "exit_code" : 0 },
          "kconfig" : { "CONFIG_RUST" : "y", "CONFIG_RUSTC_VERSION" : "108500" },
          "results" : {
            "status" : "PASS",
            "duration_s" : 90.0,
            "duration" : { "rustavailable" : 0.4 },
            "steps" : { "rustavailable" : "PASS" },
            "log" : "build.log.gz",
            "warnings" : [ %5$s ]
          },
          "system" : { "cores" : 16, "os" : "Linux 6.12.48", "arch" : "amd64" }
        }
        """
        .formatted(
            RUN,
            kernel,
            version,
            rustc,
            String.join(", ", warnings.stream().map(w -> "\"" + w + "\"").toList()));
  }
}
