package dev.krt.kernel.source;

import java.io.IOException;

/** A kernel source that cannot be opened: missing, unreadable, not a kernel, unknown ref. */
public class KernelSourceException extends IOException {
  public KernelSourceException(String message) {
    super(message);
  }
}
