package dev.krt.features;

import dev.krt.process.ChildEnvironment;
import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessSpec;
import dev.krt.toolchain.PathLookup;
import dev.krt.toolchain.Toolchain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Asks a toolchain's own rustc about a list of features in one run, and about -Z flags in one
 * {@code -Z help} run (plus {@code -vV} for its version). All three go through the probe cache, so
 * an unchanged compiler is not asked twice. The crate comes on stdin and nothing is written but
 * into a private output directory (never {@code -o /dev/null}).
 */
public final class FeatureProbe {
  private final ProcessExecutor exec;
  private final Map<String, String> baseEnv;
  private final Path cwd;
  private final Path outDir;
  private final Duration timeout;
  private static final int CAP = 4 << 20;

  /**
   * @param outDir rustc's {@code --out-dir}: fixed (so cached runs match) and private to krt; with
   *     {@code --emit=metadata} and the sentinel error rustc writes nothing into it
   */
  public FeatureProbe(
      ProcessExecutor exec, Map<String, String> baseEnv, Path cwd, Path outDir, Duration timeout) {
    this.exec = exec;
    this.baseEnv = Map.copyOf(baseEnv);
    this.cwd = cwd;
    this.outDir = outDir;
    this.timeout = timeout;
  }

  public ToolchainFeatures probe(Toolchain tc, List<String> features) throws IOException {
    List<String> problems = new ArrayList<>();
    Map<String, String> env = new HashMap<>(ChildEnvironment.inherited(baseEnv));
    env.putAll(tc.env());
    env.put("LC_ALL", "C");
    // Unstable features are what is asked about: the kernel's own build sets the same.
    env.put("RUSTC_BOOTSTRAP", "1");
    env.remove("RUSTFLAGS");
    Optional<Path> rustc = new PathLookup(env, cwd).find(tc.rustc());
    if (rustc.isEmpty()) {
      problems.add("rustc '" + tc.rustc() + "' not found");
      return inconclusive(
          tc, features, Optional.empty(), Optional.empty(), problems, "rustc not found");
    }
    String prog = rustc.get().toString();
    Files.createDirectories(outDir);

    ProcessResult vv = run(List.of(prog, "-vV"), env, null);
    Optional<String> versionLine =
        vv.ok() ? Optional.of(vv.stdoutText().split("\n", 2)[0].strip()) : Optional.empty();
    Optional<String> version = vv.ok() ? release(vv.stdoutText()) : Optional.empty();
    if (!vv.ok()) {
      problems.add(describe("rustc -vV", vv));
    }
    if (vv.timedOut()) {
      // A compiler that hangs on -vV would hang twice more: do not wait for it again.
      return inconclusive(tc, features, version, versionLine, problems, describe("rustc -vV", vv));
    }

    Map<String, FeatureStatus> statuses;
    List<String> argv =
        List.of(
            prog,
            "--crate-name",
            "krt_feature_probe",
            "--crate-type",
            "lib",
            "--edition=2018",
            "--emit=metadata",
            "--out-dir",
            outDir.toString(),
            "--error-format=json",
            "-");
    ProcessResult r =
        run(argv, env, FeatureDiagnostics.source(features).getBytes(StandardCharsets.UTF_8));
    if (r.timedOut() || r.startError().isPresent() || r.signal().isPresent() || r.truncated()) {
      String why = describe("the feature probe", r);
      problems.add(why);
      statuses = inconclusiveStatuses(features, why);
    } else {
      FeatureDiagnostics.Result c = FeatureDiagnostics.classify(features, r.stderrText());
      statuses = c.statuses();
      c.problem()
          .ifPresent(
              p ->
                  problems.add(
                      "the feature probe (exit "
                          + r.exitCode()
                          + "): "
                          + p
                          + lastLine(r.stderrText())));
    }

    if (r.timedOut()) {
      return new ToolchainFeatures(
          tc, version, versionLine, statuses, Optional.empty(), List.copyOf(problems));
    }
    ProcessResult zh = run(List.of(prog, "-Z", "help"), env, null);
    Optional<Set<String>> zflags = Optional.empty();
    if (zh.truncated()) {
      problems.add(describe("rustc -Z help", zh));
    } else if (zh.ok()) {
      Set<String> z = FeatureDiagnostics.zflags(zh.stdoutText());
      if (z.isEmpty()) {
        problems.add("rustc -Z help listed no flags");
      } else {
        zflags = Optional.of(z);
      }
    } else {
      problems.add(describe("rustc -Z help", zh));
    }
    return new ToolchainFeatures(tc, version, versionLine, statuses, zflags, List.copyOf(problems));
  }

  private ProcessResult run(List<String> argv, Map<String, String> env, byte[] stdin) {
    return exec.run(new ProcessSpec(argv, env, cwd, stdin, timeout, CAP));
  }

  /** {@code release: 1.97.0-nightly} of {@code rustc -vV}, else the version on its first line. */
  static Optional<String> release(String vv) {
    for (String line : vv.split("\n")) {
      if (line.startsWith("release: ")) {
        return Optional.of(line.substring("release: ".length()).strip());
      }
    }
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("^rustc (\\d+\\.\\d+\\.\\d+\\S*)").matcher(vv);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private String describe(String what, ProcessResult r) {
    if (r.timedOut()) {
      return what
          + " did not finish within "
          + timeout.toSeconds()
          + " s (--probe-timeout) and was stopped";
    }
    if (r.truncated()) {
      return what + " printed more than krt reads (" + (CAP >> 20) + " MiB): its answer is cut off";
    }
    if (r.startError().isPresent()) {
      return what + " could not start: " + r.startError().get();
    }
    if (r.signal().isPresent()) {
      return what + " was killed by signal " + r.signal().get() + lastLine(r.stderrText());
    }
    return what + " failed with exit code " + r.exitCode() + lastLine(r.stderrText());
  }

  private static String lastLine(String stderr) {
    String[] lines = stderr.strip().split("\n");
    String l = lines[lines.length - 1].strip();
    if (l.isEmpty() || l.startsWith("{")) {
      return "";
    }
    return ": " + (l.length() > 160 ? l.substring(0, 160) + "..." : l);
  }

  private static Map<String, FeatureStatus> inconclusiveStatuses(
      List<String> features, String why) {
    Map<String, FeatureStatus> m = new java.util.LinkedHashMap<>();
    for (String f : features) {
      m.put(
          f,
          new FeatureStatus(
              f,
              FeatureStatus.Kind.INCONCLUSIVE,
              Optional.empty(),
              Optional.empty(),
              Optional.of(why)));
    }
    return m;
  }

  private static ToolchainFeatures inconclusive(
      Toolchain tc,
      List<String> features,
      Optional<String> v,
      Optional<String> line,
      List<String> problems,
      String why) {
    return new ToolchainFeatures(
        tc, v, line, inconclusiveStatuses(features, why), Optional.empty(), List.copyOf(problems));
  }
}
