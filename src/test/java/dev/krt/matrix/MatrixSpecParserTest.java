package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MatrixSpecParserTest {
  @TempDir Path tmp;

  static final String GOOD =
      "format: 1\n"
          + "kernels:\n"
          + "  - /tmp/krt-zoo/kernels/linux-source-6.12\n"
          + "  - name: v612\n"
          + "    source: ~/src/linux@v6.12\n"
          + "toolchains-file: zoo.toml\n"
          + "toolchains:\n"
          + "  - rustc-web-1.85\n"
          + "  - name: web-1.96\n"
          + "    rustc: /tmp/krt-zoo/bin/rustc-web-1.96/rustc\n"
          + "    bindgen: /tmp/krt-zoo/bin/bindgen-0.72.1-lc22/bindgen\n"
          + "    llvm: \"-22\"\n"
          + "    env: { LIBCLANG_PATH: /usr/lib/llvm-22/lib }\n"
          + "arches: [x86_64]\n"
          + "configs:\n"
          + "  - name: rust\n"
          + "    base: defconfig\n"
          + "    fragments: [CONFIG_RUST=y, CONFIG_SAMPLES=y, CONFIG_SAMPLES_RUST=y, CONFIG_SAMPLE_RUST_MINIMAL=m, '# CONFIG_WERROR is not set']\n"
          + "steps:\n"
          + "  - rustavailable\n"
          + "  - config\n"
          + "  - rust\n"
          + "  - name: minimal\n"
          + "    targets: [samples/rust/rust_minimal.o]\n"
          + "    timeout: 10m\n"
          + "  - clippy\n"
          + "timeouts: { default: 40m, rust: 20m }\n"
          + "jobs: 2\n";

  MatrixSpec parse(String text) throws MatrixSpecException {
    return MatrixSpecParser.parse(text, tmp.resolve("m.yaml"));
  }

  @Test
  void aFullFile() throws Exception {
    MatrixSpec m = parse(GOOD);
    assertThat(m.kernels())
        .extracting(MatrixSpec.KernelRef::name)
        .containsExactly("linux-source-6.12", "v612");
    assertThat(m.kernels().get(1).source()).isEqualTo(System.getenv("HOME") + "/src/linux@v6.12");
    assertThat(m.toolchainsFile()).contains(tmp.resolve("zoo.toml"));
    assertThat(m.toolchains().get(0).explicit()).isFalse();
    assertThat(m.toolchains().get(1).programs()).containsEntry("llvm", "-22").containsKey("rustc");
    assertThat(m.toolchains().get(1).env()).containsEntry("LIBCLANG_PATH", "/usr/lib/llvm-22/lib");
    assertThat(m.configs().get(0).fragments()).hasSize(5);
    assertThat(m.steps())
        .extracting(MatrixSpec.StepSpec::name)
        .containsExactly("rustavailable", "config", "rust", "minimal", "clippy");
    assertThat(m.steps().get(2).targets()).containsExactly("rust/");
    assertThat(m.steps().get(2).timeout()).isEqualTo(Duration.ofMinutes(20));
    assertThat(m.steps().get(3).timeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(m.steps().get(4).makeVariables()).containsEntry("CLIPPY", "1");
    assertThat(m.steps().get(0).timeout()).isEqualTo(Duration.ofMinutes(40));
    assertThat(m.jobs()).isEqualTo(2);
    assertThat(m.cellCount()).isEqualTo(4);
    assertThat(m.steps().get(3).line()).isEqualTo(23);
  }

  void refused(String text, String message) {
    Throwable t = catchThrowable(() -> parse(text));
    assertThat(t).isInstanceOf(MatrixSpecException.class);
    assertThat(t.getMessage())
        .as(t.getMessage())
        .startsWith(tmp.resolve("m.yaml").toString() + ":")
        .contains(message)
        .doesNotContain("\n");
  }

  @Test
  void everyErrorNamesItsLine() {
    refused(GOOD.replace("jobs: 2", "jobz: 2"), "m.yaml:28: unknown key 'jobz'");
    refused(GOOD.replace("CONFIG_RUST=y", "RUST=y"), "m.yaml:18: not a config fragment: 'RUST=y'");
    refused(
        GOOD.replace("timeout: 10m", "timeout: ten minutes"),
        "m.yaml:25: not a timeout: 'ten minutes'");
    refused(GOOD.replace("  - clippy\n", "  - clippi\n"), "m.yaml:26: unknown step 'clippi'");
    refused(
        GOOD.replace("  - name: web-1.96\n", "  - name: rustc-web-1.85\n"),
        "m.yaml:9: toolchain 'rustc-web-1.85' is listed twice");
    refused(GOOD.replace("  - config\n", ""), "steps that build need a 'config' step");
    refused(
        GOOD.replace("    bindgen:", "    bindgenn:"),
        "m.yaml:11: unknown key 'bindgenn' in a toolchain");
    refused(GOOD.replace("jobs: 2", "jobs: 0"), "m.yaml:28: jobs must be a number");
    refused(
        GOOD.replace("targets: [samples/rust/rust_minimal.o]", "targets: ['-j99']"),
        "not a make target: '-j99'");
    refused(
        GOOD.replace("    llvm: \"-22\"\n", "    llvm: \"-22\"\n    cc: gcc\n"),
        "give cc or llvm, not both");
  }

  @Test
  void brokenYamlAndWrongShapes() {
    refused("kernels: [a\n", "m.yaml:2:");
    refused("kernels: []\nkernels: []\n", "m.yaml:2:");
    refused("- a\n- b\n", "m.yaml:1: the matrix file must be a mapping");
    refused("kernels: a\n", "m.yaml:1: kernels must be a list");
    refused("format: 2\n", "format 2 is not one krt reads");
    refused("kernels: [a]\n", "missing 'toolchains'");
    Throwable empty = catchThrowable(() -> parse(""));
    assertThat(empty).hasMessageContaining("empty matrix file");
    // A billion-laughs file is refused before it is expanded.
    String bomb =
        "a: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nkernels: [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n";
    assertThat(catchThrowable(() -> parse(bomb))).isInstanceOf(MatrixSpecException.class);
  }

  @Test
  void aFileThatIsNotThereOrNotText() throws Exception {
    assertThat(catchThrowable(() -> MatrixSpecParser.read(tmp.resolve("none.yaml"))))
        .hasMessageContaining("no such file");
    Path bin = Files.write(tmp.resolve("bin.yaml"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
    assertThat(catchThrowable(() -> MatrixSpecParser.read(bin)))
        .isInstanceOf(MatrixSpecException.class)
        .hasMessageContaining("bin.yaml");
  }

  @Test
  void timeoutsThatOverflowOrExceedTheLimit() throws Exception {
    refused(
        GOOD.replace("timeout: 10m", "timeout: 99999999999999999999s"),
        "m.yaml:25: timeout '99999999999999999999s' is longer than 48h");
    refused(
        GOOD.replace("timeout: 10m", "timeout: 999999999999999h"),
        "timeout '999999999999999h' is longer than 48h");
    refused(GOOD.replace("rust: 20m", "rust: 49h"), "timeout '49h' is longer than 48h");
    refused(GOOD.replace("timeout: 10m", "timeout: 000s"), "not a timeout: '000s'");
    assertThat(parse(GOOD.replace("timeout: 10m", "timeout: 48h")).steps().get(3).timeout())
        .isEqualTo(Duration.ofHours(48));
  }

  @Test
  void archesAreKernelArchesOrMachineNames() throws Exception {
    assertThat(parse(GOOD.replace("arches: [x86_64]", "arches: [amd64, aarch64, riscv]")).arches())
        .containsExactly("x86", "arm64", "riscv"); // as the Makefile maps SUBARCH
    refused(
        GOOD.replace("arches: [x86_64]", "arches: [x86-64]"), "m.yaml:14: unknown arch 'x86-64'");
    refused(
        GOOD.replace("arches: [x86_64]", "arches: [arm64, aarch64]"),
        "arch 'arm64' is listed twice");
  }

  @Test
  void thousandsOfCellsAreRefusedBeforeAnyIsPlanned() {
    StringBuilder many = new StringBuilder("arches: [x86_64]\nconfigs:\n");
    for (int i = 0; i < 200; i++) {
      many.append("  - c").append(i).append('\n');
    }
    StringBuilder kernels = new StringBuilder("kernels:\n");
    for (int i = 0; i < 60; i++) {
      kernels.append("  - /k/linux-").append(i).append('\n');
    }
    String text =
        GOOD.replaceFirst("(?s)kernels:.*?toolchains-file", kernels + "toolchains-file")
            .replaceFirst("(?s)arches:.*?steps:", many + "steps:");
    // 60 kernels x 2 toolchains x 1 arch x 200 configs
    refused(text, "24000 cells");
  }

  @Test
  void aHugeFileIsRefusedWithoutReadingItWhole() throws Exception {
    Path big = tmp.resolve("big.yaml");
    try (java.io.Writer w = Files.newBufferedWriter(big)) {
      w.write(GOOD);
      String line = "# " + "x".repeat(1000) + "\n";
      for (int i = 0; i < 4096; i++) {
        w.write(line);
      }
    }
    Throwable t = catchThrowable(() -> MatrixSpecParser.read(big));
    assertThat(t)
        .isInstanceOf(MatrixSpecException.class)
        .hasMessageContaining("big.yaml: larger than 1024 KiB");
  }
}
