package dev.krt.store;

/** The store could not be opened or used (a bad URL, an unreachable server, a damaged file). */
public final class StoreException extends RuntimeException {
  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
