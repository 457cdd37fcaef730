package dev.krt.check;

import dev.krt.shell.DashText;
import dev.krt.shell.ShellArith;
import dev.krt.shell.ShellWords;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import java.util.List;
import java.util.Optional;

/**
 * {@code scripts/cc-version.sh $CC}, which the checker runs to learn whether CC is Clang: it feeds
 * the preprocessor a snippet that expands to {@code Clang MAJOR MINOR PATCH} (or {@code GCC ...}),
 * checks the minimum and prints {@code NAME CODE}, or complains on stderr.
 */
public final class CcVersionScript {
  private CcVersionScript() {}

  /**
   * The preprocessor input, equivalent to the kernel script's here-document; trees up to v6.1 also
   * recognise the Intel compiler.
   */
  public static String probe(boolean icc) {
    return "#if defined(__clang__)\n"
        + "Clang\t__clang_major__  __clang_minor__  __clang_patchlevel__\n"
        + (icc
            ? "#elif defined(__INTEL_COMPILER)\nICC\t__INTEL_COMPILER  __INTEL_COMPILER_UPDATE\n"
            : "")
        + "#elif defined(__GNUC__)\n"
        + "GCC\t__GNUC__  __GNUC_MINOR__  __GNUC_PATCHLEVEL__\n"
        + "#else\n"
        + "unknown\n"
        + "#endif\n";
  }

  /**
   * @param name what {@code cut -f1 -d' '} makes of its stdout ({@code Clang}, {@code GCC}, or
   *     empty)
   * @param version the version as the script assembles it ({@code $2.$3.$4}), if identified
   * @param code the canonical version printed, if any
   * @param stderr what it wrote to stderr (passes through the checker)
   * @param findingId {@code cc-unknown}, {@code cc-too-old} or {@code cc-error}, for the stderr;
   *     empty when the script printed nothing
   */
  public record Result(
      String name,
      Optional<String> version,
      Optional<Long> code,
      String stderr,
      Optional<FindingId> findingId) {}

  public static Result run(List<String> ccWords, CheckerProbes probes, String checkerPath) {
    String origArgs = String.join(" ", ccWords);
    String scriptPath = dirname(checkerPath) + "/cc-version.sh";
    Optional<String> script = probes.ccVersionScript();
    boolean icc = script.map(s -> s.contains("ICC)")).orElse(false);
    List<String> words;
    String signal = "";
    if (ccWords.isEmpty() || ccWords.get(0).isEmpty()) {
      words = List.of();
    } else {
      Run pre = probes.ccPreprocess(ccWords, probe(icc));
      if (!pre.timedOut() && pre.note().isEmpty()) {
        signal = dev.krt.shell.SignalNames.forStatus(pre.code()).map(m -> m + "\n").orElse("");
      }
      words = ShellWords.split(pre.out());
    }
    Result r = identify(words, origArgs, probes, scriptPath, script, icc);
    if (signal.isEmpty()) {
      return r;
    }
    // dash reports the preprocessor's death before anything cc-version.sh prints.
    return new Result(
        r.name(),
        r.version(),
        r.code(),
        signal + r.stderr(),
        r.findingId().or(() -> Optional.of(FindingId.CC_ERROR)));
  }

  private static Result identify(
      List<String> words,
      String origArgs,
      CheckerProbes probes,
      String scriptPath,
      Optional<String> script,
      boolean icc) {
    String name = words.isEmpty() ? "" : words.get(0);
    String tool;
    String version;
    switch (name) {
      case "GCC" -> {
        tool = "gcc";
        version = field(words, 1) + "." + field(words, 2) + "." + field(words, 3);
      }
      case "Clang" -> {
        tool = "llvm";
        version = field(words, 1) + "." + field(words, 2) + "." + field(words, 3);
      }
      case "ICC" -> {
        if (!icc) {
          return unknown(origArgs);
        }
        // version=$(($2 / 100)).$(($2 % 100)).$3
        tool = "icc";
        ShellArith.Outcome major = ShellArith.evaluate(field(words, 1) + " / 100");
        ShellArith.Outcome minor = ShellArith.evaluate(field(words, 1) + " % 100");
        if (major.error().isPresent() || minor.error().isPresent()) {
          String err = major.error().orElseGet(() -> minor.error().get());
          return new Result(
              "",
              Optional.empty(),
              Optional.empty(),
              scriptPath + ": " + iccLine(script) + ": " + err + "\n",
              Optional.of(FindingId.CC_ERROR));
        }
        version = major.orZero() + "." + minor.orZero() + "." + field(words, 2);
      }
      default -> {
        return unknown(origArgs);
      }
    }
    Run min = probes.minToolVersion(tool);
    if (min.code() != 0) {
      // cc-version.sh runs with set -e: a failing min-tool-version.sh ends it, with that stderr.
      return new Result(
          "", Optional.empty(), Optional.empty(), min.err(), Optional.of(FindingId.CC_ERROR));
    }
    String minVersion = DashText.commandSubstitution(min.out());
    int line = arithLine(script);
    ShellArith.Outcome cv = ShellArith.canonical(version, 10000);
    if (cv.error().isPresent()) {
      return new Result(
          "",
          Optional.empty(),
          Optional.empty(),
          scriptPath + ": " + line + ": " + cv.error().get() + "\n",
          Optional.of(FindingId.CC_ERROR));
    }
    ShellArith.Outcome mcv = ShellArith.canonical(minVersion, 10000);
    if (mcv.error().isPresent()) {
      return new Result(
          "",
          Optional.empty(),
          Optional.empty(),
          scriptPath + ": " + line + ": " + mcv.error().get() + "\n",
          Optional.of(FindingId.CC_ERROR));
    }
    if (cv.orZero() < mcv.orZero()) {
      String err =
          String.join(
                  "\n",
                  "***",
                  "*** C compiler is too old.",
                  "***   Your " + name + " version:    " + version,
                  "***   Minimum " + name + " version: " + minVersion,
                  "***")
              + "\n";
      return new Result(
          "", Optional.empty(), Optional.empty(), err, Optional.of(FindingId.CC_TOO_OLD));
    }
    return new Result(name, Optional.of(version), Optional.of(cv.orZero()), "", Optional.empty());
  }

  private static Result unknown(String origArgs) {
    return new Result(
        "",
        Optional.empty(),
        Optional.empty(),
        origArgs + ": unknown C compiler\n",
        Optional.of(FindingId.CC_UNKNOWN));
  }

  private static String field(List<String> w, int i) {
    return i < w.size() ? w.get(i) : "";
  }

  private static int iccLine(Optional<String> script) {
    if (script.isPresent()) {
      String[] lines = script.get().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains("$(($2 / 100))")) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  private static int arithLine(Optional<String> script) {
    if (script.isPresent()) {
      String[] lines = script.get().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        if (lines[i].contains("echo $((10000 *")) {
          return i + 1;
        }
      }
    }
    return 0;
  }

  static String dirname(String path) {
    int i = path.lastIndexOf('/');
    if (i < 0) {
      return ".";
    }
    return i == 0 ? "/" : path.substring(0, i);
  }
}
