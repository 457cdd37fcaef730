package dev.krt.store;

import java.util.Optional;

/**
 * A cell of a run as stored: what it is, and (once finished) how it went.
 *
 * @param key sha-256 of everything that decides its outcome (see {@code CellKey})
 * @param reusedFrom the run whose result an unchanged cell took over, instead of building again
 * @param logLines how many lines the finished log has (unknown for older cells)
 * @param worker the farm worker that built the cell (or is building it); empty for other runs
 */
public record CellRow(
    String runId,
    String key,
    int ordinal,
    String kernel,
    String toolchain,
    String arch,
    String config,
    String steps,
    CellStatus status,
    Optional<String> reusedFrom,
    Optional<Long> startedAt,
    Optional<Long> finishedAt,
    Optional<Long> durationMs,
    Optional<String> failedStep,
    Optional<String> classification,
    Optional<String> firstError,
    Optional<String> logPath,
    Optional<Long> logLines,
    Optional<String> metadataJson,
    Optional<String> worker) {

  /** {@code 6.12 / rustc-web-1.85 / x86_64 / rust}, as a planned cell's label. */
  public String label() {
    return kernel + " / " + toolchain + " / " + arch + " / " + config;
  }

  public boolean finished() {
    return status.finished();
  }
}
