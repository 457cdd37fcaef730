package dev.krt.matrix;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel jobs of the Rust compiler's and bindgen's pre-merge CI, as matrix presets: the config
 * fragment and the make calls of each job, step for step, so anyone can run that job with any
 * toolchain on any kernel. Each preset names the file and commit it follows; when those files
 * change, this table changes with them.
 */
public final class MatrixPresets {
  private MatrixPresets() {}

  /**
   * One step of a preset.
   *
   * @param kind as {@link MatrixSpec.StepSpec#kind()}
   * @param ifPresent targets whose source is not in the tree are left out (an older tree)
   */
  public record Step(
      String name,
      String kind,
      List<String> targets,
      Map<String, String> makeVariables,
      boolean ifPresent) {}

  /**
   * A CI job as a preset.
   *
   * @param origin the file it follows, as {@code repo path @ commit}
   * @param configName the config's name in the expanded matrix (the job's fragment file's name)
   * @param fragments the job's config fragment, line for line
   */
  public record Preset(
      String name,
      String summary,
      String origin,
      String configName,
      List<String> fragments,
      List<Step> steps) {}

  /**
   * The fragment both jobs write to {@code kernel/configs/}; identical in rust-lang/rust's
   * rfl-build.sh and rust-bindgen's ci/test.sh at the commits below.
   */
  static final List<String> RFL_FRAGMENT =
      List.of(
          "# CONFIG_WERROR is not set",
          "CONFIG_RUST=y",
          "CONFIG_SAMPLES=y",
          "CONFIG_SAMPLES_RUST=y",
          "CONFIG_SAMPLE_RUST_MINIMAL=m",
          "CONFIG_SAMPLE_RUST_PRINT=y",
          "CONFIG_RUST_PHYLIB_ABSTRACTIONS=y",
          "CONFIG_AX88796B_PHY=y",
          "CONFIG_AX88796B_RUST_PHY=y",
          "CONFIG_KUNIT=y",
          "CONFIG_RUST_KERNEL_DOCTESTS=y");

  private static final List<String> RUST_CI_OBJECTS =
      List.of(
          "samples/rust/rust_minimal.o",
          "samples/rust/rust_print_main.o",
          "drivers/net/phy/ax88796b_rust.o",
          "rust/doctests_kernel_generated.o");

  /** rust-lang/rust's x86_64-rust-for-linux job. */
  public static final Preset RUST_CI =
      new Preset(
          "rust-ci",
          "the Rust compiler's pre-merge kernel job (x86_64-rust-for-linux)",
          "rust-lang/rust src/ci/docker/scripts/rfl-build.sh @ 0bd07383074854e3458763b4193d6d14f4683a17",
          "rfl-for-rust-ci",
          RFL_FRAGMENT,
          List.of(
              new Step("rustavailable", "rustavailable", List.of("rustavailable"), Map.of(), false),
              new Step("config", "config", List.of(), Map.of(), false),
              new Step("objects", "make", RUST_CI_OBJECTS, Map.of(), true),
              new Step("rustdoc", "make", List.of("rustdoc"), Map.of(), false),
              new Step("rsi", "make", List.of("samples/rust/rust_minimal.rsi"), Map.of(), true),
              new Step("clippy", "make", RUST_CI_OBJECTS, Map.of("CLIPPY", "1"), true),
              new Step("rustfmt", "rustfmt", List.of("rustfmtcheck"), Map.of(), false)));

  /** rust-bindgen's Rust for Linux job ({@code BINDGEN_RUST_FOR_LINUX_TEST=1}). */
  public static final Preset BINDGEN_CI =
      new Preset(
          "bindgen-ci",
          "bindgen's Rust for Linux job (ci/test.sh with BINDGEN_RUST_FOR_LINUX_TEST=1)",
          "rust-lang/rust-bindgen ci/test.sh @ 82ab5a62d5dfc8b07c1c50c59f839fb7bd0e6444",
          "rfl-for-bindgen-ci",
          RFL_FRAGMENT,
          List.of(
              new Step("rustavailable", "rustavailable", List.of("rustavailable"), Map.of(), false),
              new Step("config", "config", List.of(), Map.of(), false),
              new Step(
                  "objects",
                  "make",
                  List.of(
                      "samples/rust/rust_minimal.o",
                      "samples/rust/rust_print.o",
                      "drivers/net/phy/ax88796b_rust.o"),
                  Map.of(),
                  true)));

  public static final List<Preset> ALL = List.of(RUST_CI, BINDGEN_CI);

  public static Optional<Preset> named(String name) {
    return ALL.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  public static String names() {
    return String.join(", ", ALL.stream().map(Preset::name).toList());
  }
}
