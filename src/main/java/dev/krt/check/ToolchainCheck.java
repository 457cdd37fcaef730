package dev.krt.check;

import dev.krt.toolchain.Toolchain;
import java.util.List;

/**
 * One toolchain checked against one kernel.
 *
 * @param verdict the kernel's verdict (its own checks only)
 * @param exitCode what the kernel's script would have exited with
 * @param findings the kernel's findings, then krt's
 * @param stderr what the kernel's script would have printed
 * @param kconfig with {@code --config}: what the tree's Kconfig made of it (the verdict includes
 *     it)
 */
public record ToolchainCheck(
    Toolchain toolchain,
    ToolchainFacts facts,
    Verdict verdict,
    int exitCode,
    List<Finding> findings,
    String stderr,
    long millis,
    java.util.Optional<KconfigVerdict> kconfig) {

  /** The same check with what Kconfig said, a finding, and the verdict that follows. */
  public ToolchainCheck withKconfig(KconfigVerdict k, java.util.Optional<Finding> f, Verdict v) {
    List<Finding> all = new java.util.ArrayList<>(findings);
    f.ifPresent(all::add);
    return new ToolchainCheck(
        toolchain, facts, v, exitCode, List.copyOf(all), stderr, millis, java.util.Optional.of(k));
  }

  /** The same check with one more finding that leaves the verdict as it is. */
  public ToolchainCheck with(Finding f) {
    List<Finding> all = new java.util.ArrayList<>(findings);
    all.add(f);
    return new ToolchainCheck(
        toolchain, facts, verdict, exitCode, List.copyOf(all), stderr, millis, kconfig);
  }
}
