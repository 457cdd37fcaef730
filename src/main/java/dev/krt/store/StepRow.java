package dev.krt.store;

import java.util.Optional;

/** One step of a finished cell. */
public record StepRow(
    String name,
    StepStatus status,
    Optional<Integer> exitCode,
    long durationMs,
    Optional<String> classification,
    Optional<String> firstError) {}
