package dev.krt.error;

/** A problem with the user's input: printed as one line, exit code 2, no stack trace. */
public final class UserException extends RuntimeException implements InputError {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
