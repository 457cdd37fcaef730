package dev.krt.kernel.source;

import dev.krt.error.InputError;
import java.io.IOException;

/** A kernel source that cannot be opened: missing, unreadable, not a kernel, unknown ref. */
public class KernelSourceException extends IOException implements InputError {
  public KernelSourceException(String message) {
    super(message);
  }
}
