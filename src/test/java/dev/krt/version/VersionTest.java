package dev.krt.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Version}, {@link RustcVersion} and {@link VersionText} beyond the golden files. */
class VersionTest {

  @ParameterizedTest(name = "{0} -> rustc {1}, llvm {2}")
  @CsvSource({
    "1.62.0, 106200, 16200", // 6.1's pinned rustc
    "1.78.0, 107800, 17800",
    "1.85.0, 108500, 18500",
    "1.99.9, 109909, 19909",
    "1.100.0, 110000, 20000", // 7 digits: 100000 + 100*100 (the llvm form overflows into major)
    "1.101.0, 110100, 20100",
    "0.65.1, 6501, 6501",
    "0.69.5, 6905, 6905",
    "0.72.1, 7201, 7201",
    "11.0.0, 1100000, 110000",
    "19.1.0, 1900100, 190100", // the v6.13 libclang threshold (1900100)
    "22.0.0, 2200000, 220000",
    "0.0.0, 0, 0",
  })
  void canonicalCodes(String v, long rustc, long llvm) {
    Version x = Version.parse(v);
    assertThat(x.rustcCode()).isEqualTo(rustc);
    assertThat(x.llvmCode()).isEqualTo(llvm);
  }

  @Test
  void orderingIsNumericPerComponent() {
    assertThat(Version.parse("1.100.0")).isGreaterThan(Version.parse("1.99.9"));
    assertThat(Version.parse("1.100.0").isAtLeast(Version.parse("1.99.9"))).isTrue();
    assertThat(Version.parse("1.99.9").isBelow(Version.parse("1.100.0"))).isTrue();
    assertThat(Version.parse("0.69.10")).isGreaterThan(Version.parse("0.69.9"));
    assertThat(Version.parse("2.0.0")).isGreaterThan(Version.parse("1.999.999"));
    assertThat(Version.parse("1.2.3")).isEqualByComparingTo(Version.of(1, 2, 3));
    List<Version> l =
        new ArrayList<>(
            List.of(
                Version.parse("1.100.0"),
                Version.parse("1.9.0"),
                Version.parse("1.78.0"),
                Version.parse("1.10.1")));
    Collections.sort(l);
    assertThat(l)
        .extracting(Version::toString)
        .containsExactly("1.9.0", "1.10.1", "1.78.0", "1.100.0");
  }

  @Property(tries = 200)
  void orderAgreesWithTheSevenDigitCodeWhileComponentsFit(
      @ForAll @LongRange(max = 20) long a1,
      @ForAll @LongRange(max = 999) long b1,
      @ForAll @LongRange(max = 99) long c1,
      @ForAll @LongRange(max = 20) long a2,
      @ForAll @LongRange(max = 999) long b2,
      @ForAll @LongRange(max = 99) long c2) {
    Version x = Version.of(a1, b1, c1);
    Version y = Version.of(a2, b2, c2);
    // The code is monotonic only while minor < 1000 and patch < 100.
    assertThat(Integer.signum(x.compareTo(y)))
        .isEqualTo(Long.signum(x.rustcCode() - y.rustcCode()));
  }

  @Property(tries = 100)
  void toStringRoundTrips(
      @ForAll @LongRange(max = 1_000_000) long a,
      @ForAll @LongRange(max = 1_000_000) long b,
      @ForAll @LongRange(max = 1_000_000) long c) {
    Version v = Version.of(a, b, c);
    assertThat(Version.parse(v.toString())).isEqualTo(v);
    assertThat(Version.parseLenient(v.toString())).isEqualTo(v);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "1",
        "1.2",
        "1.2.3.4",
        "1..3",
        "a.b.c",
        "1.2.x",
        "-1.2.3",
        "1.2.3-beta",
        "v1.2.3",
        "99999999999999999999.0.0"
      })
  void strictParseRejects(String s) {
    assertThatThrownBy(() -> Version.parse(s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void strictParseTrimsWhitespace() {
    assertThat(Version.parse(" 1.2.3\n")).isEqualTo(Version.of(1, 2, 3));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
    "1, 1.0.0",
    "1.2, 1.2.0",
    "1.2.3, 1.2.3",
    "v6.12, 6.12.0",
    "' 11.0 ', 11.0.0",
    "007.08.09, 7.8.9"
  })
  void lenientParse(String in, String out) {
    assertThat(Version.parseLenient(in)).hasToString(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "1.", "1.2.3.4", "x", "1.-2", "v", "1..2"})
  void lenientParseRejects(String s) {
    assertThatThrownBy(() -> Version.parseLenient(s)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void negativeComponentsAreRejected() {
    assertThatThrownBy(() -> Version.of(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void majorMinor() {
    assertThat(Version.parse("1.100.3").majorMinor()).isEqualTo("1.100");
  }

  // --- RustcVersion ---------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\n",
        "rustc",
        "rustc 1.78",
        "rustc unexpected (a8314ef7d 2022-06-27)",
        "unexpected 1.78.0 (a8314ef7d 2022-06-27)",
        "rustdoc 1.85.0 (4d91de4e4 2025-02-17)",
        "clippy 0.1.85",
        "Rustc 1.85.0",
        "rustc 99999999999999999999.0.0",
      })
  void rustcParseRejects(String s) {
    assertThat(RustcVersion.parse(s)).isEmpty();
  }

  @Test
  void rustcParseLooksAtTheFirstLineOnly() {
    assertThat(RustcVersion.parse("warning: something\nrustc 1.85.0")).isEmpty();
    assertThat(RustcVersion.parse("rustc 1.85.0\nrustc 1.86.0"))
        .map(r -> r.version().toString())
        .contains("1.85.0");
  }

  @Test
  void rustcKernelTestSuiteForms() {
    // test_success_rustc_version of the 6.12 suite: `<min>-dev (...)` and `<min>-1.60.0 (...)`.
    RustcVersion dev = RustcVersion.parse("rustc 1.78.0-dev (a8314ef7d 2022-06-27)").orElseThrow();
    assertThat(dev.channel()).isEqualTo("dev");
    assertThat(dev.version()).isEqualTo(Version.of(1, 78, 0));
    RustcVersion odd =
        RustcVersion.parse("rustc 1.78.0-1.60.0 (a8314ef7d 2022-06-27)").orElseThrow();
    assertThat(odd.version()).isEqualTo(Version.of(1, 78, 0));
    assertThat(odd.preRelease()).isEqualTo("1.60.0");
    assertThat(odd.commitHash()).contains("a8314ef7d");
  }

  @Test
  void rustcNightlyWithoutDateIsPlainNightly() {
    RustcVersion r = RustcVersion.parse("rustc 1.97.0-nightly").orElseThrow();
    assertThat(r.rustupToolchain()).isEqualTo("nightly");
    assertThat(r.commitDate()).isEmpty();
  }

  @Test
  void rustcHashWithoutDateIsNotAHash() {
    RustcVersion r = RustcVersion.parse("rustc 1.85.0 (built from a source tarball)").orElseThrow();
    assertThat(r.commitHash()).isEmpty();
    assertThat(r.notes()).isEqualTo("built from a source tarball");
  }

  // --- VersionText ----------------------------------------------------------------------------

  @Test
  void sedCapturesTheLastOccurrenceOnALine() {
    // Greedy `.*` before the word: the last "rustc X.Y.Z" wins, as with sed.
    assertThat(VersionText.sedFirstLine("rustc 1.2.3 rustc 4.5.6", "rustc")).contains("4.5.6");
    // And the capture keeps leading zeros, for the shell arithmetic that follows.
    assertThat(VersionText.sedFirstLine("rustc 01.078.00", "rustc")).contains("01.078.00");
    assertThat(VersionText.rustc("rustc 01.078.00")).contains(Version.of(1, 78, 0));
  }

  @Test
  void sedEveryLineKeepsAllCaptures() {
    String two = "x: clang version 11.0.1\nclang diag: clang version 19.1.7 (3~deb12u1)\n";
    assertThat(VersionText.sedEveryLine(two, "clang version")).containsExactly("11.0.1", "19.1.7");
    assertThat(VersionText.libclang(two)).contains(Version.of(11, 0, 1));
    assertThat(VersionText.sedEveryLine("", "clang version")).isEmpty();
  }

  @Test
  void capturesTooLargeForALongAreNotVersions() {
    assertThat(VersionText.sedFirstLine("rustc 99999999999999999999.0.0", "rustc"))
        .contains("99999999999999999999.0.0");
    assertThat(VersionText.rustc("rustc 99999999999999999999.0.0")).isEmpty();
    assertThat(VersionText.toVersion(null)).isEmpty();
    assertThat(VersionText.toVersion("1.2")).isEmpty();
  }

  @Test
  void rustcLlvmAcceptsTwoAndThreeParts() {
    assertThat(VersionText.rustcLlvm("rustc 1.48.0\nLLVM version: 11.0\n"))
        .contains(Version.of(11, 0, 0));
    assertThat(VersionText.rustcLlvm("LLVM version: 19.1.7")).contains(Version.of(19, 1, 7));
    assertThat(VersionText.rustcLlvm("LLVM version: banana")).isEmpty();
    assertThat(VersionText.rustcLlvm("rustc 1.48.0\n")).isEmpty();
  }

  @Test
  void verboseFields() {
    String vv =
        "rustc 1.95.0 (59807616e 2026-04-14)\nbinary: rustc\nhost: x86_64-unknown-linux-gnu\nrelease: 1.95.0\n";
    assertThat(VersionText.rustcVerboseField(vv, "host"))
        .isEqualTo(Optional.of("x86_64-unknown-linux-gnu"));
    assertThat(VersionText.rustcVerboseField(vv, "commit-date")).isEmpty();
  }

  @Test
  void firstLine() {
    assertThat(VersionText.firstLine("a\nb")).isEqualTo("a");
    assertThat(VersionText.firstLine("a")).isEqualTo("a");
    assertThat(VersionText.firstLine("")).isEmpty();
  }
}
