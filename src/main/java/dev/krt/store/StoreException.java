package dev.krt.store;

import dev.krt.error.InputError;

/** The store could not be opened or used (a bad URL, an unreachable server, a damaged file). */
public final class StoreException extends RuntimeException implements InputError {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
