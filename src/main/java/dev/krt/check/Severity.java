package dev.krt.check;

/** How much a finding matters. */
public enum Severity {
  /** The toolchain cannot build this kernel (the kernel's check exits non-zero). */
  ERROR,
  /** The kernel's check passes but warns (or krt's own check found a problem). */
  WARNING,
  /** Worth knowing; does not affect the verdict (e.g. output a tool leaked on stderr). */
  INFO
}
