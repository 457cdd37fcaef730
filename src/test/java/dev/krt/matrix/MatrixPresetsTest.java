package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CI jobs as presets: their expansion and their printout as golden files (regenerate with
 * {@code -Dkrt.golden.update=true} and review the diff against the files the presets name), the
 * expansion read back as the same matrix, and the mistakes a file can make with a preset.
 */
class MatrixPresetsTest {
  static final Path DIR = Path.of("src/test/resources/dev/krt/matrix/presets");

  @TempDir Path tmp;

  static final String FILE =
      "preset: rust-ci\n"
          + "kernels:\n"
          + "  - name: \"6.12\"\n"
          + "    source: /usr/src/linux-source-6.12\n"
          + "toolchains: [rustc-web-1.96, rustc-web-1.85]\n"
          + "steps:\n"
          + "  - name: kunit\n"
          + "    timeout: 40m\n";

  private static void golden(String name, String actual) throws IOException {
    Path file = DIR.resolve(name);
    if (Boolean.getBoolean("krt.golden.update")) {
      Files.writeString(file, actual, StandardCharsets.UTF_8);
    }
    assertThat(file).as("golden file (write it with -Dkrt.golden.update=true)").isRegularFile();
    assertThat(actual).isEqualTo(Files.readString(file, StandardCharsets.UTF_8));
  }

  @Test
  void eachPresetPrintsItsFragmentAndSteps() throws Exception {
    CliHarness krt = new CliHarness(tmp);
    for (MatrixPresets.Preset p : MatrixPresets.ALL) {
      RunKrt.Result r = krt.run("matrix", "presets", p.name());
      assertThat(r.exitCode()).as(r.stderr()).isZero();
      golden(p.name() + ".txt", r.stdout());
      assertThat(r.stdout()).contains(p.origin());
    }
    RunKrt.Result list = krt.run("matrix", "presets");
    assertThat(list.stdout()).contains("rust-ci: ", "bindgen-ci: ");
    RunKrt.Result json = krt.run("matrix", "presets", "--format", "json");
    assertThat(CliHarness.json(json).get("schema").asText()).isEqualTo("krt.matrix-presets/1");
    assertThat(CliHarness.json(json).get("presets")).hasSize(MatrixPresets.ALL.size());
    RunKrt.Result unknown = krt.run("matrix", "presets", "rust-cj");
    assertThat(unknown.exitCode()).isEqualTo(2);
    assertThat(unknown.stderr().strip())
        .isEqualTo("krt: no preset 'rust-cj' (known: rust-ci, bindgen-ci)");
  }

  @Test
  void aDryRunPrintsTheExpandedMatrixAndItsCells() throws Exception {
    Path file = Files.writeString(tmp.resolve("ci.yaml"), FILE);
    RunKrt.Result r = new CliHarness(tmp).run("matrix", "run", file.toString(), "--dry-run");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    golden("rust-ci-dry-run.txt", r.stdout().replace(tmp.toString(), "$TMP"));
    assertThat(r.stdout())
        .contains("# 2 of 2 cells:", "6.12 / rustc-web-1.85 / x86_64 / rfl-for-rust-ci");
  }

  @Test
  void theExpansionReadBackIsTheSameMatrixWithTheSameKeys() throws Exception {
    MatrixSpec preset = MatrixSpecParser.parse(FILE, tmp.resolve("ci.yaml"));
    String expanded = MatrixSpecWriter.yaml(preset);
    MatrixSpec again = MatrixSpecParser.parse(expanded, tmp.resolve("expanded.yaml"));
    assertThat(MatrixSpecWriter.yaml(again)).isEqualTo(expanded);
    assertThat(again.configs()).hasSize(1);
    assertThat(again.configs().get(0).fragments()).isEqualTo(preset.configs().get(0).fragments());
    assertThat(again.steps()).hasSameSizeAs(preset.steps());
    for (int i = 0; i < preset.steps().size(); i++) {
      MatrixSpec.StepSpec a = preset.steps().get(i);
      MatrixSpec.StepSpec b = again.steps().get(i);
      assertThat(
              List.of(
                  b.name(),
                  b.kind(),
                  b.targets(),
                  b.makeVariables(),
                  b.timeout(),
                  b.ifPresent(),
                  b.kunitconfig()))
          .isEqualTo(
              List.of(
                  a.name(),
                  a.kind(),
                  a.targets(),
                  a.makeVariables(),
                  a.timeout(),
                  a.ifPresent(),
                  a.kunitconfig()));
    }
    // What a cell key is made of, apart from the kernel and toolchain: equal, so the keys are.
    KernelCheckout k = new KernelCheckout("6.12", tmp.toString(), tmp, "id");
    assertThat(CellKeys.key(k, "fp", "t", "x86_64", again.configs().get(0), again.steps()))
        .isEqualTo(CellKeys.key(k, "fp", "t", "x86_64", preset.configs().get(0), preset.steps()));
  }

  @Test
  void thePresetIsItsJobStepForStep() throws Exception {
    MatrixSpec m = MatrixSpecParser.parse(FILE, tmp.resolve("ci.yaml"));
    assertThat(m.preset()).contains("rust-ci");
    assertThat(m.arches()).containsExactly("x86_64");
    assertThat(m.steps())
        .extracting(MatrixSpec.StepSpec::name)
        .containsExactly(
            "rustavailable", "config", "objects", "rustdoc", "rsi", "clippy", "rustfmt", "kunit");
    assertThat(m.steps().get(5).makeVariables()).containsEntry("CLIPPY", "1");
    assertThat(m.steps().get(5).targets()).isEqualTo(m.steps().get(2).targets());
    assertThat(m.steps().get(7).kunitconfig()).contains("CONFIG_RUST_KERNEL_DOCTESTS=y");
    MatrixSpec b =
        MatrixSpecParser.parse(
            FILE.replace("rust-ci", "bindgen-ci").replaceAll("(?s)steps:.*", ""),
            tmp.resolve("b.yaml"));
    assertThat(b.steps())
        .extracting(MatrixSpec.StepSpec::name)
        .containsExactly("rustavailable", "config", "objects");
    assertThat(b.steps().get(2).targets()).hasSize(3).contains("samples/rust/rust_print.o");
  }

  @Test
  void mistakesWithAPresetAreOneLineEach() {
    assertThat(error("preset: rust-cj\nkernels: [/k]\ntoolchains: [t]\n"))
        .endsWith(":1: unknown preset 'rust-cj' (known: rust-ci, bindgen-ci)");
    assertThat(error("preset: rust-ci\nkernels: [/k]\ntoolchains: [t]\nconfigs: [defconfig]\n"))
        .contains(":4: preset 'rust-ci' gives the config; a file with a preset has no 'configs'");
    assertThat(error("preset: rust-ci\nkernels: [/k]\ntoolchains: [t]\nsteps: [rustdoc]\n"))
        .contains("step 'rustdoc' is the preset's; name yours otherwise");
    assertThat(
            error(
                "kernels: [/k]\ntoolchains: [t]\nconfigs: [defconfig]\nsteps: [config, {name: x, targets: [a.o], kunitconfig: [CONFIG_KUNIT=y]}]\n"))
        .contains("kunitconfig goes with the kunit step");
    assertThat(
            error(
                "kernels: [/k]\ntoolchains: [t]\nconfigs: [defconfig]\nsteps: [{name: kunit, kunitconfig: [KUNIT=y]}]\n"))
        .contains("not a config fragment: 'KUNIT=y'");
  }

  @Test
  void thePresetOptionsMakeTheMatrixWithoutAFile() throws Exception {
    CliHarness krt = new CliHarness(tmp);
    RunKrt.Result r =
        krt.run(
            "matrix",
            "run",
            "--preset",
            "bindgen-ci",
            "--kernel",
            "/usr/src/linux-source-6.12",
            "--toolchain",
            "rustc-web-1.96",
            "--dry-run");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    assertThat(r.stdout())
        .contains("# preset bindgen-ci: ", "name: rfl-for-bindgen-ci", "samples/rust/rust_print.o")
        .contains("#   linux-source-6.12 / rustc-web-1.96 / x86_64 / rfl-for-bindgen-ci");
    RunKrt.Result noKernel = krt.run("matrix", "run", "--preset", "rust-ci", "--toolchain", "x");
    assertThat(noKernel.exitCode()).isEqualTo(2);
    assertThat(noKernel.stderr().strip())
        .isEqualTo("krt: --preset needs --kernel SRC and --toolchain NAME");
    RunKrt.Result stray = krt.run("matrix", "run", "m.yaml", "--kernel", "/k");
    assertThat(stray.exitCode()).isEqualTo(2);
    assertThat(stray.stderr()).contains("go with --preset");
  }

  private String error(String text) {
    Throwable t = catchThrowable(() -> MatrixSpecParser.parse(text, tmp.resolve("m.yaml")));
    assertThat(t).isInstanceOf(MatrixSpecException.class);
    assertThat(t.getMessage()).doesNotContain("\n");
    return t.getMessage();
  }
}
