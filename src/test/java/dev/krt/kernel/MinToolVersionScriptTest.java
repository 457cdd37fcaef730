package dev.krt.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.krt.kernel.MinToolVersionScript.Result;
import dev.krt.kernel.MinToolVersionScript.UnsupportedScriptException;
import dev.krt.testing.RealProcess;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link MinToolVersionScript} interprets {@code scripts/min-tool-version.sh}; the real variants
 * (in {@code src/test/resources/min-tool-version/}) are run with {@code /bin/sh} for every tool and
 * architecture and must give the same stdout line, exit code and stderr.
 *
 * <p>Variants: {@code v6.1} and {@code v6.12}: the real files of the zoo's Debian 6.1 and 6.12
 * trees, whatever sublevel Debian ships today; {@code v6.8}, {@code v6.15-o} (the only {@code -o}
 * use), {@code v7.1} and {@code newest-s390-powerpc}: krt-written fixtures with those releases'
 * versions and arch conditions in the kernel's shell forms.
 */
class MinToolVersionScriptTest {

  static final List<String> VARIANTS =
      List.of("v6.1", "v6.8", "v6.12", "v6.15-o", "v7.1", "newest-s390-powerpc");
  static final List<String> TOOLS =
      List.of("binutils", "gcc", "llvm", "rustc", "bindgen", "icc", "bogus");
  static final List<Arch> ARCHES =
      List.of(
          new Arch("x86_64", "x86"),
          new Arch("arm64", "arm64"),
          new Arch("s390", "s390"),
          new Arch("powerpc", "powerpc"),
          new Arch("loongarch", "loongarch"),
          new Arch("parisc64", "parisc"),
          new Arch("riscv", "riscv"));

  /** v6.1 and v6.12 are Debian's real trees (the zoo); the rest are krt-written fixtures. */
  static Path file(String variant) throws URISyntaxException {
    if (variant.equals("v6.1") || variant.equals("v6.12")) {
      return dev.krt.testing.Zoo.kernel(variant.substring(1))
          .resolve("scripts/min-tool-version.sh");
    }
    return Path.of(
        MinToolVersionScriptTest.class.getResource("/min-tool-version/" + variant + ".sh").toURI());
  }

  static String text(String variant) throws IOException, URISyntaxException {
    return Files.readString(file(variant), StandardCharsets.ISO_8859_1);
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (String v : VARIANTS) {
      for (String t : TOOLS) {
        for (Arch a : ARCHES) {
          out.add(Arguments.of(v, t, a.arch(), a.srcarch()));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0} {1} ARCH={2} SRCARCH={3}")
  @MethodSource("cases")
  void agreesWithDash(String variant, String tool, String arch, String srcarch) throws Exception {
    Map<String, String> env = Map.of("ARCH", arch, "SRCARCH", srcarch);
    RealProcess.Result sh =
        RealProcess.run(
            List.of("/bin/sh", file(variant).toString(), tool),
            env,
            null,
            null,
            Duration.ofSeconds(20));
    String out = sh.out();
    Optional<String> line =
        out.isEmpty()
            ? Optional.empty()
            : Optional.of(out.endsWith("\n") ? out.substring(0, out.length() - 1) : out);

    Result r = MinToolVersionScript.parse(text(variant)).evaluate(tool, env);

    assertThat(r.exitCode()).as("exit code").isEqualTo(sh.exitCode());
    assertThat(r.version()).as("stdout line").isEqualTo(line);
    assertThat(r.stderr()).as("stderr").isEqualTo(sh.err());
  }

  @Test
  void knownAnswers() throws Exception {
    Map<String, String> x86 = Map.of("ARCH", "x86_64", "SRCARCH", "x86");
    Map<String, String> s390 = Map.of("ARCH", "s390", "SRCARCH", "s390");
    Map<String, String> ppc = Map.of("ARCH", "powerpc", "SRCARCH", "powerpc");
    assertThat(MinToolVersionScript.parse(text("v6.1")).evaluate("rustc", x86).version())
        .contains("1.62.0");
    assertThat(MinToolVersionScript.parse(text("v6.1")).evaluate("llvm", s390).version())
        .contains("15.0.0");
    assertThat(MinToolVersionScript.parse(text("v6.1")).evaluate("icc", x86).version())
        .contains("16.0.3");
    assertThat(MinToolVersionScript.parse(text("v6.15-o")).evaluate("llvm", x86).version())
        .contains("15.0.0");
    MinToolVersionScript newest = MinToolVersionScript.parse(text("newest-s390-powerpc"));
    assertThat(newest.evaluate("rustc", s390).version()).contains("1.96.0");
    assertThat(newest.evaluate("rustc", ppc).version()).contains("1.95.0");
    assertThat(newest.evaluate("rustc", x86).version()).contains("1.85.0");
    // powerpc keys on $ARCH: SRCARCH alone does not select it.
    assertThat(newest.evaluate("rustc", Map.of("SRCARCH", "powerpc")).version()).contains("1.85.0");
    Result bogus = newest.evaluate("bogus", x86);
    assertThat(bogus.version()).isEmpty();
    assertThat(bogus.exitCode()).isEqualTo(1);
    assertThat(bogus.stderr()).isEqualTo("bogus: unknown tool\n");
  }

  @Test
  void toolsAreTheArmsWithoutTheDefault() throws Exception {
    assertThat(MinToolVersionScript.parse(text("v6.1")).tools())
        .containsExactly("binutils", "gcc", "icc", "llvm", "rustc", "bindgen");
    assertThat(MinToolVersionScript.parse(text("v7.1")).tools())
        .containsExactly("binutils", "gcc", "llvm", "rustc", "bindgen");
  }

  @Test
  void orAndAndNotEqualAndLists() throws Exception {
    String s =
        "case \"$1\" in\n"
            + "a) if [ \"$ARCH\" = x -a \"$SRCARCH\" != y ]; then echo 1.0.0; else echo 2.0.0; fi ;;\n"
            + "b) if [ \"$ARCH\" = x ] || [ \"$ARCH\" = z ]; then echo 3.0.0; elif [ \"$ARCH\" = w ] && [ \"$SRCARCH\" = w ]; then echo 4.0.0; fi ;;\n"
            + "c|d) echo \"$1\" 5.0.0 ;;\n"
            + "esac\n";
    MinToolVersionScript m = MinToolVersionScript.parse(s);
    assertThat(m.evaluate("a", Map.of("ARCH", "x", "SRCARCH", "q")).version()).contains("1.0.0");
    assertThat(m.evaluate("a", Map.of("ARCH", "x", "SRCARCH", "y")).version()).contains("2.0.0");
    assertThat(m.evaluate("b", Map.of("ARCH", "z")).version()).contains("3.0.0");
    assertThat(m.evaluate("b", Map.of("ARCH", "w", "SRCARCH", "w")).version()).contains("4.0.0");
    assertThat(m.evaluate("b", Map.of("ARCH", "w", "SRCARCH", "v")).version()).isEmpty();
    assertThat(m.evaluate("d", Map.of()).version()).contains("d 5.0.0");
    // No default arm: nothing printed, success (as sh does).
    assertThat(m.evaluate("zzz", Map.of()).exitCode()).isZero();
  }

  // --- Scripts beyond the subset must be refused, never guessed at. ----------------------------

  static String withRustcArm(String body) {
    return "#!/bin/sh\nset -e\ncase \"$1\" in\nbinutils)\n\techo 2.30.0\n\t;;\nrustc)\n"
        + body
        + "\n\t;;\n*)\n\techo \"$1: unknown tool\" >&2\n\texit 1\n\t;;\nesac\n";
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\techo $(cat rust-version)",
        "\techo `cat rust-version`",
        "\twhile true; do echo 1.85.0; done",
        "\tfor v in 1.85.0; do echo $v; done",
        "\techo 1.85.0 | cat",
        "\tif echo x | grep -q x; then echo 1.85.0; fi",
        "\techo 1.85.0 > /dev/null",
        "\tversion=1.85.0; echo $version",
        "\techo ${RUSTC_MIN:-1.85.0}",
        "\tprintf '%s\\n' 1.85.0",
        "\techo 1.85.0 &",
        "\ttest \"$ARCH\" = x && echo 1.85.0",
      })
  void unsupportedScriptsAreRefused(String rustcArm) {
    String text = withRustcArm(rustcArm);
    Result[] got = new Result[1];
    Throwable t =
        catchThrowable(
            () ->
                got[0] =
                    MinToolVersionScript.parse(text)
                        .evaluate("rustc", Map.of("ARCH", "x86_64", "SRCARCH", "x86")));
    assertThat(t)
        .as("rustc arm '%s' was not refused; evaluate gave %s", rustcArm.strip(), got[0])
        .isInstanceOf(UnsupportedScriptException.class);
  }

  @Test
  void aScriptWithoutACaseIsRefused() {
    assertThatThrownBy(() -> MinToolVersionScript.parse("#!/bin/sh\necho 1.85.0\n"))
        .isInstanceOf(UnsupportedScriptException.class);
  }
}
