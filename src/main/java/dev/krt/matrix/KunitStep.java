package dev.krt.matrix;

import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A cell's {@code kunit} step: the tree's own {@code tools/testing/kunit/kunit.py run}, which
 * configures a small kernel from the step's {@code .kunitconfig}, builds it with the cell's
 * toolchain ({@code --make_options}) in {@code O=/kunit}, boots it (under {@code qemu-system-ARCH}
 * for a machine arch, as a process for {@code um}) and reads its KTAP. krt reads the same console
 * ({@code test.log}) itself and keeps one result per test.
 */
final class KunitStep implements Consumer<String> {
  /** The console krt reads: more than any test run prints, less than a flood costs. */
  static final int MAX_CONSOLE = 16 << 20;

  private final MatrixPlan.Cell cell;
  private final MatrixSpec.StepSpec step;
  private final Path kunitDir;
  private final Path kunitconfig;
  private final int jobs;
  private String kunitError;
  private String missingOptions;

  KunitStep(MatrixPlan.Cell cell, MatrixSpec.StepSpec step, Path buildDir, int jobs) {
    this.cell = cell;
    this.step = step;
    this.kunitDir = buildDir.resolve("kunit");
    this.kunitconfig = buildDir.resolve("kunit.config");
    this.jobs = jobs;
  }

  /** kunit.py's {@code --arch}: the kernel ARCH, with {@code um} for User Mode Linux. */
  String kunitArch() {
    return cell.arch().arch();
  }

  /** The emulator kunit.py starts for this arch (its qemu_configs name it the same way). */
  Optional<String> qemu() {
    return switch (kunitArch()) {
      case "um" -> Optional.empty();
      case "arm64" -> Optional.of("qemu-system-aarch64");
      case "riscv" -> Optional.of("qemu-system-riscv64");
      case "loongarch" -> Optional.of("qemu-system-loongarch64");
      default -> Optional.of("qemu-system-" + kunitArch());
    };
  }

  private Path script() {
    return cell.kernel().dir().resolve("tools/testing/kunit/kunit.py");
  }

  /** What is not here to run the step, said as the fix. */
  Optional<String> missing(Map<String, String> env) {
    if (!Files.isRegularFile(script())) {
      return Optional.of("this tree has no tools/testing/kunit/kunit.py");
    }
    if (onPath("python3", env).isEmpty()) {
      return Optional.of(
          "python3 is not installed (kunit.py is Python; Debian: apt install python3)");
    }
    if (qemu().isPresent() && onPath(qemu().get(), env).isEmpty()) {
      String pkg =
          qemu().get().equals("qemu-system-aarch64") ? "qemu-system-arm" : "qemu-system-x86";
      return Optional.of(
          qemu().get()
              + " is not installed (kunit.py boots the kernel with it; Debian: apt install "
              + (kunitArch().equals("x86_64") || kunitArch().equals("i386")
                  ? "qemu-system-x86"
                  : pkg.equals("qemu-system-arm") ? pkg : "qemu-system-misc")
              + ")");
    }
    return Optional.empty();
  }

  private static Optional<Path> onPath(String program, Map<String, String> env) {
    for (String d : env.getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
      if (!d.isEmpty()) {
        Path p = Path.of(d, program);
        if (Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /** Writes the {@code .kunitconfig} kunit.py is given. */
  void prepare() throws IOException {
    Files.createDirectories(kunitDir);
    Files.writeString(kunitconfig, String.join("\n", step.kunitconfig()) + "\n");
  }

  List<String> argv() {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "python3",
                script().toString(),
                "run",
                "--arch",
                kunitArch(),
                "--build_dir",
                kunitDir.toString(),
                "--kunitconfig",
                kunitconfig.toString(),
                "--jobs",
                Integer.toString(jobs),
                "--timeout",
                Long.toString(step.timeout().toSeconds())));
    List<String> vars = new ArrayList<>(cell.toolchain().makeVariables());
    step.makeVariables().forEach((k, v) -> vars.add(k + "=" + v));
    for (String v : vars) {
      argv.add("--make_options");
      argv.add(v);
    }
    return argv;
  }

  /** No byte-code files written into the kernel's tools/ (they would change its content key). */
  Map<String, String> environment(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>(env);
    out.put("PYTHONDONTWRITEBYTECODE", "1");
    return out;
  }

  /** kunit.py's own complaints: its first {@code ERROR:} line, Kconfig's missing options. */
  @Override
  public void accept(String line) {
    if (kunitError == null && line.startsWith("ERROR:")) {
      kunitError = line.replaceFirst("^ERROR:(root:)?", "").trim();
    }
    if (missingOptions == null && line.startsWith("Missing: ")) {
      missingOptions = line.substring("Missing: ".length()).trim();
    }
  }

  record Outcome(
      Optional<LogClassifier.Classification> failure, List<TestRow> tests, List<String> notes) {}

  Outcome outcome(int exitCode, Optional<LogClassifier.Classification> buildFailure, long logLine)
      throws IOException {
    Ktap.Report report = Ktap.parse(console());
    List<String> notes = new ArrayList<>();
    if (report.found()) {
      notes.add(
          "kunit: "
              + report.tests().size()
              + " tests: "
              + report.count(StepStatus.PASS)
              + " passed, "
              + report.count(StepStatus.FAIL)
              + " failed, "
              + report.count(StepStatus.SKIPPED)
              + " skipped");
      report.problems().forEach(p -> notes.add("kunit: " + p));
    }
    Optional<LogClassifier.Classification> failure = Optional.empty();
    if (report.count(StepStatus.FAIL) > 0) {
      List<TestRow> failed =
          report.tests().stream().filter(t -> t.status() == StepStatus.FAIL).toList();
      String first =
          failed.get(0).lines().map(l -> ": " + l.lines().findFirst().orElse("")).orElse("");
      failure =
          Optional.of(
              cls(
                  "test-failed",
                  failed.size()
                      + " of "
                      + report.tests().size()
                      + " tests failed: "
                      + String.join(", ", failed.stream().limit(3).map(TestRow::id).toList())
                      + (failed.size() > 3 ? ", ..." : "")
                      + (failed.size() == 1 ? first : ""),
                  logLine));
    } else if (report.found() && !report.complete() && exitCode != 0) {
      failure = Optional.of(cls("tests-incomplete", report.problems().get(0), logLine));
    } else if (exitCode != 0 && !report.found()) {
      if (missingOptions != null) {
        failure =
            Optional.of(
                cls(
                    missingOptions.contains("CONFIG_RUST=y")
                        ? "kconfig-refused-rust"
                        : "kconfig-mismatch",
                    "kunit.py: Kconfig did not keep " + missingOptions,
                    logLine));
      } else {
        failure =
            Optional.of(
                buildFailure.orElse(
                    cls(
                        "kunit-error",
                        "kunit.py exited with "
                            + exitCode
                            + (kunitError == null ? "" : ": " + kunitError),
                        logLine)));
      }
    } else if (exitCode != 0) {
      failure =
          Optional.of(
              cls(
                  "kunit-error",
                  "kunit.py exited with "
                      + exitCode
                      + " though every test passed"
                      + (kunitError == null ? "" : ": " + kunitError),
                  logLine));
    } else if (!report.found()) {
      failure =
          Optional.of(
              cls("tests-incomplete", "kunit.py passed but the kernel printed no KTAP", logLine));
    }
    return new Outcome(failure, report.tests(), notes);
  }

  private static LogClassifier.Classification cls(String kind, String msg, long line) {
    return new LogClassifier.Classification(kind, msg, Optional.empty(), line);
  }

  /** The booted kernel's console as kunit.py kept it; at most {@link #MAX_CONSOLE} bytes. */
  private List<String> console() throws IOException {
    Path log = kunitDir.resolve("test.log");
    if (!Files.isRegularFile(log)) {
      return List.of();
    }
    byte[] bytes;
    try (InputStream in = Files.newInputStream(log)) {
      bytes = in.readNBytes(MAX_CONSOLE);
    }
    return new String(bytes, StandardCharsets.UTF_8).lines().toList();
  }
}
