package dev.krt.check;

import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import java.util.List;

/**
 * The result of {@code krt check}: one kernel, one architecture, one verdict per toolchain.
 *
 * @param kernelNote how the kernel was chosen when the user named none
 */
public record CheckReport(KernelTree kernel, String kernelNote, ToolPolicy policy, List<ToolchainCheck> toolchains, int probesRun, int probesCached, long millis) {

  /** Whether every toolchain is usable (possibly with warnings). */
  public boolean allAvailable() {
    return toolchains.stream().allMatch(t -> t.verdict() != Verdict.NOT_AVAILABLE);
  }
}
