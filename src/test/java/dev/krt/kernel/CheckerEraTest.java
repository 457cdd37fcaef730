package dev.krt.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krt.testing.RealProcess;
import dev.krt.testing.Reference;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link CheckerEra}: read from the checker's text, inferred from a version and probe headers, and
 * written to/read from an {@code --era} spec. Expected feature sets are the research notes' matrix
 * (eras.md §1), one column per variant.
 */
class CheckerEraTest {

  /** The v7.1 reference lives outside the project (it must not be copied in); read in place. */

  /** Research reconstructions of the mainline texts (eras.md §0), if this machine has them. */

  /** The feature flags in a fixed order, as a compact string for readable comparisons. */
  static String flags(CheckerEra e) {
    List<String> f = new ArrayList<>();
    if (e.verboseFlag()) f.add("verbose");
    if (e.docsTrailer()) f.add("trailer");
    if (e.envChecks()) f.add("env");
    if (e.runFailureChecks()) f.add("runfail");
    if (e.sedParsing()) f.add("sed");
    if (e.outputChecks()) f.add("output");
    if (e.tooNew()) f.add("toonew");
    if (e.bindgenDummyArg()) f.add("dummy");
    if (e.bindgen066Probe()) f.add("p066");
    if (e.libclangSedParsing()) f.add("libsed");
    if (e.libclangConcatProbe()) f.add("concat");
    if (e.libclang22Probe()) f.add("p22");
    if (e.ccQuoted()) f.add("ccquoted");
    return String.join(" ", f);
  }

  // Columns of the feature matrix.
  static final String E61 = "verbose toonew ccquoted";
  static final String E61Y = "runfail sed toonew dummy libsed";
  static final String E61Y_EARLY = "toonew libsed";
  static final String E66 = "trailer env runfail sed output toonew libsed";
  static final String E611 = "trailer env runfail sed output dummy p066 libsed";
  static final String E613 = "trailer env runfail sed output dummy p066 libsed concat";
  static final String E612Y = "trailer env runfail sed output dummy p066 libsed concat p22";
  static final String E71 = "trailer env runfail sed output libsed";
  static final String E73 = "trailer env runfail sed output libsed p22";

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  static String gitHashObject(Path p) {
    RealProcess.Result r = RealProcess.run(List.of("git", "hash-object", p.toString()), null);
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  // --- fromScript on real texts ----------------------------------------------------------------

  @Test
  void debian612() throws IOException {
    Path p = Zoo.kernel("6.12").resolve("scripts/rust_is_available.sh");
    CheckerEra e = CheckerEra.fromScript(read(p));
    assertThat(e.name()).isEqualTo("6.12.y");
    assertThat(flags(e)).isEqualTo(E612Y);
    assertThat(e.arithLine()).isEqualTo(19);
    assertThat(e.blobId())
        .contains(gitHashObject(p))
        .contains("c7577705d49643801038d2f65efef8bd5d3ff254");
    assertThat(e.basis()).isEqualTo("script");
    assertThat(e.pinned()).isFalse();
    assertThat(e.probeHeaders())
        .containsExactly(
            CheckerEra.HEADER_LIBCLANG,
            CheckerEra.HEADER_066,
            CheckerEra.HEADER_CONCAT,
            CheckerEra.HEADER_22);
    assertThat(CheckerEra.looksLikeChecker(read(p))).isTrue();
  }

  @Test
  void debian61() throws IOException {
    Path p = Zoo.kernel("6.1").resolve("scripts/rust_is_available.sh");
    CheckerEra e = CheckerEra.fromScript(read(p));
    assertThat(e.name()).isEqualTo("6.1.y");
    assertThat(flags(e)).isEqualTo(E61Y);
    assertThat(e.arithLine()).isEqualTo(19);
    assertThat(e.blobId())
        .contains(gitHashObject(p))
        .contains("141644c16463664b23e7db9a79fc1d5600673201");
    assertThat(e.pinned()).isTrue();
    assertThat(e.probeHeaders()).containsExactly(CheckerEra.HEADER_LIBCLANG);
  }

  @Test
  void reference71() throws IOException {
    Path v71 = Reference.kernelV71().resolve("rust_is_available.sh");
    CheckerEra e = CheckerEra.fromScript(read(v71));
    assertThat(e.name()).isEqualTo("7.1");
    assertThat(flags(e)).isEqualTo(E71);
    assertThat(e.arithLine()).isEqualTo(19);
    assertThat(e.blobId())
        .contains(gitHashObject(v71))
        .contains("551f1ebd0dcb7de7975b4eb9c6b2a6760578d342");
  }

  // --- fromScript on minimal synthetic texts ---------------------------------------------------

  static final String BASE =
      "#!/bin/sh\n# RUSTC BINDGEN scripts/rust_is_available_bindgen_libclang.h\n";

  /** One signature line per feature, and the flag it must switch on (and nothing else). */
  static Stream<Arguments> signatures() {
    return Stream.of(
        Arguments.of("if [ \"$1\" = -v ]; then", (Predicate<CheckerEra>) CheckerEra::verboseFlag),
        Arguments.of("print_docs_reference() {", (Predicate<CheckerEra>) CheckerEra::docsTrailer),
        Arguments.of(
            "\t\techo >&2 \"*** Environment variable 'RUSTC' is not set.\"",
            (Predicate<CheckerEra>) CheckerEra::envChecks),
        Arguments.of(
            "echo >&2 \"*** Running '$RUSTC' to check the Rust compiler version failed with\"",
            (Predicate<CheckerEra>) CheckerEra::runFailureChecks),
        Arguments.of(
            "\t| sed -nE '1s:.*rustc ([0-9]+\\.[0-9]+\\.[0-9]+).*:\\1:p'",
            (Predicate<CheckerEra>) CheckerEra::sedParsing),
        Arguments.of(
            "echo >&2 \"*** Running '$RUSTC' to check the Rust compiler version did not return\"",
            (Predicate<CheckerEra>) CheckerEra::outputChecks),
        Arguments.of(
            "echo >&2 \"*** Rust compiler '$RUSTC' is too new. This may or may not work.\"",
            (Predicate<CheckerEra>) CheckerEra::tooNew),
        Arguments.of(
            "\tLC_ALL=C \"$BINDGEN\" --version workaround-for-0.69.0 2>/dev/null",
            (Predicate<CheckerEra>) CheckerEra::bindgenDummyArg),
        Arguments.of(
            "if ! \"$BINDGEN\" $(dirname $0)/rust_is_available_bindgen_0_66.h >/dev/null; then",
            (Predicate<CheckerEra>) CheckerEra::bindgen066Probe),
        Arguments.of(
            "\t| sed -nE 's:.*clang version ([0-9]+\\.[0-9]+\\.[0-9]+).*:\\1:p'",
            (Predicate<CheckerEra>) CheckerEra::libclangSedParsing),
        Arguments.of(
            "\"$BINDGEN\" $(dirname $0)/rust_is_available_bindgen_libclang_concat.h | grep -q foofoo",
            (Predicate<CheckerEra>) CheckerEra::libclangConcatProbe),
        Arguments.of(
            "\"$BINDGEN\" $(dirname $0)/rust_is_available_bindgen_libclang_22.h | grep -q 'pub foo'",
            (Predicate<CheckerEra>) CheckerEra::libclang22Probe),
        Arguments.of(
            "cc_name=$($(dirname $0)/cc-version.sh \"$CC\" | cut -f1 -d' ')",
            (Predicate<CheckerEra>) CheckerEra::ccQuoted));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("signatures")
  void eachSignatureLineSwitchesOnItsFlagOnly(String line, Predicate<CheckerEra> flag) {
    CheckerEra none = CheckerEra.fromScript(BASE);
    assertThat(flags(none)).isEmpty();
    CheckerEra e = CheckerEra.fromScript(BASE + line + "\n");
    assertThat(flag.test(e)).as("flag for: " + line).isTrue();
    assertThat(flags(e).split(" ")).as("flags for: " + line).hasSize(1);
  }

  @Test
  void synthetic61IsNamedByItsFeaturesAndArithLine() {
    String t =
        BASE
            + "if [ \"$1\" = -v ]; then\n\twarning=1\nfi\nget_canonical_version()\n{\n\tIFS=.\n\tset -- $1\n\techo $((100000 * $1 + 100 * $2 + $3))\n}\n";
    CheckerEra e = CheckerEra.fromScript(t);
    assertThat(e.name()).isEqualTo("6.1");
    assertThat(e.arithLine()).isEqualTo(10);
    assertThat(e.blobId()).isPresent();
    assertThat(e.blobId().get()).hasSize(40);
  }

  @Test
  void syntheticNearestNames() {
    String trailer = "print_docs_reference\n";
    assertThat(CheckerEra.fromScript(BASE).name()).isEqualTo("6.1.y"); // no trailer, no -v
    assertThat(
            CheckerEra.fromScript(BASE + trailer + "is too new. This may or may not work.\n")
                .name())
        .isEqualTo("6.6");
    assertThat(
            CheckerEra.fromScript(
                    BASE + trailer + "workaround-for-0.69.0 " + CheckerEra.HEADER_066 + "\n")
                .name())
        .isEqualTo("6.11");
    assertThat(
            CheckerEra.fromScript(
                    BASE + trailer + CheckerEra.HEADER_066 + " " + CheckerEra.HEADER_CONCAT + "\n")
                .name())
        .isEqualTo("6.13");
    assertThat(
            CheckerEra.fromScript(
                    BASE
                        + trailer
                        + CheckerEra.HEADER_066
                        + " "
                        + CheckerEra.HEADER_CONCAT
                        + " "
                        + CheckerEra.HEADER_22
                        + "\n")
                .name())
        .isEqualTo("6.12.y");
    assertThat(CheckerEra.fromScript(BASE + trailer + "workaround-for-0.69.0\n").name())
        .isEqualTo("7.0");
    assertThat(CheckerEra.fromScript(BASE + trailer).name()).isEqualTo("7.1");
    assertThat(CheckerEra.fromScript(BASE + trailer + CheckerEra.HEADER_22 + "\n").name())
        .isEqualTo("7.3");
  }

  @Test
  void theSixDigitFormulaAlsoSetsTheArithLine() {
    assertThat(CheckerEra.fromScript("a\nb\n\techo $((10000 * $1 + 100 * $2 + $3))\n").arithLine())
        .isEqualTo(3);
    assertThat(CheckerEra.fromScript("no formula here\n").arithLine()).isZero();
  }

  @Test
  void looksLikeChecker() {
    assertThat(CheckerEra.looksLikeChecker(BASE)).isTrue();
    assertThat(CheckerEra.looksLikeChecker("#!/bin/sh\necho hello\n")).isFalse();
  }

  @Test
  void gitBlobIdIsGitHashObject() {
    assertThat(CheckerEra.gitBlobId(new byte[0]))
        .isEqualTo("e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    assertThat(CheckerEra.gitBlobId("hello\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("ce013625030ba8dba906f756967f9e9ca394464a");
  }

  // --- infer -----------------------------------------------------------------------------------

  static final Set<String> H61 = Set.of(CheckerEra.HEADER_LIBCLANG);
  static final Set<String> H611 = Set.of(CheckerEra.HEADER_LIBCLANG, CheckerEra.HEADER_066);
  static final Set<String> H613 =
      Set.of(CheckerEra.HEADER_LIBCLANG, CheckerEra.HEADER_066, CheckerEra.HEADER_CONCAT);
  static final Set<String> H612Y =
      Set.of(
          CheckerEra.HEADER_LIBCLANG,
          CheckerEra.HEADER_066,
          CheckerEra.HEADER_CONCAT,
          CheckerEra.HEADER_22);
  static final Set<String> H73 = Set.of(CheckerEra.HEADER_LIBCLANG, CheckerEra.HEADER_22);

  /**
   * Version inputs, any sublevel of each range (not the installed trees' versions: {@link
   * #inferenceAgreesWithTheRealScripts} takes those from the trees themselves).
   */
  static Stream<Arguments> inferred() {
    return Stream.of(
        Arguments.of("6.1.0", H61, "6.1", E61, 21),
        Arguments.of("6.1.52", H61, "6.1", E61, 21),
        Arguments.of("6.1.53", H61, "6.1.y (early)", E61Y_EARLY, 19),
        Arguments.of("6.1.106", H61, "6.1.y (early)", E61Y_EARLY, 19),
        Arguments.of("6.1.107", H61, "6.1.y", E61Y, 19),
        Arguments.of("6.1.150", H61, "6.1.y", E61Y, 19),
        Arguments.of("6.4.16", H61, "6.1.y (early)", E61Y_EARLY, 19),
        Arguments.of("6.5", H61, "6.1", E61, 21),
        Arguments.of("6.6", H61, "6.6", E66, 19),
        Arguments.of("6.10", H61, "6.6", E66, 19),
        Arguments.of("6.11", H611, "6.11", E611, 19),
        Arguments.of("6.12", H611, "6.11", E611, 19),
        Arguments.of("6.12.100", H612Y, "6.12.y", E612Y, 19),
        Arguments.of("6.12.90", H613, "6.13", E613, 19),
        Arguments.of("6.13", H613, "6.13", E613, 19),
        Arguments.of("7.0", H613, "6.13", E613, 19),
        Arguments.of("7.1", H61, "7.1", E71, 19),
        Arguments.of("7.2", H61, "7.1", E71, 19),
        Arguments.of("7.3", H73, "7.3", E73, 19));
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("inferred")
  void infer(String version, Set<String> headers, String name, String flags, int line) {
    CheckerEra e = CheckerEra.infer(KernelVersion.parse(version).orElseThrow(), headers);
    assertThat(e.name()).isEqualTo(name);
    assertThat(flags(e)).isEqualTo(flags);
    assertThat(e.arithLine()).isEqualTo(line);
    assertThat(e.blobId()).isEmpty();
    assertThat(e.basis()).isEqualTo("inferred");
    assertThat(Set.copyOf(e.probeHeaders())).isEqualTo(headers);
  }

  /** Where krt can read the script, inference must reach the same feature set. */
  @Test
  void inferenceAgreesWithTheRealScripts() throws IOException {
    CheckerEra s612 =
        CheckerEra.fromScript(read(Zoo.kernel("6.12").resolve("scripts/rust_is_available.sh")));
    KernelVersion v612 = KernelVersion.parse(Zoo.kernelVersion("6.12")).orElseThrow();
    KernelVersion v61 = KernelVersion.parse(Zoo.kernelVersion("6.1")).orElseThrow();
    assertThat(flags(CheckerEra.infer(v612, H612Y))).isEqualTo(flags(s612));
    CheckerEra s61 =
        CheckerEra.fromScript(read(Zoo.kernel("6.1").resolve("scripts/rust_is_available.sh")));
    assertThat(flags(CheckerEra.infer(v61, H61))).isEqualTo(flags(s61));
    assertThat(CheckerEra.infer(v61, H61).arithLine()).isEqualTo(s61.arithLine());
  }

  // --- spec ------------------------------------------------------------------------------------

  @SuppressWarnings("unchecked")
  static Stream<CheckerEra> eras() {
    List<CheckerEra> l = new ArrayList<>();
    for (Arguments a : inferred().toList()) {
      Object[] x = a.get();
      l.add(CheckerEra.infer(KernelVersion.parse((String) x[0]).orElseThrow(), (Set<String>) x[1]));
    }
    l.add(CheckerEra.fromScript(BASE + "cc-version.sh \"$CC\"\n"));
    l.add(
        new CheckerEra(
            "odd, name",
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            true,
            7,
            Optional.empty(),
            "given"));
    return l.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eras")
  void specRoundTrips(CheckerEra e) {
    CheckerEra back = CheckerEra.fromSpec(e.spec());
    assertThat(back.name()).isEqualTo(e.name().replace(',', ' '));
    assertThat(flags(back)).isEqualTo(flags(e));
    assertThat(back.arithLine()).isEqualTo(e.arithLine());
    assertThat(back.basis()).isEqualTo("given");
    assertThat(back.blobId()).isEmpty();
    assertThat(back.spec()).isEqualTo(e.spec());
  }

  @Test
  void specExample() {
    CheckerEra e = CheckerEra.infer(KernelVersion.parse("7.1").orElseThrow(), H61);
    assertThat(e.spec()).isEqualTo("name=7.1,trailer,env,runfail,sed,output,libsed,line=19");
    CheckerEra defaults = CheckerEra.fromSpec("");
    assertThat(defaults.name()).isEqualTo("given");
    assertThat(defaults.arithLine()).isEqualTo(19);
    assertThat(flags(defaults)).isEmpty();
  }

  @Test
  void badSpecNamesTheFlag() {
    assertThatThrownBy(() -> CheckerEra.fromSpec("name=x,trailer,bogus"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'bogus'")
        .hasMessageContaining("known:");
    assertThatThrownBy(() -> CheckerEra.fromSpec("Trailer"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Trailer");
  }

  @Test
  void badLineInSpecNamesTheFlag() {
    assertThatThrownBy(() -> CheckerEra.fromSpec("name=x,line=abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("line");
  }
}
