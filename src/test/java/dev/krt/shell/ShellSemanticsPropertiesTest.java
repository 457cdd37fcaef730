package dev.krt.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.testing.RealProcess;
import dev.krt.version.VersionText;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * krt's shell emulation ({@link ShellArith}, {@link DashText}, {@link ShellWords}) and its sed
 * emulation ({@link VersionText}) against the real thing: Debian's {@code /bin/sh} (dash) and GNU
 * sed in the C locale. Each try starts one short process (with a timeout); tries are kept modest so
 * the class runs in seconds.
 *
 * <p>Inputs are ASCII (plus a few Latin-1 bytes for sed on stdin) because they travel as argv.
 */
class ShellSemanticsPropertiesTest {

  @BeforeContainer
  static void dashIsTheShell() {
    // Messages and escapes below are dash's; bash would differ.
    RealProcess.Result r = RealProcess.sh("echo 'a\\101'");
    if (!r.out().equals("aA\n")) {
      throw new AssertionError("/bin/sh is not dash: echo 'a\\101' printed " + r.out());
    }
  }

  // --- get_canonical_version: ShellArith.canonical -------------------------------------------

  private static final Pattern DASH_ERROR = Pattern.compile("sh: 1: (.*)\n", Pattern.DOTALL);

  /** What the kernel's function does in dash: the value, or exit 2 and the message. */
  record Dash(Optional<Long> value, int exit, String error) {}

  /**
   * Runs the kernel's function on many inputs with one dash process: each input in its own
   * subshell, exactly as {@code x=$(f $1) || exit $?; echo "$x"} would, on one script line (so
   * dash's messages say line 1).
   */
  static List<Dash> dashCanonical(List<String> versionTexts, long multiplier) {
    String script =
        "f(){ IFS=.; set -- $1; echo $(("
            + multiplier
            + " * $1 + 100 * $2 + $3)); }; "
            + "for v in \"$@\"; do r=$( (x=$(f $v) || exit $?; echo \"$x\") 2>&1 ); c=$?; printf '%s\\037%s\\036' \"$c\" \"$r\"; done";
    RealProcess.Result r = RealProcess.sh(script, versionTexts.toArray(new String[0]));
    assertThat(r.exitCode()).as("batch stderr: " + r.err()).isZero();
    List<Dash> out = new ArrayList<>();
    for (String item : r.out().split("\u001e", -1)) {
      if (item.isEmpty() && out.size() == versionTexts.size()) {
        break;
      }
      String[] f = item.split("\u001f", 2);
      int code = Integer.parseInt(f[0]);
      if (code == 0) {
        out.add(new Dash(Optional.of(Long.parseLong(f[1].strip())), 0, ""));
      } else {
        Matcher m = DASH_ERROR.matcher(f[1] + "\n");
        out.add(
            new Dash(
                Optional.empty(), code, m.matches() ? m.group(1) : "UNPARSED STDERR: " + f[1]));
      }
    }
    assertThat(out).hasSameSizeAs(versionTexts);
    return out;
  }

  static void assertCanonicalAgrees(List<String> vs, long multiplier) {
    List<Dash> ds = dashCanonical(vs, multiplier);
    for (int i = 0; i < vs.size(); i++) {
      assertCanonicalAgrees(vs.get(i), multiplier, ds.get(i));
    }
  }

  static void assertCanonicalAgrees(String v, long multiplier, Dash d) {
    ShellArith.Outcome o = ShellArith.canonical(v, multiplier);
    String what = "canonical(" + javaString(v) + ", " + multiplier + ")";
    if (d.value().isPresent()) {
      assertThat(o.error()).as(what + " error (dash printed " + d.value().get() + ")").isEmpty();
      assertThat(o.value()).as(what).isEqualTo(d.value());
    } else {
      assertThat(d.exit()).as("dash exit code for " + what).isEqualTo(2);
      assertThat(o.value()).as(what + " value (dash failed with: " + d.error() + ")").isEmpty();
      assertThat(o.error()).as(what + " message").contains(d.error());
    }
  }

  /** The single-input form, run exactly as the brief's oracle: its own {@code sh -c}. */
  static void assertCanonicalAgreesSingly(String v, long multiplier) {
    String script =
        "f(){ IFS=.; set -- $1; echo $(("
            + multiplier
            + " * $1 + 100 * $2 + $3)); }; x=$(f $1) || exit $?; echo \"$x\"";
    RealProcess.Result r = RealProcess.sh(script, v);
    Dash d;
    if (r.exitCode() == 0) {
      assertThat(r.err()).isEmpty();
      d = new Dash(Optional.of(Long.parseLong(r.out().strip())), 0, "");
    } else {
      Matcher m = DASH_ERROR.matcher(r.err());
      d =
          new Dash(
              Optional.empty(),
              r.exitCode(),
              m.matches() ? m.group(1) : "UNPARSED STDERR: " + r.err());
    }
    assertCanonicalAgrees(v, multiplier, d);
  }

  @Provide
  Arbitrary<String> versionLike() {
    Arbitrary<String> group =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(
                6, Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(3)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().numeric().ofMinLength(18).ofMaxLength(25)),
            net.jqwik.api.Tuple.of(2, Arbitraries.just("")),
            net.jqwik.api.Tuple.of(
                1,
                Arbitraries.strings()
                    .withChars("0123456789abcdefABCDEF")
                    .ofMaxLength(4)
                    .map(s -> "0x" + s)),
            net.jqwik.api.Tuple.of(
                1, Arbitraries.strings().numeric().ofMaxLength(3).map(s -> "0X" + s)));
    Arbitrary<String> version =
        group.list().ofMinSize(1).ofMaxSize(4).map(l -> String.join(".", l));
    Arbitrary<String> ws = Arbitraries.of("", "", "", " ", "\n", "\t", " \n ");
    Arbitrary<String> second =
        Arbitraries.oneOf(
            Arbitraries.just(""), version.map(v -> " " + v), version.map(v -> "\n" + v));
    return Combinators.combine(ws, version, second, ws).as((a, b, c, d) -> a + b + c + d);
  }

  @Provide
  Arbitrary<String> versionSoup() {
    return Arbitraries.strings().withChars("0001234567899....  \n\txX").ofMaxLength(16);
  }

  @Provide
  Arbitrary<List<String>> versionLikeBatch() {
    return versionLike().list().ofMinSize(1).ofMaxSize(25);
  }

  @Provide
  Arbitrary<List<String>> versionSoupBatch() {
    return versionSoup().list().ofMinSize(1).ofMaxSize(25);
  }

  // Each try checks a batch of up to 25 inputs in one dash process (~200 inputs per property).
  // The failure message names the failing input, so shrinking (one process per step) is off.

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void canonicalMatchesDash(@ForAll("versionLikeBatch") List<String> vs) {
    assertCanonicalAgrees(vs, 100000);
  }

  @Property(tries = 8, shrinking = ShrinkingMode.OFF)
  void canonicalMatchesDashOnSoup(@ForAll("versionSoupBatch") List<String> vs) {
    assertCanonicalAgrees(vs, 100000);
  }

  @Property(tries = 4, shrinking = ShrinkingMode.OFF)
  void canonicalMatchesDashWithTheSixDigitMultiplier(@ForAll("versionLikeBatch") List<String> vs) {
    // cc-version.sh's get_canonical_version uses 10000.
    assertCanonicalAgrees(vs, 10000);
  }

  @Example
  void canonicalKnownCases() {
    for (String v :
        List.of(
            "1.78.0",
            "",
            "1.2",
            "1.078.0",
            "1.08.0",
            "0x1f.2.3",
            "0x.1.2",
            "1.2.3.4",
            "1.2.3.",
            "99999999999999999999.0.0",
            "9223372036854775807.0.0",
            " 1.2.3 4.5.6",
            "1.2.3\n4.5.6",
            "00.00.00")) {
      assertCanonicalAgreesSingly(v, 100000);
    }
  }

  /** An empty middle or first field makes {@code + 100 * + 3}: dash reads a unary plus. */
  @Example
  void canonicalEmptyFieldsAreUnaryPlusInDash() {
    assertCanonicalAgreesSingly("1..2", 100000); // dash: 100200
    assertCanonicalAgreesSingly(".1.2", 100000); // dash: 10000002
    assertCanonicalAgreesSingly("..0", 100000); // dash: 0
  }

  // --- echo "$x": DashText.echo ----------------------------------------------------------------

  @Provide
  Arbitrary<String> echoText() {
    Arbitrary<String> token =
        Arbitraries.of(
            "a", "b", "z", " ", "  ", "1", "0", "7", "8", "\t", "\n", "\\", "\\\\", "\\c", "\\n",
            "\\t", "\\a", "\\b", "\\e", "\\f", "\\r", "\\v", "\\0", "\\01", "\\012", "\\0101",
            "\\0777", "\\08", "\\q", "\\x41", "\\u00e9", "%", "%s", "\\1", "\\7", "\\101", "\\8",
            "-");
    return token.list().ofMaxSize(8).map(l -> String.join("", l));
  }

  private static final String END = "@@END@@";

  static void assertEchoAgrees(String s) {
    RealProcess.Result r = RealProcess.sh("echo \"$1\"", s);
    assertThat(r.exitCode()).isZero();
    assertThat(DashText.echo(s)).as("echo " + javaString(s)).isEqualTo(r.out());
  }

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void echoMatchesDash(@ForAll("echoBatch") List<String> batch) {
    RealProcess.Result r =
        RealProcess.sh(
            "for s in \"$@\"; do echo \"$s\"; printf " + END + "; done",
            batch.toArray(new String[0]));
    assertThat(r.exitCode()).isZero();
    String[] outs = r.out().split(END, -1);
    for (int i = 0; i < batch.size(); i++) {
      assertThat(DashText.echo(batch.get(i)))
          .as("echo " + javaString(batch.get(i)))
          .isEqualTo(outs[i]);
    }
  }

  @Provide
  Arbitrary<List<String>> echoBatch() {
    return echoText().list().ofMinSize(1).ofMaxSize(25);
  }

  @Example
  void echoKnownCases() {
    for (String s :
        List.of(
            "",
            "plain",
            "a\\nb",
            "a\\cb",
            "trailing\\",
            "a\\\\b",
            "\\0101",
            "\\0777",
            "\\q",
            "tab\\there")) {
      assertEchoAgrees(s);
    }
  }

  /** dash's echo also reads octal escapes that do not start with 0 ({@code \101} is A). */
  @Example
  void echoOctalWithoutLeadingZero() {
    assertEchoAgrees("a\\101b");
    assertEchoAgrees("a\\1b");
  }

  /** {@code \0} alone is a NUL byte, which dash writes (the reader of $(...) drops it later). */
  @Example
  void echoNulEscape() {
    assertEchoAgrees("a\\0b");
  }

  /** A lone {@code -n} is an option to dash's echo: no output at all. */
  @Example
  void echoDashN() {
    assertEchoAgrees("-n");
    assertEchoAgrees("-n x");
    assertEchoAgrees("-e");
  }

  // --- for w in $x: ShellWords.split -----------------------------------------------------------

  @Provide
  Arbitrary<String> wordText() {
    // No glob characters (* ? [), which the shell would expand against the working directory.
    return Arbitraries.strings().withChars("ab-.=:'\"\\$ \t\n\r\u000b\f").ofMaxLength(20);
  }

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void wordSplittingMatchesDash(@ForAll("wordBatch") List<String> batch) {
    RealProcess.Result r =
        RealProcess.sh(
            "for s in \"$@\"; do for w in $s; do printf '[%s]' \"$w\"; done; printf "
                + END
                + "; done",
            batch.toArray(new String[0]));
    assertThat(r.exitCode()).isZero();
    String[] outs = r.out().split(END, -1);
    for (int i = 0; i < batch.size(); i++) {
      StringBuilder expected = new StringBuilder();
      for (String w : ShellWords.split(batch.get(i))) {
        expected.append('[').append(w).append(']');
      }
      assertThat(expected.toString()).as("split " + javaString(batch.get(i))).isEqualTo(outs[i]);
    }
  }

  @Provide
  Arbitrary<List<String>> wordBatch() {
    return wordText().list().ofMinSize(1).ofMaxSize(25);
  }

  // --- sed -nE '1s:.*WORD (X.Y.Z).*:\1:p': VersionText ----------------------------------------

  @Provide
  Arbitrary<String> toolOutput() {
    Arbitrary<String> token =
        Arbitraries.of(
            "rustc",
            "rustc ",
            "bindgen ",
            "clang version ",
            "clang version",
            "version ",
            "1",
            "01",
            "23",
            "999",
            ".",
            "..",
            " ",
            "\n",
            "\n",
            "\t",
            "\r",
            "(",
            ")",
            "-",
            "a",
            "é",
            "rustc 1.2.3",
            "clang version 19.1.7",
            "1.78.0",
            "99999999999999999999");
    return token.list().ofMaxSize(14).map(l -> String.join("", l));
  }

  private static final String RUSTC_SED = "1s:.*rustc ([0-9]+\\.[0-9]+\\.[0-9]+).*:\\1:p";
  private static final String CLANG_SED = "s:.*clang version ([0-9]+\\.[0-9]+\\.[0-9]+).*:\\1:p";

  /**
   * GNU sed over each input (as bytes, from a file, so any byte survives): its output lines. One
   * dash process loops over the files.
   */
  private static List<List<String>> sed(String expression, List<String> inputs) throws IOException {
    Path dir = Files.createTempDirectory("krt-sed");
    try {
      List<String> files = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        Path f = dir.resolve(String.format("%03d", i));
        Files.write(f, inputs.get(i).getBytes(StandardCharsets.ISO_8859_1));
        files.add(f.toString());
      }
      List<String> args = new ArrayList<>();
      args.add(expression);
      args.addAll(files);
      RealProcess.Result r =
          RealProcess.sh(
              "e=$1; shift; for f in \"$@\"; do LC_ALL=C sed -nE \"$e\" < \"$f\"; printf "
                  + END
                  + "; done",
              args.toArray(new String[0]));
      assertThat(r.exitCode()).as("sed stderr: " + r.err()).isZero();
      String[] outs = r.out().split(END, -1);
      List<List<String>> result = new ArrayList<>();
      for (int i = 0; i < inputs.size(); i++) {
        List<String> lines = new ArrayList<>(List.of(outs[i].split("\n", -1)));
        // sed ends the last line with a newline only if the input had one.
        if (lines.get(lines.size() - 1).isEmpty()) {
          lines.remove(lines.size() - 1);
        }
        result.add(lines);
      }
      return result;
    } finally {
      try (var s = Files.list(dir)) {
        for (Path p : s.collect(java.util.stream.Collectors.toList())) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Provide
  Arbitrary<List<String>> toolOutputBatch() {
    return toolOutput().list().ofMinSize(1).ofMaxSize(25);
  }

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void sedFirstLineMatchesSed(@ForAll("toolOutputBatch") List<String> outs) throws IOException {
    List<List<String>> sed = sed(RUSTC_SED, outs);
    for (int i = 0; i < outs.size(); i++) {
      assertThat(VersionText.sedFirstLine(outs.get(i), "rustc"))
          .as("rustc in " + javaString(outs.get(i)))
          .isEqualTo(sed.get(i).stream().findFirst());
    }
  }

  @Property(tries = 10, shrinking = ShrinkingMode.OFF)
  void sedEveryLineMatchesSed(@ForAll("toolOutputBatch") List<String> outs) throws IOException {
    List<List<String>> sed = sed(CLANG_SED, outs);
    for (int i = 0; i < outs.size(); i++) {
      assertThat(VersionText.sedEveryLine(outs.get(i), "clang version"))
          .as("clang version in " + javaString(outs.get(i)))
          .isEqualTo(sed.get(i));
    }
  }

  @Example
  void sedKnownCases() throws IOException {
    List<String> outs =
        List.of(
            "rustc 1.2.3",
            "rustc 1.2.3\n",
            "x\nrustc 1.2.3\n",
            "rustc 1.2.3 rustc 4.5.6",
            "rustc 1.2.3\r\n",
            "rustc  1.2.3",
            "rustc 1.2",
            "",
            "\u00e9rustc 01.2.3\u00ff");
    List<List<String>> sed = sed(RUSTC_SED, outs);
    for (int i = 0; i < outs.size(); i++) {
      assertThat(VersionText.sedFirstLine(outs.get(i), "rustc"))
          .as(javaString(outs.get(i)))
          .isEqualTo(sed.get(i).stream().findFirst());
    }
  }

  static String javaString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case '\\' -> b.append("\\\\");
        case '"' -> b.append("\\\"");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
