package dev.krt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.JsonSchemas;
import dev.krt.testing.RealProcess;
import dev.krt.testing.RunKrt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code krt matrix export}: the pipelines as golden files (regenerate with {@code
 * -Dkrt.golden.update=true} and review the diff like code), each valid against its platform's
 * published schema (../shared/reference/interop/), the GitHub one also by action-validator (npm,
 * scripts/ci-tools.sh), and the platforms' job limits kept.
 */
class PipelineExportTest {
  private static final Path DIR = Path.of("src/test/resources/dev/krt/interop");

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of("gitlab-ci.yml", List.of("--to", "gitlab-ci")),
        Arguments.of(
            "gitlab-ci-shards.yml",
            List.of(
                "--to",
                "gitlab-ci",
                "--shards",
                "4",
                "--runner",
                "kernel",
                "--before",
                "pipx install krt")),
        Arguments.of("github-actions.yml", List.of("--to", "github-actions")),
        Arguments.of(
            "github-actions-shards.yml",
            List.of(
                "--to",
                "github-actions",
                "--shards",
                "4",
                "--report",
                "https://krt.example.org/",
                "--krt",
                "./krt")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void writesTheGoldenPipelineAndItIsValid(String golden, List<String> options) throws Exception {
    String yaml = export(DIR, options);
    Path file = DIR.resolve(golden);
    if (Boolean.getBoolean("krt.golden.update")) {
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (write it with -Dkrt.golden.update=true)").isRegularFile();
    assertThat(yaml).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
    JsonNode doc = JsonSchemas.readYaml(yaml);
    boolean gitlab = golden.startsWith("gitlab");
    assertThat(
            JsonSchemas.errors(gitlab ? JsonSchemas.gitlabCi() : JsonSchemas.githubWorkflow(), doc))
        .isEmpty();
    if (!gitlab) {
      assertThat(doc.has("on")).as("'on' stays a key, not YAML 1.1's true").isTrue();
      Path wf = Files.createTempFile("krt-workflow", ".yml");
      try {
        Files.writeString(wf, yaml);
        RealProcess.Result r = actionValidator(wf);
        assertThat(r.exitCode()).as(r.err()).isZero();
      } finally {
        Files.delete(wf);
      }
    }
  }

  @Test
  void theSchemasCanFail() throws Exception {
    String gitlab =
        export(DIR, List.of("--to", "gitlab-ci")).replace("when: always", "when: sometimes");
    assertThat(JsonSchemas.errors(JsonSchemas.gitlabCi(), JsonSchemas.readYaml(gitlab)))
        .isNotEmpty();
    String github = export(DIR, List.of("--to", "github-actions")).replace("runs-on:", "runs-onn:");
    assertThat(JsonSchemas.errors(JsonSchemas.githubWorkflow(), JsonSchemas.readYaml(github)))
        .isNotEmpty();
    Path wf = Files.createTempFile("krt-workflow", ".yml");
    try {
      Files.writeString(wf, github);
      assertThat(actionValidator(wf).exitCode()).isNotZero();
    } finally {
      Files.delete(wf);
    }
  }

  @Test
  void oneJobPerCellEachSelectingItsCellWithItsHooks() throws Exception {
    JsonNode doc = JsonSchemas.readYaml(export(DIR, List.of("--to", "gitlab-ci")));
    List<String> jobs = new ArrayList<>();
    doc.fieldNames().forEachRemaining(jobs::add);
    // 1 kernel x 3 toolchains x 1 arch x 2 configs, a template, the stages and the merge.
    assertThat(jobs).hasSize(6 + 3);
    JsonNode cell = doc.get("6.12 rustup-stable x86_64 rust");
    String script = cell.get("script").toString();
    assertThat(script)
        .contains("apt-get install -y linux-source-6.12")
        .contains("rustup toolchain install stable")
        .doesNotContain("rustc-web bindgen")
        .contains(
            "krt matrix run ci/matrix.yaml --only kernel=6.12,toolchain=rustup-stable,arch=x86_64,config=rust --results krt-results");
    // Every step's timeout (2m + 4 x 20m) and a quarter hour for the rest.
    assertThat(cell.get("timeout").asText()).isEqualTo("97 minutes");
    assertThat(doc.get("krt-merge").has("needs")).isFalse();
    assertThat(doc.get("krt-merge").get("when").asText()).isEqualTo("always");
  }

  @Test
  void beyondThePlatformsLimitsItShards(@TempDir Path tmp) throws Exception {
    // 3 kernels x 10 toolchains x 1 arch x 10 configs = 300 cells.
    StringBuilder m = new StringBuilder("kernels: [k1, k2, k3]\ntoolchains: [");
    for (int i = 0; i < 10; i++) {
      m.append(i == 0 ? "" : ", ").append("t").append(i);
    }
    m.append("]\nconfigs: [");
    for (int i = 0; i < 10; i++) {
      m.append(i == 0 ? "" : ", ").append("c").append(i).append("config");
    }
    m.append("]\nsteps: [rustavailable]\n");
    Files.createDirectories(tmp.resolve("ci"));
    Files.writeString(tmp.resolve("ci/matrix.yaml"), m);
    JsonNode gh = JsonSchemas.readYaml(export(tmp, List.of("--to", "github-actions")));
    JsonNode include = gh.at("/jobs/cells/strategy/matrix/include");
    assertThat(include.size()).isEqualTo(PipelineExport.GITHUB_JOBS);
    assertThat(include.get(0).get("only").asText()).isEqualTo("shard=1/256");
    JsonNode gl = JsonSchemas.readYaml(export(tmp, List.of("--to", "gitlab-ci")));
    List<String> shards = new ArrayList<>();
    gl.fieldNames()
        .forEachRemaining(
            n -> {
              if (n.startsWith("krt shard ")) {
                shards.add(n);
              }
            });
    assertThat(shards).hasSize(PipelineExport.GITLAB_JOBS);
    RunKrt.Result tooMany =
        RunKrt.run(
            Map.of(),
            tmp,
            "matrix",
            "export",
            "ci/matrix.yaml",
            "--to",
            "github-actions",
            "--shards",
            "257");
    assertThat(tooMany.exitCode()).isEqualTo(2);
    assertThat(tooMany.stderr()).contains("at most 256 jobs").doesNotContain("Exception");
  }

  @Test
  void refusesWhatAJobCouldNotRun(@TempDir Path tmp) throws Exception {
    RunKrt.Result abs =
        RunKrt.run(
            Map.of(),
            tmp,
            "matrix",
            "export",
            DIR.toAbsolutePath().resolve("ci/matrix.yaml").toString(),
            "--to",
            "gitlab-ci");
    assertThat(abs.exitCode()).isEqualTo(2);
    assertThat(abs.stderr()).contains("inside the repository");
    RunKrt.Result platform =
        RunKrt.run(Map.of(), DIR, "matrix", "export", "ci/matrix.yaml", "--to", "jenkins");
    assertThat(platform.exitCode()).isEqualTo(2);
    assertThat(platform.stderr()).contains("gitlab-ci or github-actions");
  }

  @Test
  void aHookWithAGithubExpressionIsRefused(@TempDir Path tmp) throws Exception {
    Files.createDirectories(tmp.resolve("ci"));
    Files.writeString(
        tmp.resolve("ci/matrix.yaml"),
        "kernels: [/k]\ntoolchains: [{name: t, before: 'echo ${{ github.event.head_commit.message }}'}]\nconfigs: [defconfig]\nsteps: [rustavailable]\n");
    RunKrt.Result r =
        RunKrt.run(Map.of(), tmp, "matrix", "export", "ci/matrix.yaml", "--to", "github-actions");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("CI expressions do not go into hooks");
  }

  static String export(Path cwd, List<String> options) {
    List<String> args = new ArrayList<>(List.of("matrix", "export", "ci/matrix.yaml"));
    args.addAll(options);
    RunKrt.Result r = RunKrt.run(Map.of(), cwd.toAbsolutePath(), args.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout();
  }

  /** action-validator from scripts/ci-tools.sh; missing: fails under CI, skips elsewhere. */
  static RealProcess.Result actionValidator(Path workflow) throws IOException {
    Path av = CiTools.bin("action-validator");
    return RealProcess.run(
        List.of(av.toString(), workflow.toString()),
        Map.of("PATH", "/usr/local/bin:/usr/bin:/bin"),
        new byte[0],
        workflow.getParent(),
        Duration.ofSeconds(60));
  }
}
