package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.interop.PipelineExport;
import dev.krt.interop.PipelineJobs;
import dev.krt.matrix.MatrixSpec;
import dev.krt.matrix.MatrixSpecException;
import dev.krt.matrix.MatrixSpecParser;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code krt matrix export FILE --to gitlab-ci|github-actions}: the matrix as a CI pipeline. */
@Command(
    name = "export",
    header =
        "Writes a GitLab CI pipeline or a GitHub Actions workflow that builds a matrix's cells.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Writes a pipeline with one job per cell of the matrix file (or --shards N jobs of cells; beyond",
      "the platform's limit, 200 GitLab jobs or 256 GitHub matrix jobs, it shards by itself). Each job",
      "runs its kernels' and toolchains' 'before:' commands from the matrix file, then",
      "'krt matrix run FILE --only SELECTOR --results krt-results', and keeps krt-results/ as its",
      "artifact, also when a cell fails. A last job imports every job's results as one run",
      "('krt matrix import') and keeps the run's JSON, its KCIDB document and krt's store as",
      "artifacts. Only the matrix file is read: no toolchain or kernel needs to be here."
    },
    footer = {
      "",
      "Exit codes: 0 written, 2 bad input (matrix file, options).",
      "",
      "Examples:",
      "  krt matrix export ci/matrix.yaml --to gitlab-ci > .gitlab-ci.yml",
      "  krt matrix export ci/matrix.yaml --to github-actions -o .github/workflows/krt.yml",
      "  krt matrix export ci/matrix.yaml --to github-actions --shards 8 --before 'pip install krt'"
    })
public final class MatrixExportCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(
      paramLabel = "MATRIX",
      description = "The matrix file, as the jobs find it in the repository.")
  Path file;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "PLATFORM",
      description = "gitlab-ci or github-actions.")
  String to;

  @Option(
      names = "--shards",
      paramLabel = "N",
      description =
          "N jobs, each building a run of cells in the file's order (default: one job per cell).")
  int shards;

  @Option(
      names = "--krt",
      paramLabel = "COMMAND",
      description = "How a job runs krt (default: krt, from PATH).")
  String krt = "krt";

  @Option(
      names = "--before",
      paramLabel = "COMMAND",
      description = "A command every job runs first, e.g. installing krt (repeatable).")
  List<String> before = new ArrayList<>();

  @Option(
      names = "--runner",
      paramLabel = "LABEL",
      description =
          "GitHub's runs-on (default ubuntu-latest); a GitLab runner tag (default: none).")
  String runner = "";

  @Option(
      names = "--report",
      paramLabel = "URL",
      description =
          "The merging job also sends the run to the krt serve at URL, with the CI secret KRT_TOKEN.")
  URI report;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write here instead of to stdout.")
  Path output;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, MatrixSpecException {
    if (!to.equals("gitlab-ci") && !to.equals("github-actions")) {
      throw new UserException("--to: gitlab-ci or github-actions, not '" + to + "'");
    }
    if (shards < 0) {
      throw new UserException("--shards must be 1 or more");
    }
    if (krt.isBlank() || krt.contains("\n")) {
      throw new UserException("--krt: one command on one line");
    }
    if (before.stream().anyMatch(b -> b.isBlank() || b.indexOf('\0') >= 0)) {
      throw new UserException("--before: not a shell command");
    }
    if (!runner.matches("[A-Za-z0-9._:/-]*")) {
      throw new UserException("--runner: one label (letters, digits, '.', '_', ':', '/', '-')");
    }
    ReportOption.url(report);
    if (file.isAbsolute()) {
      throw new UserException(
          "give the matrix file's path inside the repository, as the jobs see it (not "
              + file
              + ")");
    }
    MatrixSpec spec = MatrixSpecParser.read(ctx.cwd().resolve(file));
    boolean gitlab = to.equals("gitlab-ci");
    List<PipelineJobs.Job> jobs =
        PipelineJobs.of(
            spec,
            gitlab ? PipelineExport.GITLAB_JOBS : PipelineExport.GITHUB_JOBS,
            shards,
            gitlab ? "GitLab" : "GitHub Actions");
    PipelineExport.Options o =
        new PipelineExport.Options(
            file.toString(), krt, List.copyOf(before), runner, Optional.ofNullable(report));
    String text =
        gitlab ? PipelineExport.gitlab(spec, jobs, o) : PipelineExport.github(spec, jobs, o);
    if (output == null) {
      ctx.out().print(text);
    } else {
      Path out = ctx.cwd().resolve(output);
      if (out.getParent() != null) {
        java.nio.file.Files.createDirectories(out.getParent());
      }
      dev.krt.cache.AtomicFiles.write(out, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      ctx.err().println("krt: wrote " + out + " (" + jobs.size() + " jobs and a merging one)");
    }
    return ExitCodes.OK;
  }
}
