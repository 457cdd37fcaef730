package dev.krt.matrix;

import dev.krt.check.ToolchainCheck;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A matrix ready to run: every cell with its kernel checkout, its toolchain as probed, and its key.
 *
 * @param specText the matrix file as read (a resumed run plans again from this text)
 */
public record MatrixPlan(MatrixSpec spec, String specText, List<Cell> cells) {

  /**
   * One cell: kernel × toolchain × arch × config, running the matrix's steps.
   *
   * @param key sha-256 of what decides the outcome ({@link CellKeys})
   * @param check krt's check of the toolchain against this kernel: versions for the metadata, and
   *     the verdict krt expects {@code make rustavailable} to give; empty for a kernel without Rust
   */
  public record Cell(
      int ordinal,
      String key,
      KernelCheckout kernel,
      KernelTree tree,
      BuildToolchain toolchain,
      Optional<ToolchainCheck> check,
      Arch arch,
      MatrixSpec.ConfigSpec config,
      List<MatrixSpec.StepSpec> steps) {

    /** {@code 6.12 / rustc-web-1.85 / x86_64 / rust} (ASCII: CI logs are often in the C locale). */
    public String label() {
      return kernel.name() + " / " + toolchain.name() + " / " + arch.arch() + " / " + config.name();
    }

    public String stepNames() {
      return steps.stream().map(MatrixSpec.StepSpec::name).collect(Collectors.joining(","));
    }
  }

  public Optional<Cell> cell(String key) {
    return cells.stream().filter(c -> c.key().equals(key)).findFirst();
  }
}
