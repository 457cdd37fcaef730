package dev.krt.check;

import dev.krt.kernel.CheckerEra;
import dev.krt.shell.DashText;
import dev.krt.shell.ShellArith;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import dev.krt.version.VersionText;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The kernel's {@code scripts/rust_is_available.sh}, step by step, for any {@link CheckerEra}.
 *
 * <p>Each step asks {@link CheckerProbes} for the program run the script would make at that point,
 * decides as the script decides, and records the script's exact message as a {@link Finding} in a
 * {@link Transcript}. The shell's own behaviour is reproduced where it shows: {@code echo}'s escape
 * processing, dash arithmetic errors on odd versions, {@code set -e} exits, program stderr that the
 * script lets through. The kernel's scripts and test suite are the spec; the differential tests run
 * both on the same inputs.
 */
public final class RustIsAvailable {
  private static final String STARS = "***";
  private static final Pattern XYZ = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

  private final CheckerEra era;
  private final CheckInputs in;
  private final CheckerProbes probes;
  private final Transcript t = new Transcript();
  private boolean warning;

  private RustIsAvailable(CheckerEra era, CheckInputs in, CheckerProbes probes) {
    this.era = era;
    this.in = in;
    this.probes = probes;
  }

  /** Runs the whole check. */
  public static Transcript run(CheckerEra era, CheckInputs in, CheckerProbes probes) {
    RustIsAvailable r = new RustIsAvailable(era, in, probes);
    try {
      r.steps();
      r.t.setExit(0);
    } catch (Exit e) {
      r.t.setExit(e.code);
    }
    if (era.docsTrailer() && (r.t.exitCode() != 0 || r.warning)) {
      r.t.leak(
          String.join(
                  "\n",
                  STARS,
                  "*** Please see Documentation/rust/quick-start.rst for details",
                  "*** on how to set up the Rust support.",
                  STARS)
              + "\n");
    }
    if (r.warning) {
      r.t.setWarning();
    }
    return r.t;
  }

  private static final class Exit extends RuntimeException {
    final int code;

    Exit(int code) {
      super(null, null, false, false);
      this.code = code;
    }
  }

  /** Messages are printed unless the v6.1.0 script runs without {@code -v}. */
  private boolean printing() {
    return !era.verboseFlag() || in.verboseArg();
  }

  private void fail(FindingId id, String text) {
    message(id, Severity.ERROR, text);
    throw new Exit(1);
  }

  private void message(FindingId id, Severity s, String text) {
    List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n", -1)));
    if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
      lines.remove(lines.size() - 1);
    }
    Finding f = Finding.kernel(id, s, lines);
    t.message(f, printing(), text);
  }

  private static String block(String... lines) {
    return String.join("\n", lines) + "\n";
  }

  // ---------------------------------------------------------------------------------------------

  private void steps() {
    String rustc = in.rustc().orElse("");
    String bindgen = in.bindgen().orElse("");
    if (era.envChecks()) {
      envCheck("RUSTC", in.rustc());
      envCheck("BINDGEN", in.bindgen());
      envCheck("CC", in.cc());
    }
    if (!probes.commandExists(rustc)) {
      fail(
          FindingId.RUSTC_NOT_FOUND,
          block(STARS, "*** Rust compiler '" + rustc + "' could not be found.", STARS));
    }
    if (!probes.commandExists(bindgen)) {
      fail(
          FindingId.BINDGEN_NOT_FOUND,
          block(STARS, "*** Rust bindings generator '" + bindgen + "' could not be found.", STARS));
    }

    // rustc --version
    String rustcVersion =
        version("rustc", rustc, observe(probes.rustcVersion()), "Rust compiler", "Rust compiler");
    String rustcMin = minVersion("rustc");
    long rustcCv = canonical(rustcVersion);
    long rustcMinCv = canonical(rustcMin);
    if (rustcCv < rustcMinCv) {
      fail(
          FindingId.RUSTC_TOO_OLD,
          block(
              STARS,
              "*** Rust compiler '" + rustc + "' is too old.",
              "***   Your version:    " + rustcVersion,
              "***   Minimum version: " + rustcMin,
              STARS));
    }
    if (era.tooNew() && rustcCv > rustcMinCv) {
      message(
          FindingId.RUSTC_TOO_NEW,
          Severity.WARNING,
          block(
              STARS,
              "*** Rust compiler '" + rustc + "' is too new. This may or may not work.",
              "***   Your version:     " + rustcVersion,
              "***   Expected version: " + rustcMin,
              STARS));
      warnIfTrailer();
    }

    // bindgen --version
    String bgVersion =
        version(
            "bindgen",
            bindgen,
            observe(probes.bindgenVersion(era.bindgenDummyArg())),
            "Rust bindings generator",
            "bindings generator");
    String bgMin = minVersion("bindgen");
    long bgCv = canonical(bgVersion);
    long bgMinCv = canonical(bgMin);
    if (bgCv < bgMinCv) {
      fail(
          FindingId.BINDGEN_TOO_OLD,
          block(
              STARS,
              "*** Rust bindings generator '" + bindgen + "' is too old.",
              "***   Your version:    " + bgVersion,
              "***   Minimum version: " + bgMin,
              STARS));
    }
    if (era.tooNew() && bgCv > bgMinCv) {
      message(
          FindingId.BINDGEN_TOO_NEW,
          Severity.WARNING,
          block(
              STARS,
              "*** Rust bindings generator '" + bindgen + "' is too new. This may or may not work.",
              "***   Your version:     " + bgVersion,
              "***   Expected version: " + bgMin,
              STARS));
      warnIfTrailer();
    }
    if (era.bindgen066Probe() && (bgCv == 6600 || bgCv == 6601)) {
      Run p = observe(probes.bindgenHeader(CheckerEra.HEADER_066));
      t.leak(p.err());
      if (p.code() != 0) {
        message(
            FindingId.BINDGEN_066_BUG,
            Severity.WARNING,
            block(
                STARS,
                "*** Rust bindings generator '" + bindgen + "' versions 0.66.0 and 0.66.1 may not",
                "*** work due to a bug (https://github.com/rust-lang/rust-bindgen/pull/2567),",
                "*** unless patched (like Debian's).",
                "***   Your version:     " + bgVersion,
                STARS));
        warning = true;
      }
    }

    // libclang, as bindgen sees it
    String libclang = libclangVersion(bindgen);
    String llvmMin = minVersion("llvm");
    long lcCv = canonical(libclang);
    long llvmMinCv = canonical(llvmMin);
    if (lcCv < llvmMinCv) {
      fail(
          FindingId.LIBCLANG_TOO_OLD,
          block(
              STARS,
              "*** libclang (used by the Rust bindings generator '" + bindgen + "') is too old.",
              "***   Your version:    " + libclang,
              "***   Minimum version: " + llvmMin,
              STARS));
    }
    if (era.libclangConcatProbe() && lcCv >= 1900100 && bgCv < 6905) {
      Run p = observe(probes.bindgenHeader(CheckerEra.HEADER_CONCAT));
      t.leak(p.err());
      if (!p.out().contains("foofoo")) {
        message(
            FindingId.BINDGEN_LIBCLANG_19_1_BUG,
            Severity.WARNING,
            block(
                STARS,
                "*** Rust bindings generator '"
                    + bindgen
                    + "' < 0.69.5 together with libclang >= 19.1",
                "*** may not work due to a bug (https://github.com/rust-lang/rust-bindgen/pull/2824),",
                "*** unless patched (like Debian's).",
                "***   Your bindgen version:  " + bgVersion,
                "***   Your libclang version: " + libclang,
                STARS));
        warning = true;
      }
    }
    if (era.libclang22Probe() && lcCv >= 2200000 && bgCv < 7201) {
      Run p = observe(probes.bindgenHeader(CheckerEra.HEADER_22));
      t.leak(p.err());
      if (!p.out().contains("pub foo")) {
        message(
            FindingId.BINDGEN_LIBCLANG_22_BUG,
            Severity.WARNING,
            block(
                STARS,
                "*** Rust bindings generator '"
                    + bindgen
                    + "' < 0.72.1 together with libclang >= 22",
                "*** may not work due to a bug (https://github.com/rust-lang/rust-bindgen/pull/3278).",
                "***   Your bindgen version:  " + bgVersion,
                "***   Your libclang version: " + libclang,
                STARS));
        warning = true;
      }
    }

    // Clang as CC vs the libclang bindgen uses.
    if (printing()) {
      List<String> ccWords =
          era.ccQuoted() ? List.of(in.cc().orElse("")) : probes.fields(in.cc().orElse(""));
      CcVersionScript.Result cc = CcVersionScript.run(ccWords, probes, in.scriptPath());
      t.leak(cc.stderr());
      if (!cc.stderr().isEmpty()) {
        t.finding(
            Finding.kernel(
                cc.findingId().orElse(FindingId.CC_ERROR),
                Severity.INFO,
                List.of(cc.stderr().strip().split("\n"))));
      }
      if (cc.name().equals("Clang")) {
        String clangVersion =
            VersionText.sedFirstLine(observe(probes.ccVersionText(ccWords)).out(), "version")
                .orElse("");
        if (!clangVersion.equals(libclang)) {
          message(
              FindingId.LIBCLANG_CLANG_MISMATCH,
              Severity.WARNING,
              block(
                  STARS,
                  "*** libclang (used by the Rust bindings generator '" + bindgen + "')",
                  "*** version does not match Clang's. This may be a problem.",
                  "***   libclang version: " + libclang,
                  "***   Clang version:    " + clangVersion,
                  STARS));
          warnIfTrailer();
        }
      }
    }

    // The core library sources.
    List<String> kflags = probes.fields(in.krustflags().orElse(""));
    Run sys = observe(probes.rustcSysroot(kflags));
    t.leak(sys.err());
    if (sys.code() != 0 || sys.timedOut()) {
      t.finding(
          Finding.kernel(
              FindingId.RUSTC_SYSROOT_FAILED,
              Severity.ERROR,
              List.of(
                  "'"
                      + rustc
                      + " "
                      + String.join(" ", kflags)
                      + (kflags.isEmpty() ? "" : " ")
                      + "--print sysroot' failed with code "
                      + sys.code()
                      + timeoutNote(sys))));
      throw new Exit(sys.code() == 0 ? 1 : sys.code());
    }
    String sysroot = DashText.commandSubstitution(sys.out());
    String src =
        in.rustLibSrc().filter(s -> !s.isEmpty()).orElse(sysroot + "/lib/rustlib/src/rust/library");
    String core = src + "/core/src/lib.rs";
    if (!probes.pathExists(core)) {
      fail(
          FindingId.RUST_SRC_MISSING,
          block(
              STARS,
              "*** Source code for the 'core' standard library could not be found",
              "*** at '" + core + "'.",
              STARS));
    }
  }

  /**
   * The shell's own word on a run: dash names the signal that killed a command ("Killed"); a run
   * krt stopped after its timeout gets krt's note instead (the script would still be waiting).
   */
  private Run observe(Run r) {
    if (r.timedOut()) {
      t.leak("krt: a program did not finish within krt's timeout and was stopped\n");
    } else if (r.note().isEmpty()) {
      dev.krt.shell.SignalNames.forStatus(r.code()).ifPresent(m -> t.leak(m + "\n"));
    }
    return r;
  }

  private static String timeoutNote(Run r) {
    return r.timedOut() ? " (krt stopped it after its timeout)" : "";
  }

  private void warnIfTrailer() {
    if (era.docsTrailer()) {
      warning = true;
    }
  }

  private void envCheck(String var, Optional<String> value) {
    if (value.isEmpty()) {
      message(
          FindingId.of("env-" + var.toLowerCase(java.util.Locale.ROOT) + "-unset"),
          Severity.ERROR,
          block(
              STARS,
              "*** Environment variable '" + var + "' is not set.",
              STARS,
              "*** This script is intended to be called from Kbuild.",
              "*** Please use the 'rustavailable' target to call it instead.",
              "*** Otherwise, the results may not be meaningful."));
      throw new Exit(1);
    }
  }

  /**
   * The version step for rustc or bindgen: run, failure check, parse, output check. Returns the
   * version text as the script holds it.
   */
  private String version(String tool, String program, Run r, String what, String whatShort) {
    String output = DashText.commandSubstitution(r.out());
    if (r.timedOut()) {
      t.finding(
          Finding.krt(
              FindingId.of(tool + "-timeout"),
              Severity.ERROR,
              List.of("'" + program + " --version' did not finish within krt's timeout")));
    }
    if (!era.sedParsing()) {
      // v6.1.0: `... | head -n 1 | grep -oE 'X.Y.Z'`; no match ends the script (set -e), silently.
      String first = VersionText.firstLine(output);
      List<String> all = new ArrayList<>();
      Matcher m = XYZ.matcher(first);
      while (m.find()) {
        all.add(m.group());
      }
      if (all.isEmpty()) {
        t.finding(
            Finding.kernel(
                FindingId.of(tool + "-version-unparsable"),
                Severity.ERROR,
                List.of(
                    "'"
                        + program
                        + " --version' printed no X.Y.Z version on its first line (the script exits 1 without a message)")));
        throw new Exit(1);
      }
      return String.join("\n", all);
    }
    if (era.runFailureChecks() && r.code() != 0) {
      fail(
          FindingId.of(tool + "-version-failed"),
          STARS
              + "\n*** Running '"
              + program
              + "' to check the "
              + what
              + " version failed with\n*** code "
              + r.code()
              + ". See output and docs below for details:\n"
              + STARS
              + "\n"
              + DashText.echo(output)
              + STARS
              + "\n");
    }
    String v = VersionText.sedFirstLine(DashText.echo(output), tool).orElse("");
    if (v.isEmpty() && era.outputChecks()) {
      fail(
          FindingId.of(tool + "-version-unparsable"),
          STARS
              + "\n*** Running '"
              + program
              + "' to check the "
              + whatShort
              + " version did not return\n*** an expected output. See output and docs below for details:\n"
              + STARS
              + "\n"
              + DashText.echo(output)
              + STARS
              + "\n");
    }
    return v;
  }

  private String libclangVersion(String bindgen) {
    Run r = observe(probes.bindgenLibclang());
    String output = DashText.commandSubstitution(r.out());
    if (r.timedOut()) {
      t.finding(
          Finding.krt(
              FindingId.LIBCLANG_PROBE_TIMEOUT,
              Severity.ERROR,
              List.of(
                  "'"
                      + bindgen
                      + "' on the libclang probe header did not finish within krt's timeout")));
    }
    if (!era.libclangSedParsing()) {
      // v6.1.0: `2>&1 >/dev/null | grep -F 'clang version ' | grep -oE X.Y.Z | head -n 1`
      for (String line : output.split("\n", -1)) {
        if (line.contains("clang version ")) {
          Matcher m = XYZ.matcher(line);
          if (m.find()) {
            return m.group();
          }
        }
      }
      return "";
    }
    if (r.code() != 0) {
      fail(
          FindingId.LIBCLANG_PROBE_FAILED,
          STARS
              + "\n*** Running '"
              + bindgen
              + "' to check the libclang version (used by the Rust\n*** bindings generator) failed with code "
              + r.code()
              + ". This may be caused by\n*** a failure to locate libclang. See output and docs below for details:\n"
              + STARS
              + "\n"
              + DashText.echo(output)
              + STARS
              + "\n");
    }
    String v = String.join("\n", VersionText.sedEveryLine(DashText.echo(output), "clang version"));
    if (v.isEmpty() && era.outputChecks()) {
      fail(
          FindingId.LIBCLANG_VERSION_UNPARSABLE,
          STARS
              + "\n*** Running '"
              + bindgen
              + "' to check the libclang version (used by the Rust\n*** bindings generator) did not return an expected output. See output\n*** and docs below for details:\n"
              + STARS
              + "\n"
              + DashText.echo(output)
              + STARS
              + "\n");
    }
    return v;
  }

  private String minVersion(String tool) {
    Run r = probes.minToolVersion(tool);
    t.leak(r.err());
    if (r.code() != 0) {
      t.finding(
          Finding.kernel(
              FindingId.MIN_TOOL_VERSION_FAILED,
              Severity.ERROR,
              List.of("scripts/min-tool-version.sh " + tool + " failed with code " + r.code())));
      throw new Exit(r.code());
    }
    return DashText.commandSubstitution(r.out());
  }

  /** {@code $(get_canonical_version $v)}; a dash arithmetic error ends the script with code 2. */
  private long canonical(String versionText) {
    ShellArith.Outcome o = ShellArith.canonical(versionText, 100000);
    if (o.error().isPresent()) {
      String msg = in.scriptPath() + ": " + era.arithLine() + ": " + o.error().get();
      t.leak(msg + "\n");
      t.finding(Finding.kernel(FindingId.CHECKER_ARITHMETIC_ERROR, Severity.ERROR, List.of(msg)));
      throw new Exit(2);
    }
    return o.orZero();
  }
}
