package dev.krt.interop;

import dev.krt.matrix.MatrixSpec;
import dev.krt.shell.ShellQuote;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Represent;
import org.yaml.snakeyaml.representer.Representer;

/**
 * {@code krt matrix export}: a matrix file as a GitLab CI pipeline or a GitHub Actions workflow.
 * Jobs ({@link PipelineJobs}) run their kernels' and toolchains' {@code before:} commands, then krt
 * on their cells, keep the results as artifacts (also when a cell fails), and a last job imports
 * them all as one run and writes its JSON and KCIDB documents. krt never downloads anything:
 * setting up toolchains is the {@code before:} commands' job.
 */
public final class PipelineExport {
  /** GitHub: "a matrix will generate a maximum of 256 jobs per workflow run". */
  public static final int GITHUB_JOBS = 256;

  /** GitLab: at most 200 jobs from one {@code parallel:matrix}; krt keeps to it for its jobs. */
  public static final int GITLAB_JOBS = 200;

  /** GitHub-hosted runners stop a job after 6 hours. */
  static final long GITHUB_MAX_MINUTES = 360;

  static final String RESULTS = "krt-results";
  static final String MERGED = "krt-merged";

  /**
   * @param matrix the matrix file's path in the repository, as the jobs see it
   * @param krt the command that runs krt in a job (default {@code krt}, from PATH)
   * @param before commands every job runs first (installing krt, say)
   * @param runner GitHub's {@code runs-on}; GitLab's runner tag (empty: none)
   * @param report a krt serve the merging job sends the run to (with $KRT_TOKEN)
   */
  public record Options(
      String matrix, String krt, List<String> before, String runner, Optional<URI> report) {}

  private PipelineExport() {}

  public static String gitlab(MatrixSpec spec, List<PipelineJobs.Job> jobs, Options o) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("stages", List.of("cells", "merge"));
    Map<String, Object> template = new LinkedHashMap<>();
    template.put("stage", "cells");
    if (!o.runner().isEmpty()) {
      template.put("tags", List.of(o.runner()));
    }
    template.put("interruptible", true);
    template.put(
        "artifacts",
        map("when", "always", "paths", List.of(RESULTS + "/"), "expire_in", "30 days"));
    root.put(".krt-cell", template);
    for (PipelineJobs.Job j : jobs) {
      Map<String, Object> job = new LinkedHashMap<>();
      job.put("extends", ".krt-cell");
      job.put("timeout", minutes(j.timeout(), Long.MAX_VALUE) + " minutes");
      job.put("script", script(o, j));
      root.put(j.name(), job);
    }
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("stage", "merge");
    if (!o.runner().isEmpty()) {
      merge.put("tags", List.of(o.runner()));
    }
    // No needs: one job may need at most 50 others; a later stage gets every earlier artifact.
    merge.put("when", "always");
    merge.put("variables", map("XDG_DATA_HOME", "$CI_PROJECT_DIR/" + MERGED));
    merge.put("script", mergeScript(o));
    merge.put(
        "artifacts",
        map(
            "when",
            "always",
            "paths",
            List.of(MERGED + "/", "krt-run.json", "kcidb.json"),
            "expire_in",
            "30 days"));
    root.put("krt-merge", merge);
    return header(spec, jobs, "GitLab CI") + dump(root);
  }

  public static String github(MatrixSpec spec, List<PipelineJobs.Job> jobs, Options o) {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("name", "krt matrix " + spec.file().getFileName());
    root.put("on", map("workflow_dispatch", Map.of(), "push", Map.of()));
    Map<String, Object> jobsNode = new LinkedHashMap<>();
    List<Object> include = new ArrayList<>();
    long longest = 0;
    for (PipelineJobs.Job j : jobs) {
      include.add(
          map("cell", j.name(), "only", j.selector(), "before", String.join("\n", j.before())));
      longest = Math.max(longest, minutes(j.timeout(), GITHUB_MAX_MINUTES));
    }
    String runsOn = o.runner().isEmpty() ? "ubuntu-latest" : o.runner();
    Map<String, Object> cells = new LinkedHashMap<>();
    cells.put("name", "${{ matrix.cell }}");
    cells.put("runs-on", runsOn);
    cells.put("timeout-minutes", longest);
    cells.put("strategy", map("fail-fast", false, "matrix", map("include", include)));
    cells.put(
        "steps",
        List.of(
            map("uses", "actions/checkout@v4"),
            map(
                "name",
                "krt matrix run",
                "env",
                map("KRT_ONLY", "${{ matrix.only }}", "KRT_BEFORE", "${{ matrix.before }}"),
                // The hooks run in krt's shell, so what they export reaches krt.
                "run",
                lines(o.before())
                    + "eval \"$KRT_BEFORE\"\n"
                    + "cd \"$GITHUB_WORKSPACE\"\n"
                    + o.krt()
                    + " matrix run "
                    + ShellQuote.quote(o.matrix())
                    + " --only \"$KRT_ONLY\" --results "
                    + RESULTS
                    + "\n"),
            upload(
                "krt-results-${{ strategy.job-index }}",
                RESULTS + "/",
                "if-no-files-found",
                "warn")));
    jobsNode.put("cells", cells);
    Map<String, Object> merge = new LinkedHashMap<>();
    merge.put("name", "krt merge");
    merge.put("needs", "cells");
    merge.put("if", "always()");
    merge.put("runs-on", runsOn);
    Map<String, Object> env = map("XDG_DATA_HOME", "${{ github.workspace }}/" + MERGED);
    if (o.report().isPresent()) {
      env.put("KRT_TOKEN", "${{ secrets.KRT_TOKEN }}");
    }
    merge.put("env", env);
    merge.put(
        "steps",
        List.of(
            map("uses", "actions/checkout@v4"),
            map(
                "uses",
                "actions/download-artifact@v4",
                "with",
                map("pattern", "krt-results-*", "path", RESULTS)),
            map("name", "krt matrix import", "run", mergeScript(o)),
            upload(MERGED, MERGED + "/\nkrt-run.json\nkcidb.json\n")));
    jobsNode.put("merge", merge);
    root.put("jobs", jobsNode);
    return header(spec, jobs, "GitHub Actions") + dump(root);
  }

  private static List<String> script(Options o, PipelineJobs.Job j) {
    List<String> s = new ArrayList<>(o.before());
    s.addAll(j.before());
    // A hook may change directory; krt's paths are the checkout's.
    s.add("cd \"$CI_PROJECT_DIR\"");
    s.add(
        o.krt()
            + " matrix run "
            + ShellQuote.quote(o.matrix())
            + " --only "
            + ShellQuote.quote(j.selector())
            + " --results "
            + RESULTS);
    return s;
  }

  /** Imports every job's results as one run; fails (after writing everything) if a cell did. */
  private static String mergeScript(Options o) {
    String report = o.report().map(u -> " --report " + ShellQuote.quote(u.toString())).orElse("");
    return lines(o.before())
        + "status=0\n"
        + o.krt()
        + " matrix import "
        + RESULTS
        + report
        + " || status=$?\n"
        + o.krt()
        // show's 1 says a cell failed, which import said already; 2 is a problem of its own.
        + " matrix show --format json > krt-run.json || [ $? -eq 1 ] || status=2\n"
        + o.krt()
        + " matrix results --to kcidb > kcidb.json || status=2\n"
        + "exit $status\n";
  }

  private static String header(MatrixSpec spec, List<PipelineJobs.Job> jobs, String platform) {
    int cells = jobs.stream().mapToInt(j -> j.cells().size()).sum();
    return "# "
        + platform
        + " pipeline for the krt matrix "
        + spec.file().getFileName()
        + ": "
        + cells
        + " cells in "
        + jobs.size()
        + " jobs, then one that imports their results as one run.\n"
        + "# Written by 'krt matrix export'; write it again when the matrix changes (docs/pipelines.md).\n";
  }

  private static String lines(List<String> commands) {
    StringBuilder b = new StringBuilder();
    commands.forEach(c -> b.append(c).append('\n'));
    return b.toString();
  }

  /** Keeps files as an artifact, also when a step failed; {@code with} adds upload options. */
  private static Map<String, Object> upload(String name, String path, Object... with) {
    Map<String, Object> w = map("name", name, "path", path);
    w.putAll(map(with));
    // A job run again replaces its artifact instead of failing on the name.
    w.put("overwrite", true);
    return map("uses", "actions/upload-artifact@v4", "if", "always()", "with", w);
  }

  private static long minutes(Duration d, long max) {
    // A job's own set-up and krt's planning take a while beyond its steps.
    return Math.min(max, d.toMinutes() + 15);
  }

  private static Map<String, Object> map(Object... kv) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /**
   * Block YAML, scripts of several lines as literal blocks, "on" quoted (YAML 1.1 reads it as
   * true).
   */
  static String dump(Map<String, Object> root) {
    DumperOptions d = new DumperOptions();
    d.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    d.setIndent(2);
    d.setIndicatorIndent(0);
    d.setWidth(1000);
    d.setSplitLines(false);
    // A value used twice is written twice: CI readers need not know YAML's anchors.
    d.setDereferenceAliases(true);
    Representer r = new Literal(d);
    return new Yaml(r, d).dump(root);
  }

  private static final class Literal extends Representer {
    Literal(DumperOptions d) {
      super(d);
      Represent plain = this.representers.get(String.class);
      this.representers.put(
          String.class,
          data -> {
            String s = (String) data;
            if (s.contains("\n")) {
              return representScalar(Tag.STR, s, DumperOptions.ScalarStyle.LITERAL);
            }
            Node n = plain.representData(data);
            return n;
          });
    }
  }
}
