package dev.krt.kernel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which checks a tree's {@code scripts/rust_is_available.sh} makes, as a set of features.
 *
 * <p>Mainline had six texts (v6.1, v6.6, v6.11, v6.13, v6.14, v7.1) and stable trees mix them with
 * backports (6.1.192 has the v6.6 parsing but no docs trailer; 6.12.117 has the libclang ≥ 19.1 and
 * ≥ 22 probes of later releases), so an era is a feature set, not a release name. It is read from
 * the script's text where krt can read it, or inferred from the kernel version and the probe
 * headers present when krt stands in for the script itself.
 *
 * @param name the nearest mainline variant, e.g. {@code 6.13}, or {@code 6.12.y} for a hybrid
 * @param verboseFlag v6.1.0–v6.5: messages only with {@code -v}; versions by {@code grep -oE}
 * @param docsTrailer v6.6+: an EXIT trap prints the quick-start reference on failure or warning
 * @param envChecks v6.6+: RUSTC, BINDGEN and CC must be set
 * @param runFailureChecks report a failing {@code --version} run with its exit code
 * @param sedParsing versions by {@code sed '1s:.*rustc (X.Y.Z).*'} (v6.6+, 6.1.107+)
 * @param outputChecks v6.6+: "did not return an expected output" for unparsable versions
 * @param tooNew pinned era: "is too new. This may or may not work." warnings
 * @param bindgenDummyArg v6.11–v7.0: {@code bindgen --version workaround-for-0.69.0}
 * @param bindgen066Probe v6.11–v7.0: bindgen 0.66.0/0.66.1 warning
 * @param libclangSedParsing libclang version by sed on any line (else {@code grep -F | grep -oE})
 * @param libclangConcatProbe v6.13–v7.0 (and backports): bindgen &lt; 0.69.5 with libclang ≥ 19.1
 * @param libclang22Probe v7.3 (and backports): bindgen &lt; 0.72.1 with libclang ≥ 22
 * @param ccQuoted v6.1.0: {@code cc-version.sh "$CC"} (later unquoted, for {@code ccache gcc})
 * @param arithLine the script line of {@code echo $((100000 * ...))}, which dash names in its
 *     arithmetic errors
 * @param blobId the git blob id of the script text, when krt read it
 * @param basis how the era was learnt: {@code script}, {@code inferred}, {@code given}
 */
public record CheckerEra(
    String name,
    boolean verboseFlag,
    boolean docsTrailer,
    boolean envChecks,
    boolean runFailureChecks,
    boolean sedParsing,
    boolean outputChecks,
    boolean tooNew,
    boolean bindgenDummyArg,
    boolean bindgen066Probe,
    boolean libclangSedParsing,
    boolean libclangConcatProbe,
    boolean libclang22Probe,
    boolean ccQuoted,
    int arithLine,
    Optional<String> blobId,
    String basis) {

  public static final String HEADER_LIBCLANG = "rust_is_available_bindgen_libclang.h";
  public static final String HEADER_066 = "rust_is_available_bindgen_0_66.h";
  public static final String HEADER_CONCAT = "rust_is_available_bindgen_libclang_concat.h";
  public static final String HEADER_22 = "rust_is_available_bindgen_libclang_22.h";

  /** Known mainline and Debian texts by git blob id (research notes: shared reference, §1). */
  private static final Map<String, String> KNOWN_BLOBS =
      Map.of(
          "aebbf1913970", "6.1",
          "117018946b57", "6.6",
          "5262c56dd674", "6.11",
          "93c0ef7fb3fb", "6.13",
          "d2323de0692c", "6.14",
          "551f1ebd0dcb", "7.1",
          "141644c16463", "6.1.y",
          "c7577705d496", "6.12.y");

  /**
   * The era name of a checker text krt has been tested against (by git blob id, full or its first
   * 12 digits), or empty for a text krt has only read.
   */
  public static Optional<String> knownText(String blobId) {
    return blobId.length() < 12
        ? Optional.empty()
        : Optional.ofNullable(KNOWN_BLOBS.get(blobId.substring(0, 12)));
  }

  /** The probe headers krt knows, one per probe the kernel's checkers have had. */
  public static final List<String> KNOWN_HEADERS =
      List.of(HEADER_LIBCLANG, HEADER_066, HEADER_CONCAT, HEADER_22);

  /** Whether the check still expects one exact version (≤ v6.10) rather than a minimum. */
  public boolean pinned() {
    return tooNew;
  }

  /** The probe headers this era passes to bindgen. */
  public List<String> probeHeaders() {
    List<String> h = new ArrayList<>();
    h.add(HEADER_LIBCLANG);
    if (bindgen066Probe) {
      h.add(HEADER_066);
    }
    if (libclangConcatProbe) {
      h.add(HEADER_CONCAT);
    }
    if (libclang22Probe) {
      h.add(HEADER_22);
    }
    return h;
  }

  /** Short list of the era's distinguishing checks, for humans. */
  public List<String> describeFeatures() {
    List<String> f = new ArrayList<>();
    if (verboseFlag) {
      f.add("-v option (messages only with -v)");
    }
    f.add(tooNew ? "pinned version (\"too new\" warnings)" : "minimum version");
    if (envChecks) {
      f.add("environment checks");
    }
    if (outputChecks) {
      f.add("output checks");
    }
    if (docsTrailer) {
      f.add("docs trailer");
    }
    if (bindgenDummyArg) {
      f.add("bindgen --version dummy argument");
    }
    if (bindgen066Probe) {
      f.add("bindgen 0.66 probe");
    }
    if (libclangConcatProbe) {
      f.add("libclang >= 19.1 probe");
    }
    if (libclang22Probe) {
      f.add("libclang >= 22 probe");
    }
    return f;
  }

  // ---------------------------------------------------------------------------------------------

  /** Reads the era from the checker script's own text. */
  public static CheckerEra fromScript(String script) {
    boolean verbose = script.contains("\"$1\" = -v");
    boolean trailer = script.contains("print_docs_reference");
    boolean env = script.contains("Environment variable 'RUSTC' is not set");
    boolean runFail = script.contains("to check the Rust compiler version failed with");
    boolean sed = script.contains("'1s:.*rustc (");
    boolean output = script.contains("to check the Rust compiler version did not return");
    boolean tooNew = script.contains("is too new. This may or may not work.");
    boolean dummy = script.contains("workaround-for-0.69.0");
    boolean p066 = script.contains(HEADER_066);
    boolean libSed = script.contains("s:.*clang version (");
    boolean concat = script.contains(HEADER_CONCAT);
    boolean p22 = script.contains(HEADER_22);
    boolean ccQuoted = script.contains("cc-version.sh \"$CC\"");
    int line = 0;
    String[] lines = script.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains("echo $((100000 *") || lines[i].contains("echo $((10000 *")) {
        line = i + 1;
        break;
      }
    }
    String blob = gitBlobId(script.getBytes(StandardCharsets.ISO_8859_1));
    String name =
        knownText(blob)
            .orElseGet(() -> nearestName(verbose, trailer, tooNew, dummy, p066, concat, p22));
    return new CheckerEra(
        name,
        verbose,
        trailer,
        env,
        runFail,
        sed,
        output,
        tooNew,
        dummy,
        p066,
        libSed,
        concat,
        p22,
        ccQuoted,
        line,
        Optional.of(blob),
        "script");
  }

  /** Whether a text looks like any variant of the kernel's checker at all. */
  public static boolean looksLikeChecker(String script) {
    return script.contains("RUSTC")
        && script.contains("BINDGEN")
        && script.contains("rust_is_available_bindgen_libclang.h");
  }

  private static String nearestName(
      boolean verbose,
      boolean trailer,
      boolean tooNew,
      boolean dummy,
      boolean p066,
      boolean concat,
      boolean p22) {
    if (verbose) {
      return "6.1";
    }
    if (!trailer) {
      return "6.1.y";
    }
    if (tooNew) {
      return "6.6";
    }
    if (p066 && (concat || p22)) {
      return p22 ? "6.12.y" : "6.13";
    }
    if (p066) {
      return "6.11";
    }
    return p22 ? "7.3" : (dummy ? "7.0" : "7.1");
  }

  /**
   * Infers the era without reading the script (krt then stands in for it): from the kernel version
   * and which probe headers sit next to it. Probes come and go with their headers, so those are
   * exact; the rest follows mainline history plus the known 6.1.y backports (6.1.53: the first four
   * v6.6 commits; 6.1.107: sed parsing, run-failure messages, the dummy argument).
   */
  public static CheckerEra infer(KernelVersion v, Set<String> headersPresent) {
    boolean p066 = headersPresent.contains(HEADER_066);
    boolean concat = headersPresent.contains(HEADER_CONCAT);
    boolean p22 = headersPresent.contains(HEADER_22);
    String basis = "inferred";
    if (v.before(6, 6)) {
      boolean stable61 = v.version() == 6 && v.patchlevel() == 1;
      boolean partial =
          (stable61 && v.sublevel() >= 53)
              || (v.version() == 6 && v.patchlevel() == 4 && v.sublevel() >= 16);
      boolean late = stable61 && v.sublevel() >= 107;
      if (!partial) {
        return new CheckerEra(
            "6.1",
            true,
            false,
            false,
            false,
            false,
            false,
            true,
            false,
            false,
            false,
            false,
            false,
            true,
            21,
            Optional.empty(),
            basis);
      }
      return new CheckerEra(
          late ? "6.1.y" : "6.1.y (early)",
          false,
          false,
          false,
          late,
          late,
          false,
          true,
          late,
          false,
          true,
          false,
          false,
          false,
          19,
          Optional.empty(),
          basis);
    }
    if (v.before(6, 11)) {
      return new CheckerEra(
          "6.6",
          false,
          true,
          true,
          true,
          true,
          true,
          true,
          false,
          false,
          true,
          false,
          false,
          false,
          19,
          Optional.empty(),
          basis);
    }
    boolean dummy = v.before(7, 1);
    String name = nearestName(false, true, false, dummy, p066, concat, p22);
    return new CheckerEra(
        name,
        false,
        true,
        true,
        true,
        true,
        true,
        false,
        dummy,
        p066,
        true,
        concat,
        p22,
        false,
        19,
        Optional.empty(),
        basis);
  }

  /** Parses the {@code --era} value written into installed wrappers (see {@link #spec()}). */
  public static CheckerEra fromSpec(String spec) {
    String name = "given";
    int line = 19;
    Set<String> flags = new java.util.HashSet<>();
    for (String part : spec.split(",")) {
      String p = part.trim();
      if (p.startsWith("name=")) {
        name = p.substring(5);
      } else if (p.startsWith("line=")) {
        try {
          line = Integer.parseInt(p.substring(5));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(
              "era flag 'line' needs a number, not '" + p.substring(5) + "'");
        }
      } else if (!p.isEmpty()) {
        if (!SPEC_FLAGS.contains(p)) {
          throw new IllegalArgumentException(
              "unknown era flag '" + p + "' (known: " + String.join(", ", SPEC_FLAGS) + ")");
        }
        flags.add(p);
      }
    }
    return new CheckerEra(
        name,
        flags.contains("verbose"),
        flags.contains("trailer"),
        flags.contains("env"),
        flags.contains("runfail"),
        flags.contains("sed"),
        flags.contains("output"),
        flags.contains("toonew"),
        flags.contains("dummy"),
        flags.contains("p066"),
        flags.contains("libsed"),
        flags.contains("concat"),
        flags.contains("p22"),
        flags.contains("ccquoted"),
        line,
        Optional.empty(),
        "given");
  }

  private static final List<String> SPEC_FLAGS =
      List.of(
          "verbose",
          "trailer",
          "env",
          "runfail",
          "sed",
          "output",
          "toonew",
          "dummy",
          "p066",
          "libsed",
          "concat",
          "p22",
          "ccquoted");

  /** A compact, lossless text form for {@code krt rust-is-available --era}. */
  public String spec() {
    List<String> p = new ArrayList<>();
    p.add("name=" + name.replace(',', ' '));
    boolean[] f = {
      verboseFlag,
      docsTrailer,
      envChecks,
      runFailureChecks,
      sedParsing,
      outputChecks,
      tooNew,
      bindgenDummyArg,
      bindgen066Probe,
      libclangSedParsing,
      libclangConcatProbe,
      libclang22Probe,
      ccQuoted
    };
    for (int i = 0; i < f.length; i++) {
      if (f[i]) {
        p.add(SPEC_FLAGS.get(i));
      }
    }
    p.add("line=" + arithLine);
    return String.join(",", p);
  }

  /** The era's checks without its name: two eras with equal flags make the same checks. */
  public String flags() {
    return spec().replaceFirst("^name=[^,]*,?", "");
  }

  /** {@code git hash-object} of some bytes. */
  public static String gitBlobId(byte[] content) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-1");
      md.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
      md.update(content);
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
