package dev.krt.store;

import java.util.Locale;

/**
 * Where a matrix run stands. Stored and printed by its lower-case name ({@link #wire()}), which is
 * part of the store's schema and of the {@code krt.matrix/1} JSON.
 */
public enum RunStatus {
  /** Cells are being built (or the run was killed and can be resumed). */
  RUNNING,
  /** Every cell has an outcome. */
  DONE,
  /** Stopped by the user (Ctrl-C); resumable. */
  INTERRUPTED,
  /** Stopped by krt because every further cell would fail the same way (a full disk, say). */
  FAILED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RunStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return wire();
  }
}
