package dev.krt.kernel;

import java.util.Map;
import java.util.Optional;

/**
 * What krt knows of one kernel: its version, whether it has Rust support, which checks its checker
 * makes, its tool minimums (per architecture), and the small files the checks need.
 *
 * @param source where it was read from (a path, {@code REPO@REF}, or {@code built-in v7.1})
 * @param version from the top Makefile
 * @param era empty when the tree has no Rust support (before v6.1)
 * @param minVersions answers {@code min-tool-version.sh TOOL}
 * @param probeHeaders the {@code scripts/rust_is_available_*.h} files present, by name
 * @param ccVersionScript {@code scripts/cc-version.sh}, if present (ICC support, error lines)
 * @param builtin whether this is krt's dataset rather than a real tree
 * @param rustKconfig the tree's {@code config RUST} as {@code init/Kconfig} has it (its version
 *     gates; the arch files a full analysis reads are {@code RustKconfig.load}'s)
 */
public record KernelTree(
    String source,
    KernelVersion version,
    Optional<CheckerEra> era,
    MinVersions minVersions,
    Map<String, byte[]> probeHeaders,
    Optional<String> ccVersionScript,
    boolean builtin,
    Optional<dev.krt.kernel.kconfig.RustKconfig> rustKconfig) {

  public boolean hasRust() {
    return era.isPresent();
  }

  public ToolPolicy policy(Arch arch) {
    return ToolPolicy.of(minVersions, arch, era.map(CheckerEra::pinned).orElse(false));
  }

  /** A one-line name: {@code Linux 6.12.117 (/usr/src/linux-source-6.12.tar.xz)}. */
  public String title() {
    return "Linux " + version + " (" + source + ")";
  }
}
