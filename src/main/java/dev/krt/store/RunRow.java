package dev.krt.store;

import java.util.Optional;

/** A matrix run as stored. */
public record RunRow(
    String id,
    long createdAt,
    Optional<Long> finishedAt,
    RunStatus status,
    String specPath,
    String specText,
    int jobs,
    String host) {}
