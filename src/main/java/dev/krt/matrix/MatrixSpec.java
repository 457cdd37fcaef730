package dev.krt.matrix;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A build matrix as its file states it: kernels × toolchains × arches × configs, each cell running
 * the same steps. Every element keeps the line it came from, for messages.
 *
 * @param file the matrix file (relative sources resolve against its directory)
 * @param toolchainsFile a krt toolchains file the toolchain names may come from
 * @param jobs cells run at the same time (make's -j is split between them)
 */
public record MatrixSpec(
    Path file,
    List<KernelRef> kernels,
    List<ToolchainRef> toolchains,
    Optional<Path> toolchainsFile,
    List<String> arches,
    List<ConfigSpec> configs,
    List<StepSpec> steps,
    int jobs,
    Optional<String> preset) {

  /** The same matrix with only these kernels, toolchains, arches and configs. */
  public MatrixSpec narrowed(
      List<KernelRef> kernels,
      List<ToolchainRef> toolchains,
      List<String> arches,
      List<ConfigSpec> configs) {
    return new MatrixSpec(
        file, kernels, toolchains, toolchainsFile, arches, configs, steps, jobs, preset);
  }

  /**
   * A kernel source: a directory, a tarball or {@code REPO@REF}.
   *
   * @param before shell commands a CI job runs before krt to provide the source ({@code krt matrix
   *     export}); krt itself never runs them
   */
  public record KernelRef(String name, String source, List<String> before, int line) {}

  /**
   * A toolchain: a name krt knows ({@code krt toolchains}), or explicit programs.
   *
   * @param programs for an explicit toolchain: rustc, bindgen, cc or llvm, rustdoc, rustfmt,
   *     clippy-driver, rust-lib-src, krustflags (as the toolchains file names them)
   * @param before shell commands a CI job runs before krt to install the toolchain ({@code krt
   *     matrix export}); krt itself never runs them, and they are not part of a cell's key
   */
  public record ToolchainRef(
      String name,
      Map<String, String> programs,
      Map<String, String> env,
      List<String> before,
      int line) {
    public boolean explicit() {
      return !programs.isEmpty();
    }
  }

  /**
   * A kernel configuration: a make target that writes {@code .config} ({@code defconfig}), then
   * fragments applied with the tree's {@code scripts/config} and {@code olddefconfig}.
   *
   * @param fragments {@code CONFIG_X=y|m|n|"string"|number}, or {@code # CONFIG_X is not set}
   */
  public record ConfigSpec(String name, String base, List<String> fragments, int line) {}

  /**
   * A named step: make targets with extra make variables, under a timeout.
   *
   * @param kind {@code rustavailable}, {@code config}, {@code rustfmt} (the kernel's rustfmt in
   *     check mode: differences are a warning), {@code kunit} (the tree's kunit.py, booted), or
   *     {@code make} (every other step)
   * @param ifPresent targets whose source is not in the tree are left out, and said so (a preset's
   *     object that an older tree does not have)
   * @param kunitconfig for {@code kunit}: the lines of the {@code .kunitconfig} it runs with
   */
  public record StepSpec(
      String name,
      String kind,
      List<String> targets,
      Map<String, String> makeVariables,
      Duration timeout,
      boolean ifPresent,
      List<String> kunitconfig,
      int line) {}

  /**
   * A cell as the file states it, before anything is probed.
   *
   * @param ordinal its place in the file's order (kernels, then arches, toolchains, configs), the
   *     order a run lists its cells in
   */
  public record SpecCell(
      int ordinal, KernelRef kernel, String arch, ToolchainRef toolchain, ConfigSpec config) {
    /** {@code 6.12 / rustc-web-1.85 / x86_64 / rust}, as a planned cell's label. */
    public String label() {
      return kernel.name() + " / " + toolchain.name() + " / " + arch + " / " + config.name();
    }
  }

  /** How many cells the matrix has. */
  public int cellCount() {
    return kernels.size() * toolchains.size() * arches.size() * configs.size();
  }

  /** Every cell, in the file's order. */
  public List<SpecCell> cells() {
    List<SpecCell> out = new java.util.ArrayList<>();
    for (KernelRef k : kernels) {
      for (String a : arches) {
        for (ToolchainRef t : toolchains) {
          for (ConfigSpec c : configs) {
            out.add(new SpecCell(out.size(), k, a, t, c));
          }
        }
      }
    }
    return out;
  }
}
