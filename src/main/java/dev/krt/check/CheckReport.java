package dev.krt.check;

import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import java.util.List;
import java.util.Optional;

/**
 * The result of {@code krt check}: one kernel, one architecture, one verdict per toolchain.
 *
 * @param kernelNote how the kernel was chosen when the user named none
 * @param datasetNote how a real tree stands to krt's row for its stable line, when it is newer than
 *     the row or its rules differ (krt applies the tree's own scripts either way)
 */
public record CheckReport(
    KernelTree kernel,
    String kernelNote,
    Optional<String> datasetNote,
    ToolPolicy policy,
    List<ToolchainCheck> toolchains,
    int probesRun,
    int probesCached,
    long millis) {

  /** Whether every toolchain is usable (possibly with warnings). */
  public boolean allAvailable() {
    return toolchains.stream().allMatch(t -> t.verdict() != Verdict.NOT_AVAILABLE);
  }
}
