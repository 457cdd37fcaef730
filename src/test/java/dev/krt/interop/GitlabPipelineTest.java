package dev.krt.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.Store;
import dev.krt.testing.ChildKrt;
import dev.krt.testing.CliHarness;
import dev.krt.testing.JsonSchemas;
import dev.krt.testing.RealProcess;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exported GitLab pipeline run for real by gitlab-ci-local (npm, scripts/ci-tools.sh; shell
 * executor, each job in its own directory as on a GitLab runner): one job per cell on Debian's 6.12
 * tree with three zoo toolchains, then the merging job imports their artifacts. The imported run
 * equals a local run of the same matrix cell by cell, and its KCIDB document is valid.
 */
class GitlabPipelineTest {
  @TempDir Path tmp;

  @Test
  void thePipelineBuildsEveryCellAndTheMergedRunEqualsALocalRun() throws Exception {
    Path gcl = CiTools.bin("gitlab-ci-local");
    Path zoo = Zoo.require();
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Files.createDirectories(repo.resolve("ci"));
    Files.writeString(
        repo.resolve("ci/matrix.yaml"),
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains:
          - name: rustc-web-1.85
            before: echo "before hook of rustc-web-1.85 ran"
          - rustc-web-1.96
          - rustc-1.63
        configs: [defconfig]
        steps: [rustavailable, config]
        """
            .formatted(Zoo.kernel("6.12"), zoo.resolve("toolchains.toml")));

    // The local run first: the jobs then find its probes in the shared cache, as one machine's
    // runs do, so the keys of both runs come from the same facts.
    CliHarness local = new CliHarness(tmp);
    local.env.put("XDG_DATA_HOME", tmp.resolve("local").toString());
    RunKrt.Result l =
        RunKrt.run(local.env, repo, "matrix", "run", "ci/matrix.yaml", "--format", "json");
    assertThat(l.exitCode()).as(l.stderr()).isEqualTo(1); // rustc-1.63 is too old for 6.12
    String localRun = CliHarness.json(l).at("/run/id").asText();

    String krt =
        ChildKrt.argv(List.of("-Xmx512m")).stream()
            .map(dev.krt.shell.ShellQuote::quote)
            .collect(Collectors.joining(" "));
    RunKrt.Result export =
        RunKrt.run(
            local.env,
            repo,
            "matrix",
            "export",
            "ci/matrix.yaml",
            "--to",
            "gitlab-ci",
            "--krt",
            krt,
            "-o",
            ".gitlab-ci.yml");
    assertThat(export.exitCode()).as(export.stderr()).isZero();
    git(repo, "init", "-q");
    git(repo, "add", "-A");
    git(repo, "-c", "user.name=krt", "-c", "user.email=krt@localhost", "commit", "-qm", "matrix");

    Map<String, String> env = new HashMap<>(local.env);
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("XDG_DATA_HOME", tmp.resolve("jobs").toString());
    long t0 = System.nanoTime();
    RealProcess.Result run =
        RealProcess.run(
            List.of(
                gcl.toString(),
                "--no-color",
                "--shell-isolation",
                "--no-artifacts-to-source",
                "--state-dir",
                "../state",
                "--concurrency",
                "1",
                "--home",
                tmp.resolve("home").toString()),
            env,
            new byte[0],
            repo,
            Duration.ofMinutes(20));
    double seconds = (System.nanoTime() - t0) / 1e9;
    String out = run.out() + run.err();
    // A cell failed, so its job and the merging job fail: gitlab-ci-local says so with 1.
    assertThat(run.exitCode()).as(out).isEqualTo(1);
    // The merging job says what the run says (1: a cell failed), not that it failed itself (2).
    assertThat(out).containsPattern("krt-merge +finished in [^\\n]*FAIL 1");
    System.out.printf("gitlab-ci-local: 3 cells in 3 jobs + merge, %.1f s%n", seconds);
    Path state = tmp.resolve("state");
    assertThat(
            Files.readString(
                state
                    .resolve("output")
                    .resolve(safe("6.12 rustc-web-1.85 x86_64 defconfig") + ".log")))
        .contains("before hook of rustc-web-1.85 ran");

    Path merged = state.resolve("artifacts/krt-merge");
    JsonNode kcidb = JsonSchemas.readJson(merged.resolve("kcidb.json"));
    assertThat(JsonSchemas.errors(JsonSchemas.kcidb(), kcidb)).isEmpty();
    assertThat(kcidb.get("builds").size()).isEqualTo(3);
    assertThat(JsonSchemas.readJson(merged.resolve("krt-run.json")).at("/cells").size())
        .isEqualTo(3);

    try (Store imported = Store.open("jdbc:sqlite:" + merged.resolve("krt-merged/krt/krt.db"));
        Store mine = Store.open("jdbc:sqlite:" + tmp.resolve("local/krt/krt.db"))) {
      RunRow run1 = imported.runs().get(0);
      assertThat(imported.runs()).hasSize(1);
      assertThat(run1.specText()).isEqualTo(mine.run(localRun).orElseThrow().specText());
      assertThat(cells(imported, run1.id())).isEqualTo(cells(mine, localRun));
      for (CellRow c : imported.cells(run1.id())) {
        assertThat(c.logPath()).isPresent();
        assertThat(c.logLines()).hasValueSatisfying(n -> assertThat(n).isPositive());
        assertThat(c.metadataJson()).isPresent();
      }
    }

    // The same artifacts imported again (here, from every job's folder) record nothing new.
    Map<String, String> again = new HashMap<>(local.env);
    again.put("XDG_DATA_HOME", merged.resolve("krt-merged").toString());
    RunKrt.Result twice =
        RunKrt.run(again, repo, "matrix", "import", state.resolve("artifacts").toString());
    assertThat(twice.stderr()).contains("imported before");
    assertThat(twice.exitCode()).isEqualTo(1);
  }

  /** What decides a cell's result, in order: key, names, outcome, each step's outcome. */
  private static List<String> cells(Store db, String run) {
    List<String> out = new ArrayList<>();
    for (CellRow c : db.cells(run)) {
      out.add(
          String.join(
              " | ",
              c.key(),
              c.kernel(),
              c.toolchain(),
              c.arch(),
              c.config(),
              c.steps(),
              c.status().wire(),
              c.failedStep().orElse("-"),
              c.classification().orElse("-"),
              c.firstError().orElse("-")));
      for (StepRow s : db.steps(run, c.key())) {
        out.add(
            "  "
                + s.name()
                + " "
                + s.status().wire()
                + " "
                + s.exitCode().map(String::valueOf).orElse("-")
                + " "
                + s.classification().orElse("-"));
      }
    }
    return out;
  }

  /** gitlab-ci-local's directory name for a job: each run of other characters as base64url. */
  private static String safe(String job) {
    StringBuilder b = new StringBuilder();
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("[^\\w-]+").matcher(job);
    int last = 0;
    while (m.find()) {
      b.append(job, last, m.start());
      b.append(
          java.util.Base64.getUrlEncoder()
              .withoutPadding()
              .encodeToString(m.group().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
      last = m.end();
    }
    return b.append(job.substring(last)).toString();
  }

  private static void git(Path repo, String... args) throws IOException {
    List<String> argv = new ArrayList<>(List.of("git"));
    argv.addAll(List.of(args));
    RealProcess.Result r =
        RealProcess.run(
            argv,
            Map.of("PATH", "/usr/bin:/bin", "HOME", repo.getParent().resolve("home").toString()),
            new byte[0],
            repo,
            Duration.ofSeconds(60));
    assertThat(r.exitCode()).as(r.err()).isZero();
  }
}
