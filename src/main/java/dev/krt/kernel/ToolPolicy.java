package dev.krt.kernel;

import dev.krt.version.Version;
import java.util.Optional;

/**
 * A kernel's toolchain policy for one architecture: the rustc, bindgen and LLVM (libclang) versions
 * {@code min-tool-version.sh} names, and whether they are pinned (≤ v6.10: newer versions get "too
 * new" warnings) or minimums (v6.11+).
 *
 * @param rustc minimum or pinned rustc, as the script prints it
 * @param bindgen minimum or pinned bindgen
 * @param llvm minimum LLVM, also the minimum libclang bindgen may load
 * @param pinned whether the kernel expects exactly these versions
 */
public record ToolPolicy(
    Arch arch, String rustc, String bindgen, String llvm, boolean pinned, String basis) {

  public Optional<Version> rustcVersion() {
    return parse(rustc);
  }

  public Optional<Version> bindgenVersion() {
    return parse(bindgen);
  }

  public Optional<Version> llvmVersion() {
    return parse(llvm);
  }

  private static Optional<Version> parse(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Version.parse(s));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The policy of one tree for one architecture. */
  public static ToolPolicy of(MinVersions mv, Arch arch, boolean pinned) {
    return new ToolPolicy(
        arch,
        mv.query("rustc", arch).version().orElse(null),
        mv.query("bindgen", arch).version().orElse(null),
        mv.query("llvm", arch).version().orElse(null),
        pinned,
        mv.basis());
  }
}
