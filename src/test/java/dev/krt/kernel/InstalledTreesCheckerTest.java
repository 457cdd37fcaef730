package dev.krt.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The files that decide a tree's Rust check, in the kernel trees this machine has now. Debian takes
 * stable updates without notice and a stable update can backport a checker change (6.12.y got the
 * libclang ≥ 19.1 and ≥ 22 probes that way). Each test names the package and version that brought
 * the change and what to do, so such an update fails here, clearly, before it makes the
 * differential tests fail for reasons that are hard to read.
 */
class InstalledTreesCheckerTest {

  /**
   * The {@code scripts/cc-version.sh} texts the differential tests have run against (krt emulates
   * the script: its ICC branch and error line numbers come from the text), by blob id; which Debian
   * release brought each one is in the message of a failure, read from the zoo manifest.
   */
  static final Set<String> TESTED_CC_VERSION = Set.of("a7e28b6a514e", "2401c86fcf53");

  static Stream<String> series() {
    return Zoo.manifest().stream()
        .filter(p -> p.part().startsWith("kernel:"))
        .map(p -> p.part().substring("kernel:".length()));
  }

  private static String what(String series) {
    Zoo.Part p = Zoo.part("kernel:" + series);
    return "Debian's "
        + p.pkg()
        + " "
        + p.version()
        + " (Linux "
        + p.upstream()
        + ", "
        + Zoo.kernel(series)
        + ")";
  }

  private static byte[] read(String series, String file) throws IOException {
    return Files.readAllBytes(Zoo.kernel(series).resolve(file));
  }

  @ParameterizedTest
  @MethodSource("series")
  void theCheckerIsATextKrtIsTestedAgainst(String series) throws IOException {
    byte[] text = read(series, "scripts/rust_is_available.sh");
    String blob = CheckerEra.gitBlobId(text);
    CheckerEra read = CheckerEra.fromScript(new String(text, StandardCharsets.ISO_8859_1));
    if (CheckerEra.knownText(blob).isEmpty()) {
      fail(
          what(series)
              + " has a scripts/rust_is_available.sh that krt was never tested against (blob "
              + blob.substring(0, 12)
              + "; krt reads it as era '"
              + read.name()
              + "': "
              + read.flags()
              + "). A stable update changed the checker: diff it against the last known text, teach dev.krt.kernel.CheckerEra any new check, run the differential tests"
              + " (OracleCasesTest, KernelTestSuiteTest), then add the blob to CheckerEra.KNOWN_BLOBS and refresh the "
              + series
              + ".y row of kernel-policies.json.");
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void everyProbeHeaderIsOneKrtKnows(String series) throws IOException {
    Set<String> headers = new TreeSet<>();
    try (Stream<Path> s = Files.list(Zoo.kernel(series).resolve("scripts"))) {
      s.map(p -> p.getFileName().toString())
          .filter(n -> n.startsWith("rust_is_available") && n.endsWith(".h"))
          .forEach(headers::add);
    }
    headers.removeAll(CheckerEra.KNOWN_HEADERS);
    if (!headers.isEmpty()) {
      fail(
          what(series)
              + " has probe headers krt does not know: "
              + headers
              + ". A stable update added a bindgen probe: teach dev.krt.kernel.CheckerEra (infer, fromScript, probeHeaders) and the checker emulation the new check.");
    }
  }

  /**
   * When krt stands in for the script (the drop-in) it infers the era from version and headers:
   * that must be what the text says.
   */
  @ParameterizedTest
  @MethodSource("series")
  void theEraInferredWithoutTheScriptIsTheScriptsOwn(String series) throws IOException {
    Path tree = Zoo.kernel(series);
    CheckerEra read =
        CheckerEra.fromScript(
            Files.readString(
                tree.resolve("scripts/rust_is_available.sh"), StandardCharsets.ISO_8859_1));
    Set<String> present = new TreeSet<>();
    for (String h : CheckerEra.KNOWN_HEADERS) {
      if (Files.isRegularFile(tree.resolve("scripts").resolve(h))) {
        present.add(h);
      }
    }
    KernelVersion v =
        KernelVersion.fromMakefile(
                Files.readString(tree.resolve("Makefile"), StandardCharsets.ISO_8859_1))
            .orElseThrow();
    assertThat(CheckerEra.infer(v, present).flags())
        .as(
            what(series)
                + ": the era krt infers from Linux "
                + v
                + " and its probe headers "
                + present
                + " differs from its script's own checks; adjust CheckerEra.infer for this stable line")
        .isEqualTo(read.flags());
  }

  @ParameterizedTest
  @MethodSource("series")
  void minToolVersionIsAScriptKrtCanRead(String series) throws IOException {
    String text =
        new String(read(series, "scripts/min-tool-version.sh"), StandardCharsets.ISO_8859_1);
    try {
      List<String> tools = MinToolVersionScript.parse(text).tools();
      assertThat(tools)
          .as(what(series) + " min-tool-version.sh")
          .contains("rustc", "bindgen", "llvm");
    } catch (MinToolVersionScript.UnsupportedScriptException e) {
      fail(
          what(series)
              + " has a scripts/min-tool-version.sh that krt cannot read: "
              + e.getMessage()
              + ". Teach dev.krt.kernel.MinToolVersionScript the new form (MinToolVersionScriptTest compares it with /bin/sh).");
    }
  }

  @ParameterizedTest
  @MethodSource("series")
  void ccVersionIsATextKrtIsTestedAgainst(String series) throws IOException {
    String blob = CheckerEra.gitBlobId(read(series, "scripts/cc-version.sh")).substring(0, 12);
    if (!TESTED_CC_VERSION.contains(blob)) {
      fail(
          what(series)
              + " has a scripts/cc-version.sh that krt was never tested against (blob "
              + blob
              + "). krt emulates it (dev.krt.check.CcVersionScript): check the change, run the differential tests, then add the blob to "
              + InstalledTreesCheckerTest.class.getSimpleName()
              + ".TESTED_CC_VERSION.");
    }
  }
}
