package dev.krt.store;

import java.util.Locale;

/** How one step of a cell went; stored, posted and printed by its lower-case name. */
public enum StepStatus {
  PASS,
  FAIL,
  /** Not run: an earlier step of the cell failed. */
  SKIPPED;

  public String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static StepStatus of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return wire();
  }
}
