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
 * @param probesRun programs started for this check; {@code probesCached} answered from the cache
 */
public record ToolchainCheck(
    Toolchain toolchain,
    ToolchainFacts facts,
    Verdict verdict,
    int exitCode,
    List<Finding> findings,
    String stderr,
    long millis) {}
