package dev.krt.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelVersion;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The rules per era, on canned program outputs. (Equality with the real scripts is proven by the
 * differential tests in dev.krt.diff; these pin down era differences the real trees here lack.)
 */
class RustIsAvailableTest {
  private static final Set<String> ALL_HEADERS =
      Set.of(
          CheckerEra.HEADER_LIBCLANG,
          CheckerEra.HEADER_066,
          CheckerEra.HEADER_CONCAT,
          CheckerEra.HEADER_22);

  /** Canned answers; records which runs were asked for. */
  static class Fake implements CheckerProbes {
    String rustc = "rustc 1.78.0 (abc 2024-01-01)\n";
    String bindgen = "bindgen 0.65.1\n";
    String libclang = "x.h:2:9: warning: clang version 13.0.1 [-W#pragma-messages]\n";
    int libclangCode = 0;
    String cc = "GCC 12 2 0\n";
    String ccText = "gcc (Debian 12.2.0-14) 12.2.0\n";
    boolean coreExists = true;
    Map<String, String> min =
        new HashMap<>(
            Map.of("rustc", "1.78.0", "bindgen", "0.65.1", "llvm", "13.0.1", "gcc", "5.1.0"));
    Map<String, Run> headers = new HashMap<>();
    final List<String> asked = new ArrayList<>();

    @Override
    public boolean commandExists(String name) {
      return !name.isEmpty() && !name.contains("missing");
    }

    @Override
    public Run rustcVersion() {
      asked.add("rustc --version");
      return Run.of(0, rustc, "");
    }

    @Override
    public Run bindgenVersion(boolean dummyArg) {
      asked.add(dummyArg ? "bindgen --version workaround-for-0.69.0" : "bindgen --version");
      return Run.of(0, bindgen, "");
    }

    @Override
    public Run bindgenLibclang() {
      asked.add("libclang probe");
      return Run.of(libclangCode, libclang, "");
    }

    @Override
    public Run bindgenHeader(String header) {
      asked.add(header);
      return headers.getOrDefault(header, Run.of(1, "", ""));
    }

    @Override
    public Run ccPreprocess(List<String> ccWords, String input) {
      asked.add("cc -E");
      return Run.of(0, cc, "");
    }

    @Override
    public Run ccVersionText(List<String> ccWords) {
      return Run.of(0, ccText, "");
    }

    @Override
    public Run rustcSysroot(List<String> krustflags) {
      asked.add("sysroot " + krustflags);
      return Run.of(0, "/sysroot\n", "");
    }

    @Override
    public Run minToolVersion(String tool) {
      String v = min.get(tool);
      return v == null ? Run.of(1, "", tool + ": unknown tool\n") : Run.of(0, v + "\n", "");
    }

    @Override
    public boolean pathExists(String path) {
      return coreExists;
    }

    @Override
    public Optional<String> ccVersionScript() {
      return Optional.empty();
    }
  }

  private static CheckInputs inputs() {
    return new CheckInputs(
        Optional.of("rustc"),
        Optional.of("bindgen"),
        Optional.of("gcc"),
        Optional.empty(),
        Optional.empty(),
        "scripts/rust_is_available.sh",
        false);
  }

  private static CheckerEra era(String version) {
    return CheckerEra.infer(KernelVersion.parse(version).get(), ALL_HEADERS);
  }

  @Test
  void minimumEraPassesSilently() {
    Fake f = new Fake();
    f.rustc = "rustc 1.96.0 (ac68faa20 2026-05-25)\n";
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.exitCode()).isZero();
    assertThat(t.stderr()).isEmpty();
    assertThat(t.verdict()).isEqualTo(Verdict.AVAILABLE);
    assertThat(f.asked).contains("bindgen --version workaround-for-0.69.0", "sysroot []");
  }

  @Test
  void v71DropsTheDummyArgument() {
    Fake f = new Fake();
    f.min.putAll(Map.of("rustc", "1.85.0", "bindgen", "0.71.1", "llvm", "15.0.0"));
    f.rustc = "rustc 1.85.0\n";
    f.bindgen = "bindgen 0.71.1\n";
    f.libclang = "clang version 19.1.7\n";
    Transcript t = RustIsAvailable.run(era("7.1"), inputs(), f);
    assertThat(t.exitCode()).isZero();
    assertThat(f.asked)
        .contains("bindgen --version")
        .doesNotContain("bindgen --version workaround-for-0.69.0");
  }

  @Test
  void pinnedV66EraWarnsTooNewWithTrailer() {
    Fake f = new Fake();
    f.min.put("rustc", "1.71.1");
    f.rustc = "rustc 1.72.0\n";
    Transcript t = RustIsAvailable.run(era("6.6"), inputs(), f);
    assertThat(t.exitCode()).isZero();
    assertThat(t.verdict()).isEqualTo(Verdict.AVAILABLE_WITH_WARNINGS);
    assertThat(t.stderr())
        .contains(
            "is too new. This may or may not work.",
            "***   Expected version: 1.71.1",
            "Please see Documentation/rust/quick-start.rst");
  }

  @Test
  void stable61WarnsTooNewWithoutTrailer() {
    Fake f = new Fake();
    f.min.putAll(Map.of("rustc", "1.62.0", "bindgen", "0.56.0", "llvm", "11.0.0"));
    Transcript t = RustIsAvailable.run(era("6.1.150"), inputs(), f);
    assertThat(t.exitCode()).isZero();
    assertThat(t.stderr())
        .contains(
            "Rust compiler 'rustc' is too new.", "Rust bindings generator 'bindgen' is too new.")
        .doesNotContain("quick-start.rst");
  }

  @Test
  void stable61ArithmeticErrorExitsTwo() {
    Fake f = new Fake();
    f.rustc = "rustdoc 1.96.0\n";
    Transcript t = RustIsAvailable.run(era("6.1.150"), inputs(), f);
    assertThat(t.exitCode()).isEqualTo(2);
    assertThat(t.stderr())
        .isEqualTo(
            "scripts/rust_is_available.sh: 19: arithmetic expression: expecting primary: \"100000 *  + 100 *  + \"\n");
    assertThat(t.findings())
        .extracting(Finding::id)
        .containsExactly(FindingId.CHECKER_ARITHMETIC_ERROR);
  }

  @Test
  void original61IsSilentWithoutDashV() {
    Fake f = new Fake();
    f.min.putAll(Map.of("rustc", "1.62.0", "bindgen", "0.56.0", "llvm", "11.0.0"));
    f.rustc = "rustc 1.60.0\n";
    CheckerEra e = era("6.1.0");
    assertThat(e.verboseFlag()).isTrue();
    Transcript quiet = RustIsAvailable.run(e, inputs(), f);
    assertThat(quiet.exitCode()).isEqualTo(1);
    assertThat(quiet.stderr()).isEmpty();
    CheckInputs verbose =
        new CheckInputs(
            Optional.of("rustc"),
            Optional.of("bindgen"),
            Optional.of("gcc"),
            Optional.empty(),
            Optional.empty(),
            "scripts/rust_is_available.sh",
            true);
    Transcript loud = RustIsAvailable.run(e, verbose, f);
    assertThat(loud.stderr()).contains("Rust compiler 'rustc' is too old.");
  }

  @Test
  void original61TakesAnyVersionOnTheFirstLine() {
    Fake f = new Fake();
    f.min.putAll(Map.of("rustc", "1.62.0", "bindgen", "0.56.0", "llvm", "11.0.0"));
    f.rustc = "unexpected 1.62.0\n";
    f.bindgen = "bindgen 0.56.0\n";
    f.libclang = "clang version 11.0.0\n";
    Transcript t = RustIsAvailable.run(era("6.1.0"), inputs(), f);
    assertThat(t.exitCode()).isZero();
  }

  @Test
  void unsetVariablesStopV66PlusScripts() {
    Fake f = new Fake();
    CheckInputs noCc =
        new CheckInputs(
            Optional.of("rustc"),
            Optional.of("bindgen"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            "s",
            false);
    Transcript t = RustIsAvailable.run(era("6.12.100"), noCc, f);
    assertThat(t.exitCode()).isEqualTo(1);
    assertThat(t.stderr())
        .startsWith(
            "***\n*** Environment variable 'CC' is not set.\n***\n*** This script is intended to be called from Kbuild.")
        .endsWith(
            "***\n*** Please see Documentation/rust/quick-start.rst for details\n*** on how to set up the Rust support.\n***\n");
    assertThat(f.asked).isEmpty();
  }

  @Test
  void bindgen066ProbeOnlyForThoseVersions() {
    Fake f = new Fake();
    f.bindgen = "bindgen 0.66.1\n";
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.findings()).extracting(Finding::id).contains(FindingId.BINDGEN_066_BUG);
    assertThat(t.verdict()).isEqualTo(Verdict.AVAILABLE_WITH_WARNINGS);
    f.headers.put(CheckerEra.HEADER_066, Run.of(0, "", ""));
    assertThat(RustIsAvailable.run(era("6.12.100"), inputs(), f).verdict())
        .isEqualTo(Verdict.AVAILABLE);
    Fake g = new Fake();
    g.bindgen = "bindgen 0.66.1\n";
    RustIsAvailable.run(
        CheckerEra.infer(KernelVersion.parse("7.1").get(), Set.of(CheckerEra.HEADER_LIBCLANG)),
        inputs(),
        g);
    assertThat(g.asked).doesNotContain(CheckerEra.HEADER_066);
  }

  @Test
  void libclang22ProbeLeaksBindgenStderr() {
    Fake f = new Fake();
    f.bindgen = "bindgen 0.71.1\n";
    f.libclang = "clang version 22.1.8 (1~deb12u1)\n";
    f.headers.put(CheckerEra.HEADER_22, Run.of(0, "", "Failed to run rustfmt\n"));
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.stderr())
        .startsWith(
            "Failed to run rustfmt\n***\n*** Rust bindings generator 'bindgen' < 0.72.1 together with libclang >= 22\n");
    assertThat(t.exitCode()).isZero();
  }

  @Test
  void failingSysrootEndsWithItsCodeAndTrailer() {
    Fake f =
        new Fake() {
          @Override
          public Run rustcSysroot(List<String> krustflags) {
            return Run.of(1, "", "error: Unrecognized option: 'bogus'\n");
          }
        };
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.exitCode()).isEqualTo(1);
    assertThat(t.stderr()).startsWith("error: Unrecognized option: 'bogus'\n***\n*** Please see");
    assertThat(t.findings())
        .extracting(Finding::id)
        .containsExactly(FindingId.RUSTC_SYSROOT_FAILED);
  }

  @Test
  void echoEscapesShapeTheEchoedOutput() {
    Fake f = new Fake();
    f.rustc = "garbage\\tline\\c and more\n";
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.stderr()).contains("***\ngarbage\tline***\n");
  }

  @Test
  void multiLineLibclangUsesTheFirstForArithmeticButPrintsAll() {
    Fake f = new Fake();
    f.libclang = "clang version 11.0.1\nclang version 14.0.6\n";
    Transcript t = RustIsAvailable.run(era("6.12.100"), inputs(), f);
    assertThat(t.exitCode()).isEqualTo(1);
    assertThat(t.stderr()).contains("***   Your version:    11.0.1\n14.0.6\n");
  }
}
