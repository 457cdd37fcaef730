package dev.krt.matrix;

import dev.krt.error.InputError;

/** A matrix file krt cannot use: the message names the file and line. */
public final class MatrixSpecException extends Exception implements InputError {
  public MatrixSpecException(String message) {
    super(message);
  }
}
