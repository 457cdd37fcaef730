package dev.krt.toolchain;

import java.util.Optional;

/**
 * A program run as the checker script sees it.
 *
 * @param code exit status ($?), 126/127 when it could not be executed
 * @param out stdout, bytes as Latin-1 characters, NUL bytes dropped
 * @param err stderr, likewise
 * @param timedOut krt stopped it after its timeout (the script would have waited forever)
 * @param note why it could not run, if so
 */
public record Run(int code, String out, String err, boolean timedOut, Optional<String> note) {
  public static Run of(int code, String out, String err) {
    return new Run(code, out, err, false, Optional.empty());
  }
}
