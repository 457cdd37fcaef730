package dev.krt.matrix;

/** A matrix file krt cannot use: the message names the file and line. */
public final class MatrixSpecException extends Exception {
  public MatrixSpecException(String message) {
    super(message);
  }
}
