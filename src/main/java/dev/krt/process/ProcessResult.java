package dev.krt.process;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * What a run produced. {@code exitCode} follows the shell's convention: 128+N after signal N, 126
 * when the program could not be executed, 127 when it was not found.
 *
 * @param startError why the program could not be started, if it could not
 * @param truncated whether stdout or stderr exceeded the cap (the rest was drained and dropped)
 */
public record ProcessResult(
    int exitCode,
    byte[] stdout,
    byte[] stderr,
    boolean timedOut,
    boolean truncated,
    Optional<String> startError,
    long durationMillis) {

  public boolean ok() {
    return exitCode == 0 && !timedOut && startError.isEmpty();
  }

  /** Output as the shell sees it: bytes kept as they are (Latin-1), NUL bytes dropped like dash. */
  public String stdoutText() {
    return text(stdout);
  }

  public String stderrText() {
    return text(stderr);
  }

  public static String text(byte[] b) {
    String s = new String(b, StandardCharsets.ISO_8859_1);
    return s.indexOf('\0') >= 0 ? s.replace("\0", "") : s;
  }

  /** Whether the output looks binary (control bytes other than whitespace). */
  public static boolean looksBinary(byte[] b) {
    int n = Math.min(b.length, 4096);
    for (int i = 0; i < n; i++) {
      int c = b[i] & 0xff;
      if (c < 0x20 && c != '\n' && c != '\r' && c != '\t') {
        return true;
      }
    }
    return false;
  }

  /** The signal that ended the process, if the exit code says so (128+N, N in 1..64). */
  public Optional<Integer> signal() {
    if (startError.isEmpty() && exitCode > 128 && exitCode <= 128 + 64) {
      return Optional.of(exitCode - 128);
    }
    return Optional.empty();
  }
}
