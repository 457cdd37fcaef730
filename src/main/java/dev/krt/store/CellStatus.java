package dev.krt.store;

import java.util.Locale;

/**
 * Where a cell of a run stands. Stored, posted and printed by its lower-case name ({@link
 * #wire()}): those names are part of the store's schema, the {@code krt.matrix/1} JSON and the cell
 * reports workers send.
 */
public enum CellStatus {
  /** Planned, not started. */
  PENDING,
  /** A runner has it. */
  RUNNING,
  /** Every step passed. */
  PASS,
  /** A step failed: the kernel, the toolchain or the config is at fault. */
  FAIL,
  /** krt could not run the cell (no space, a vanished toolchain): not the build's fault. */
  ERROR;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status a stored or posted name stands for. */
  public static CellStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  /** Whether the cell has an outcome. */
  public boolean finished() {
    return this == PASS || this == FAIL || this == ERROR;
  }

  @Override
  public String toString() {
    return wire();
  }
}
