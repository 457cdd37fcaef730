package dev.krt.check;

/** Toolchain × kernel outcome, as the kernel's check decides it. */
public enum Verdict {
  AVAILABLE,
  AVAILABLE_WITH_WARNINGS,
  NOT_AVAILABLE;

  public String label() {
    return switch (this) {
      case AVAILABLE -> "available";
      case AVAILABLE_WITH_WARNINGS -> "available with warnings";
      case NOT_AVAILABLE -> "not available";
    };
  }
}
