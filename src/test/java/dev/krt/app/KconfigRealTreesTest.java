package dev.krt.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RealProcess;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code krt check --config} against the real thing: Debian's 6.12 and 6.1 trees and every zoo
 * toolchain the tree's script accepts. The test configures each one itself, the way a kernel
 * developer would ({@code make defconfig}, {@code scripts/config --enable RUST}, {@code make
 * olddefconfig}, in its own {@code O=}), and krt's verdict must be what that {@code .config} says.
 * Each culprit line krt names must be in the tree at that place and be false under the real {@code
 * .config}, evaluated by an independent evaluator (Python's).
 */
class KconfigRealTreesTest {
  @TempDir Path tmp;

  /** krt's cache, shared by the tests: an answer one test paid for is the next one's warm cache. */
  @TempDir static Path cache;

  static Stream<Arguments> trees() {
    return Stream.of(
        Arguments.of("6.12", "x86_64"),
        Arguments.of("6.12", "arm64"),
        Arguments.of("6.12", "riscv"),
        Arguments.of("6.12", "loongarch"),
        Arguments.of("6.1", "x86_64"));
  }

  /** The closing note's table: tree, arch, toolchain, rustc, script verdict, Kconfig, culprits. */
  static final List<String> TABLE = java.util.Collections.synchronizedList(new ArrayList<>());

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("trees")
  void krtSaysWhatTheRealKconfigLeaves(String series, String arch) throws Exception {
    Path tree = Zoo.kernel(series);
    JsonNode check =
        krt("--kernel", tree.toString(), "--all", "--config", "defconfig", "--arch", arch);
    List<JsonNode> asked = new ArrayList<>();
    for (JsonNode t : check.path("toolchains")) {
      boolean scriptAccepts = t.path("kernel_exit_code").asInt() == 0;
      // Kconfig is asked exactly when the script accepts the toolchain.
      assertThat(t.path("kconfig").isNull()).as(t.path("name").asText()).isEqualTo(!scriptAccepts);
      if (scriptAccepts) {
        asked.add(t);
      }
    }
    assertThat(asked).as("zoo toolchains the %s script accepts", series).isNotEmpty();
    if (!List.of("x86_64", "arm64").contains(arch)) {
      // Beyond the two main arches, the oldest and the newest rustc are configured by hand too.
      asked.sort((a, b) -> compare(version(a), version(b)));
      asked = asked.size() <= 2 ? asked : List.of(asked.get(0), asked.get(asked.size() - 1));
    }

    // krt's dataset says from which rustc this tree's defconfig keeps RUST on this arch.
    dev.krt.knowledge.KernelRelease row =
        dev.krt.knowledge.KernelPolicies.builtin().find(series + ".y").orElseThrow();
    String minimum =
        row.kconfigMinimum(dev.krt.kernel.Arch.of(arch), "defconfig")
            .orElseThrow(
                () -> new AssertionError("no kconfigRust row for " + series + ".y " + arch))
            .rustc();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<Map<String, String>>> real = new ArrayList<>();
      for (JsonNode t : asked) {
        real.add(pool.submit(() -> realConfig(tree, arch, t.path("programs"), "defconfig", null)));
      }
      for (int i = 0; i < asked.size(); i++) {
        JsonNode t = asked.get(i);
        Map<String, String> config = real.get(i).get();
        String name = t.path("name").asText();
        boolean kept = "y".equals(config.get("RUST"));
        JsonNode k = t.path("kconfig");
        assertThat(k.path("error").isNull()).as(name + ": " + k.path("error")).isTrue();
        assertThat(k.path("rust").asBoolean()).as(name + " keeps CONFIG_RUST").isEqualTo(kept);
        assertThat(t.path("verdict").asText()).isNotEqualTo(kept ? "not_available" : "available");
        List<String> lines = new ArrayList<>();
        for (JsonNode c : k.path("culprits")) {
          assertCulpritIsReal(tree, config, c);
          lines.add(
              c.path("file").asText()
                  + ":"
                  + c.path("line").asInt()
                  + " "
                  + c.path("text").asText());
        }
        assertThat(lines.isEmpty()).as(name + " has a culprit iff RUST is dropped").isEqualTo(kept);
        if (rowDescribes(row, series)) {
          // "none": the arch's defconfig keeps RUST with no rustc at all
          assertThat(!minimum.equals("none") && compare(version(t), minimum) >= 0)
              .as(
                  "%s %s: the dataset's minimum %s agrees with the real .config for %s",
                  series, arch, minimum, name)
              .isEqualTo(kept);
        }
        if (!kept) {
          assertThat(ids(t)).contains("kconfig-rust-refused");
        }
        TABLE.add(
            String.join(
                " | ",
                series,
                arch,
                name,
                t.path("found").path("rustc").path("version").asText(),
                t.path("kernel_exit_code").asInt() == 0 ? "script: available" : "script: refused",
                kept ? "kconfig: RUST=y" : "kconfig: RUST dropped",
                String.join("; ", lines)));
      }
    } finally {
      pool.shutdownNow();
    }
    // What a second ask costs: nothing runs, the answer is the same.
    JsonNode again =
        krt("--kernel", tree.toString(), "--all", "--config", "defconfig", "--arch", arch);
    for (JsonNode t : again.path("toolchains")) {
      if (!t.path("kconfig").isNull()) {
        assertThat(t.path("kconfig").path("cached").asBoolean()).isTrue();
      }
    }
    TABLE.forEach(System.out::println);
  }

  /**
   * Hand-made configs on 6.12 x86_64: MODVERSIONS=y with the newest accepted rustc names {@code
   * !MODVERSIONS}; CFI_CLANG=y with the oldest names the CFI line and, one level down, the version
   * its {@code HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC} needs.
   */
  @Test
  void handMadeConfigsNameTheirCulprit() throws Exception {
    Path tree = Zoo.kernel("6.12");
    JsonNode plain = krt("--kernel", tree.toString(), "--all", "--arch", "x86_64");
    JsonNode oldest = null;
    JsonNode newest = null;
    List<String> refusedByScript = new ArrayList<>();
    for (JsonNode t : plain.path("toolchains")) {
      if (t.path("kernel_exit_code").asInt() != 0) {
        refusedByScript.add(t.path("name").asText() + ": " + ids(t));
        continue;
      }
      String v = t.path("found").path("rustc").path("version").asText();
      if (oldest == null || compare(v, version(oldest)) < 0) {
        oldest = t;
      }
      if (newest == null || compare(v, version(newest)) > 0) {
        newest = t;
      }
    }
    assertThat(oldest).isNotNull();

    Map<String, String> modversions =
        realConfig(tree, "x86_64", newest.path("programs"), "defconfig", "MODVERSIONS");
    assertThat(modversions.get("MODVERSIONS")).isEqualTo("y");
    JsonNode m = fileCheck(tree, newest, "modversions");
    assertThat(texts(m)).contains("depends on !MODVERSIONS");

    Map<String, String> cfi =
        realConfig(tree, "x86_64", oldest.path("programs"), "defconfig", "CFI_CLANG");
    if (!"y".equals(cfi.get("CFI_CLANG"))) {
      Zoo.unavailable("6.12 x86_64 drops CFI_CLANG with " + oldest.path("name").asText());
    }
    // A toolchain the script refused for a passing reason (a probe timing out under load) would
    // make another one "the oldest"; say which ones were left out.
    assertThat(compare(version(oldest), "1.79.0"))
        .as("the oldest accepted is %s; refused: %s", oldest.path("name"), refusedByScript)
        .isNegative();
    JsonNode c = fileCheck(tree, oldest, "cfi");
    JsonNode cfiLine = null;
    for (JsonNode x : c.path("culprits")) {
      if (x.path("text").asText().contains("!CFI_CLANG")) {
        cfiLine = x;
      }
      assertCulpritIsReal(tree, readConfig(tmp.resolve("cfi/.config")), x);
    }
    assertThat(cfiLine).as("the CFI line among %s", texts(c)).isNotNull();
    // below the version HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC needs: krt says which
    assertThat(cfiLine.path("because").toString()).contains("RUSTC_VERSION");
  }

  /**
   * No rustc between 1.78 and 1.85 is in Debian's archive, so the boundary of 6.12's x86_64 gate is
   * reached the way the kernel's own test suite reaches such cases: a real rustc behind a wrapper
   * that reports another version (to the script and to Kconfig's {@code rustc-version.sh} alike).
   * One version below the dataset's minimum loses CONFIG_RUST, the minimum keeps it, in krt's
   * answer and in the real {@code .config}.
   */
  @Test
  void theBoundaryOfTheGateIsTheDatasetsMinimum() throws Exception {
    Path tree = Zoo.kernel("6.12");
    // The gate's version, from the installed tree's own init/Kconfig.
    java.util.regex.Matcher gate =
        java.util.regex.Pattern.compile("depends on !CALL_PADDING \\|\\| RUSTC_VERSION >= (\\d+)")
            .matcher(Files.readString(tree.resolve("init/Kconfig"), StandardCharsets.ISO_8859_1));
    if (!gate.find()) {
      Zoo.unavailable("the installed 6.12 tree has no CALL_PADDING gate in config RUST");
    }
    dev.krt.version.Version min =
        dev.krt.check.KconfigFindings.version("RUSTC_VERSION", Long.parseLong(gate.group(1)));
    dev.krt.knowledge.KernelRelease row =
        dev.krt.knowledge.KernelPolicies.builtin().find("6.12.y").orElseThrow();
    if (rowDescribes(row, "6.12")) {
      assertThat(
              row.kconfigMinimum(dev.krt.kernel.Arch.of("x86_64"), "defconfig")
                  .orElseThrow()
                  .rustc())
          .isEqualTo(min.toString());
    }
    String real = Zoo.bin("rustc-web-1.85", "rustc");
    assertThat(compare(Zoo.rustcVersion("rustc-web-1.85"), min.toString())).isPositive();
    // What a krt killed mid-ask left behind goes at the next ask; krt's own O= goes when it ends.
    Path abandoned = Files.createDirectories(cache.resolve("krt/kconfig/work-abandoned"));
    Files.writeString(abandoned.resolve(".config"), "CONFIG_RUST=y\n");
    Files.setLastModifiedTime(
        abandoned,
        java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
    for (dev.krt.version.Version v :
        List.of(dev.krt.version.Version.of(min.major(), min.minor() - 1, 0), min)) {
      Path fake = tmp.resolve("rustc-" + v).resolve("rustc");
      Files.createDirectories(fake.getParent());
      Files.writeString(
          fake,
          """
          #!/bin/sh
          # rustc %1$s as far as --version tells: a real rustc under it
          case "$*" in
            --version|-V) echo "rustc %1$s (wrapper of %2$s)"; exit 0 ;;
            -vV|"--version --verbose") "%2$s" "$@" | sed -e '1s/.*/rustc %1$s (wrapper)/' -e 's/^release: .*/release: %1$s/'; exit 0 ;;
          esac
          exec "%2$s" "$@"
          """
              .formatted(v, real));
      fake.toFile().setExecutable(true);
      String bindgen = Zoo.bin("bindgen-0.71.1-lc19", "bindgen");
      JsonNode r =
          krt(
              "--kernel",
              tree.toString(),
              "--rustc",
              fake.toString(),
              "--bindgen",
              bindgen,
              "--cc",
              "clang-19",
              "--config",
              "defconfig",
              "--arch",
              "x86_64");
      JsonNode t = r.path("toolchains").get(0);
      assertThat(t.path("kernel_exit_code").asInt()).as(t.toString()).isZero();
      com.fasterxml.jackson.databind.node.ObjectNode programs =
          new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
      programs.put("rustc", fake.toString()).put("bindgen", bindgen).put("cc", "clang-19");
      Map<String, String> config = realConfig(tree, "x86_64", programs, "defconfig", null);
      assertThat(config.get("RUSTC_VERSION")).isEqualTo(Long.toString(v.rustcCode()));
      boolean kept = "y".equals(config.get("RUST"));
      assertThat(kept).as("rustc %s against the gate at %s", v, min).isEqualTo(v.equals(min));
      assertThat(t.path("kconfig").path("rust").asBoolean())
          .as("krt for rustc %s", v)
          .isEqualTo(kept);
    }
    try (var left = Files.newDirectoryStream(cache.resolve("krt/kconfig"), "work-*")) {
      assertThat(left).isEmpty();
    }
  }

  /** A matrix cell whose config step loses CONFIG_RUST names the lines krt check names. */
  @Test
  void theMatrixNamesTheCulpritKrtCheckNames() throws Exception {
    Path tree = Zoo.kernel("6.12");
    JsonNode check =
        krt("--kernel", tree.toString(), "--all", "--config", "defconfig", "--arch", "x86_64");
    Map<String, List<String>> refused = new java.util.LinkedHashMap<>();
    for (JsonNode t : check.path("toolchains")) {
      JsonNode k = t.path("kconfig");
      if (!k.isNull() && !k.path("rust").asBoolean() && k.path("error").isNull()) {
        List<String> at = new ArrayList<>();
        k.path("culprits")
            .forEach(c -> at.add(c.path("file").asText() + ":" + c.path("line").asInt()));
        refused.put(t.path("name").asText(), at);
      }
    }
    if (refused.isEmpty()) {
      Zoo.unavailable(
          "no zoo toolchain that 6.12's script accepts is refused by its x86_64 defconfig");
    }
    Path matrix =
        Zoo.matrix612(
            tmp.resolve("matrix.yaml"),
            String.join(", ", refused.keySet()),
            "[{name: rust, base: defconfig, fragments: [CONFIG_RUST=y]}]",
            "[rustavailable, config]");
    CliHarness h = new CliHarness(tmp);
    h.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    RunKrt.Result r = h.run("matrix", "run", matrix.toString(), "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    JsonNode cells = CliHarness.json(r).path("cells");
    assertThat(cells).hasSize(refused.size());
    for (JsonNode c : cells) {
      assertThat(c.path("classification").asText())
          .as(c.toString())
          .isEqualTo("kconfig-refused-rust");
      assertThat(c.path("first_error").asText())
          .contains(refused.get(c.path("toolchain").asText()));
    }
  }

  /**
   * Whether the dataset's row was learned from the installed release: a newer Debian tree may have
   * other gates, and the row then says nothing about it (the tree's own answers are still checked).
   */
  private static boolean rowDescribes(dev.krt.knowledge.KernelRelease row, String series) {
    return row.asOf().map(Zoo.kernelVersion(series)::equals).orElse(false);
  }

  private JsonNode fileCheck(Path tree, JsonNode toolchain, String dir) throws Exception {
    Path file = tmp.resolve(dir).resolve(".config");
    JsonNode r =
        krt(
            "--kernel",
            tree.toString(),
            "--toolchain",
            toolchain.path("name").asText(),
            "--config",
            file.toString(),
            "--arch",
            "x86_64");
    JsonNode k = r.path("toolchains").get(0).path("kconfig");
    assertThat(k.path("rust").asBoolean())
        .as("%s: %s", toolchain.path("name").asText(), k)
        .isFalse();
    return k;
  }

  /** The line is in the tree where krt says, and false under the real .config. */
  private static void assertCulpritIsReal(Path tree, Map<String, String> config, JsonNode c)
      throws Exception {
    List<String> file =
        Files.readAllLines(tree.resolve(c.path("file").asText()), StandardCharsets.ISO_8859_1);
    String at = file.get(c.path("line").asInt() - 1).strip();
    assertThat(c.path("text").asText())
        .startsWith(at.endsWith("\\") ? at.substring(0, at.length() - 1).strip() : at);
    String expr = c.path("text").asText().replaceFirst("^depends on ", "");
    assertThat(python(expr, config)).as(c.path("text").asText()).isEqualTo("False");
  }

  /**
   * Python's verdict on a Kconfig expression: symbols become their .config values (y and m true,
   * numbers numbers, anything else false), {@code ! && ||} Python's {@code not and or}.
   */
  private static String python(String expr, Map<String, String> config) {
    String program =
        """
        import re, sys
        config = dict(l.split("=", 1) for l in sys.stdin.read().splitlines() if "=" in l)
        def v(name):
            x = config.get(name, "n")
            if re.fullmatch(r"-?\\d+", x): return int(x)
            return x in ("y", "m")
        expr = sys.argv[1]
        py = re.sub(r"[A-Za-z_][A-Za-z0-9_]*", lambda m: "v(%r)" % m.group(0), expr)
        py = py.replace("&&", " and ").replace("||", " or ").replace("!=", " != ")
        py = re.sub(r"!(?!=)", " not ", py)
        py = re.sub(r"(?<![<>!])=(?!=)", "==", py)
        print(bool(eval(py)))
        """;
    StringBuilder in = new StringBuilder();
    config.forEach((k, x) -> in.append(k).append('=').append(x).append('\n'));
    RealProcess.Result r =
        RealProcess.run(
            List.of("/usr/bin/python3", "-c", program, expr),
            RealProcess.C_ENV,
            in.toString().getBytes(StandardCharsets.UTF_8),
            null,
            Duration.ofSeconds(30));
    assertThat(r.exitCode()).as(r.err()).isZero();
    return r.out().strip();
  }

  /**
   * The test's own configuration run: the make variables the Rust CI uses for a Clang toolchain
   * ({@code LLVM=-N}), else {@code CC=}; RUST enabled, or for a hand-made config another symbol.
   */
  private Map<String, String> realConfig(
      Path tree, String arch, JsonNode programs, String target, String alsoEnable)
      throws Exception {
    Path o =
        alsoEnable == null
            ? Files.createTempDirectory(tmp, "o-")
            : Files.createDirectories(
                tmp.resolve(alsoEnable.equals("CFI_CLANG") ? "cfi" : "modversions"));
    List<String> vars = new ArrayList<>();
    vars.add("RUSTC=" + programs.path("rustc").asText());
    vars.add("BINDGEN=" + programs.path("bindgen").asText());
    String cc = programs.path("cc").asText();
    vars.add(cc.matches("clang-\\d+") ? "LLVM=-" + cc.substring(6) : "CC=" + cc);
    if (programs.hasNonNull("rust_lib_src")) {
      vars.add("RUST_LIB_SRC=" + programs.path("rust_lib_src").asText());
    }
    Map<String, String> env = new HashMap<>(RealProcess.C_ENV);
    env.put("HOME", tmp.toString());
    make(tree, o, arch, vars, env, target);
    // A hand-made config is given to krt without RUST: krt enables it itself.
    String symbol = alsoEnable == null ? "RUST" : alsoEnable;
    run(List.of("bash", "scripts/config", "--file", o + "/.config", "--enable", symbol), env, tree);
    make(tree, o, arch, vars, env, "olddefconfig");
    return readConfig(o.resolve(".config"));
  }

  private static void make(
      Path tree, Path o, String arch, List<String> vars, Map<String, String> env, String target) {
    List<String> argv = new ArrayList<>(List.of("make", "-s", "O=" + o, "ARCH=" + arch));
    argv.addAll(vars);
    argv.add(target);
    run(argv, env, tree);
  }

  private static void run(List<String> argv, Map<String, String> env, Path cwd) {
    RealProcess.Result r = RealProcess.run(argv, env, null, cwd, Duration.ofMinutes(5));
    assertThat(r.exitCode()).as(argv + ": " + r.err()).isZero();
  }

  private static Map<String, String> readConfig(Path file) throws Exception {
    Map<String, String> out = new HashMap<>();
    for (String l : Files.readAllLines(file, StandardCharsets.ISO_8859_1)) {
      if (l.startsWith("CONFIG_") && l.contains("=")) {
        out.put(l.substring(7, l.indexOf('=')), l.substring(l.indexOf('=') + 1));
      }
    }
    return out;
  }

  private JsonNode krt(String... args) throws Exception {
    CliHarness h = new CliHarness(tmp);
    h.env.put("XDG_CACHE_HOME", cache.toString());
    h.env.put("KRT_TOOLCHAINS", Zoo.require().resolve("toolchains.toml").toString());
    List<String> argv = new ArrayList<>(List.of("check"));
    argv.addAll(List.of(args));
    argv.addAll(List.of("--format", "json"));
    RunKrt.Result r = h.run(argv.toArray(String[]::new));
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    return CliHarness.json(r);
  }

  private static List<String> ids(JsonNode t) {
    List<String> out = new ArrayList<>();
    t.path("findings").forEach(f -> out.add(f.path("id").asText()));
    return out;
  }

  private static List<String> texts(JsonNode kconfig) {
    List<String> out = new ArrayList<>();
    kconfig.path("culprits").forEach(c -> out.add(c.path("text").asText()));
    return out;
  }

  private static String version(JsonNode t) {
    return t.path("found").path("rustc").path("version").asText();
  }

  private static int compare(String a, String b) {
    return dev.krt.version.Version.parseLenient(a)
        .compareTo(dev.krt.version.Version.parseLenient(b));
  }
}
