package dev.krt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code krt features} end to end on Debian's 6.12 tree and real zoo compilers. */
class FeaturesCommandTest {
  @TempDir Path tmp;
  private CliHarness cli;
  private Map<String, String> env;

  @BeforeEach
  void env() throws IOException {
    cli = new CliHarness(tmp);
    env = cli.env;
    env.put("ARCH", "x86_64");
  }

  private RunKrt.Result krt(String... args) throws IOException {
    return cli.run(args);
  }

  private static JsonNode json(RunKrt.Result r) throws IOException {
    return CliHarness.json(r);
  }

  private String[] zoo612(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "features",
                "--kernel",
                Zoo.kernel("6.12").toString(),
                "--toolchains",
                Zoo.require().resolve("toolchains.toml").toString(),
                "--toolchain",
                "rustc-web-1.85",
                "rustup-nightly"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  /**
   * {@code file:line} of the first line of the 6.12 tree's file that contains {@code text}: stable
   * updates move lines, so the tests find them as a reader would.
   */
  private static String at(String file, String text) throws IOException {
    List<String> lines =
        Files.readAllLines(
            Zoo.kernel("6.12").resolve(file), java.nio.charset.StandardCharsets.ISO_8859_1);
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(text)) {
        return file + ":" + (i + 1);
      }
    }
    throw new AssertionError(file + " of the 6.12 tree has no line with '" + text + "'");
  }

  @Test
  void reportOnThe612TreeAsJson() throws IOException {
    RunKrt.Result r = krt(zoo612("--format", "json"));
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode j = json(r);
    assertThat(j.get("schema").asText()).isEqualTo("krt.features/2");
    assertThat(j.get("minimum").asText()).isEqualTo("1.78.0");
    assertThat(j.at("/toolchains/0/features/inline_const/status").asText()).isEqualTo("stable");
    assertThat(j.at("/toolchains/0/features/inline_const/since").asText()).isEqualTo("1.79.0");
    assertThat(j.at("/toolchains/1/features/arbitrary_self_types/status").asText())
        .isEqualTo("unstable");
    assertThat(j.get("newest").asText()).isEqualTo("rustup-nightly");
    assertThat(j.get("blockers").toString())
        .contains("arbitrary_self_types", "used_with_arg")
        .doesNotContain("inline_const");
    assertThat(j.at("/stable_since/lint_reasons").asText()).isEqualTo("1.81.0");
    JsonNode last = j.get("steps").get(j.get("steps").size() - 1);
    assertThat(last.get("minimum").asText()).isEqualTo("1.81.0");
    assertThat(last.get("features").toString()).contains("inline_const", "lint_reasons");
    assertThat(j.get("zflags_gone_on_newest").toString()).doesNotContain("no-jump-tables");
    assertThat(j.at("/usage/zflags").toString()).contains("\"only_if\":\"rustc < 1.93.0\"");
    assertThat(j.at("/usage/features/0/uses/0/file").asText()).isNotEmpty();
  }

  @Test
  void markdownIsATableToPaste() throws IOException {
    RunKrt.Result r = krt(zoo612("--format", "markdown"));
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .contains("| feature | used in |")
        .contains(
            "| `inline_const` | " + at("rust/kernel/lib.rs", "#![feature(inline_const)]") + " |")
        .contains("stable 1.79.0")
        .contains("**Blockers**")
        .contains("Raise the minimum to 1.81.0 and 2 feature gates go away");
    // Passed only to rustc < 1.93 (the Makefile's own version branch), so nightly lacking it is no
    // news.
    assertThat(r.stdout())
        .contains(
            "| `-Zno-jump-tables` | "
                + at("arch/x86/Makefile", "-Zno-jump-tables")
                + " (rustc < 1.93.0) | yes | **no** |");
  }

  @Test
  void gatesThatAMinimumBumpMakesDead() throws IOException {
    JsonNode at185 =
        json(
            krt(
                "features",
                "--kernel",
                Zoo.kernel("6.12").toString(),
                "--gates",
                "--min-rustc",
                "1.85.0",
                "--format",
                "json"));
    Map<String, String> fate = new HashMap<>();
    at185
        .get("gates")
        .forEach(
            g ->
                fate.put(
                    g.get("file").asText()
                        + ":"
                        + g.get("line").asText()
                        + " "
                        + g.at("/comparisons/0/version").asText(),
                    g.get("fate").asText()));
    assertThat(fate)
        .containsEntry(at("arch/Kconfig", "RUSTC_VERSION >= 107900") + " 1.79.0", "always_true")
        .containsEntry(at("init/Kconfig", "RUSTC_VERSION >= 108100") + " 1.81.0", "always_true")
        .containsEntry(
            at("arch/arm64/Makefile", "rustc-min-version, 108500") + " 1.85.0", "always_true");
    assertThat(fate)
        .containsEntry(at("init/Kconfig", "RUSTC_VERSION >= 108800") + " 1.88.0", "live")
        .containsEntry(at("arch/x86/Makefile", "-Zno-jump-tables") + " 1.93.0", "live");
    assertThat(at185.get("constant_symbols")).isEmpty();
    JsonNode at188 =
        json(
            krt(
                "features",
                "--kernel",
                Zoo.kernel("6.12").toString(),
                "--gates",
                "--min-rustc",
                "1.88",
                "--format",
                "json"));
    assertThat(at188.get("constant_symbols").toString())
        .contains("RUSTC_HAS_UNNECESSARY_TRANSMUTES");
    assertThat(at188.get("dead_uses").toString())
        .contains("rust/uapi/lib.rs")
        .contains("rust/bindings/lib.rs");
    RunKrt.Result text = krt("features", "--kernel", Zoo.kernel("6.12").toString(), "--gates");
    assertThat(text.stdout())
        .contains("under a rustc minimum of 1.78.0")
        .contains("always true (one branch is dead code)");
  }

  @Test
  void aBrokenCompilerIsAProblemNotAnAnswer() throws IOException {
    Path bad = tmp.resolve("rustc");
    Files.writeString(bad, "#!/bin/sh\nkill -SEGV $$\n");
    Files.setPosixFilePermissions(bad, PosixFilePermissions.fromString("rwxr-xr-x"));
    RunKrt.Result r =
        krt("features", "--kernel", Zoo.kernel("6.12").toString(), "--rustc", bad.toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("problems:")
        .contains("signal")
        .contains("inconclusive")
        .doesNotContain("stable 1.");
  }

  @Test
  void badInput() throws IOException {
    RunKrt.Result none = krt("features", "--rustc", "/bin/true");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.stderr()).contains("no kernel");
    RunKrt.Result min =
        krt("features", "--kernel", Zoo.kernel("6.12").toString(), "--min-rustc", "1.85.0");
    assertThat(min.exitCode()).isEqualTo(2);
    assertThat(min.stderr()).contains("--min-rustc goes with --gates");
    RunKrt.Result v =
        krt("features", "--kernel", Zoo.kernel("6.12").toString(), "--gates", "--min-rustc", "x.y");
    assertThat(v.exitCode()).isEqualTo(2);
    assertThat(v.stderr()).contains("not a version");
  }
}
