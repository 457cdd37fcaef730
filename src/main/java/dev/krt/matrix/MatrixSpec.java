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
    int jobs) {

  /** A kernel source: a directory, a tarball or {@code REPO@REF}. */
  public record KernelRef(String name, String source, int line) {}

  /**
   * A toolchain: a name krt knows ({@code krt toolchains}), or explicit programs.
   *
   * @param programs for an explicit toolchain: rustc, bindgen, cc or llvm, rustdoc, rustfmt,
   *     clippy-driver, rust-lib-src, krustflags (as the toolchains file names them)
   */
  public record ToolchainRef(
      String name, Map<String, String> programs, Map<String, String> env, int line) {
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
   * @param kind {@code rustavailable}, {@code config}, or {@code make} (every other step)
   */
  public record StepSpec(
      String name,
      String kind,
      List<String> targets,
      Map<String, String> makeVariables,
      Duration timeout,
      int line) {}

  /** How many cells the matrix has. */
  public int cellCount() {
    return kernels.size() * toolchains.size() * arches.size() * configs.size();
  }
}
