package dev.krt.cli;

/** krt's exit codes (the drop-in {@code rust-is-available} mirrors the kernel script's instead). */
public final class ExitCodes {
  private ExitCodes() {}

  /** Everything checked is usable. */
  public static final int OK = 0;

  /** A negative verdict: a toolchain is not usable, a cell failed. */
  public static final int NEGATIVE = 1;

  /** Usage or input error: bad option, missing kernel, corrupt tarball. */
  public static final int USAGE = 2;

  /** A bug in krt. */
  public static final int INTERNAL = 3;
}
