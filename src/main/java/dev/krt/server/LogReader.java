package dev.krt.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * A page of a cell's log: a file the store names, or (a farm cell's) the compressed log the store
 * keeps. Neither comes from the request, so no URL can name another file. A log still being written
 * (gzip flushed, not closed) reads up to where it is.
 *
 * <p>Lines end at {@code \n} only, as {@code BuildLog} counts them (a progress line's {@code \r}
 * does not start a line), so the classifier's line numbers are the page's. Memory is one page: a
 * line is kept up to {@link #LINE_CAP} bytes however long it is.
 */
final class LogReader {
  private LogReader() {}

  /** Lines {@code from} (1-based) to {@code from + count - 1}, and how many lines the log has. */
  record Page(int from, List<String> lines, long total) {}

  static final int LINE_CAP = 4000;

  /** How many lines {@link #read} finds in a log with this text. */
  static long lines(String text) {
    long n = text.chars().filter(c -> c == '\n').count();
    return text.isEmpty() || text.endsWith("\n") ? n : n + 1;
  }

  /**
   * @param knownTotal the line count the store holds for a finished log: reading stops after the
   *     page instead of counting to the end
   */
  static Page read(Path file, int from, int count, Optional<Long> knownTotal) throws IOException {
    return read(
        Files.newInputStream(file),
        file.getFileName().toString().endsWith(".gz"),
        from,
        count,
        knownTotal);
  }

  /** The same from a compressed log the store keeps (a farm cell's). */
  static Page read(byte[] gzip, int from, int count, Optional<Long> knownTotal) throws IOException {
    return read(new java.io.ByteArrayInputStream(gzip), true, from, count, knownTotal);
  }

  private static Page read(
      InputStream source, boolean gzip, int from, int count, Optional<Long> knownTotal)
      throws IOException {
    List<String> out = new ArrayList<>();
    long n = 0;
    long last = (long) from + count - 1;
    try (InputStream raw = source;
        InputStream in =
            new BufferedInputStream(gzip ? new GZIPInputStream(raw, 1 << 16) : raw, 1 << 16)) {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      boolean longLine = false;
      boolean open = false; // bytes read since the last newline
      while (true) {
        int b;
        try {
          b = in.read();
        } catch (EOFException | java.util.zip.ZipException e) {
          // A log still being written ends mid-stream; a damaged one is shown up to the damage.
          b = -1;
        }
        if (b == -1) {
          if (open) {
            n++;
            if (n >= from && n <= last) {
              out.add(text(line, longLine));
            }
          }
          break;
        }
        boolean wanted = n + 1 >= from && n + 1 <= last;
        if (b == '\n') {
          n++;
          if (wanted) {
            out.add(text(line, longLine));
          }
          line.reset();
          longLine = false;
          open = false;
          if (n >= last && knownTotal.isPresent()) {
            return new Page(from, out, Math.max(n, knownTotal.get()));
          }
          continue;
        }
        open = true;
        if (wanted) {
          if (line.size() < LINE_CAP) {
            line.write(b);
          } else {
            longLine = true;
          }
        }
      }
    }
    return new Page(from, out, n);
  }

  private static String text(ByteArrayOutputStream line, boolean cut) {
    String s;
    try {
      s =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPLACE)
              .onUnmappableCharacter(CodingErrorAction.REPLACE)
              .decode(ByteBuffer.wrap(line.toByteArray()))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalStateException(e); // REPLACE never throws
    }
    return cut ? s + " …" : s;
  }
}
