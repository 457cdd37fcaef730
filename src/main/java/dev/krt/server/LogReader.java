package dev.krt.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A page of a cell's log. The file comes from the store, never from the request, so no URL can name
 * another file. A log still being written (gzip flushed, not closed) reads up to where it is.
 */
final class LogReader {
  private LogReader() {}

  /** Lines {@code from} (1-based) to {@code from + count - 1}, and how many lines the log has. */
  record Page(int from, List<String> lines, int total) {}

  static final int LINE_CAP = 4000;

  static Page read(Path file, int from, int count) throws IOException {
    List<String> out = new ArrayList<>();
    int n = 0;
    try (InputStream raw = Files.newInputStream(file);
        InputStream in =
            file.getFileName().toString().endsWith(".gz")
                ? new GZIPInputStream(raw, 1 << 16)
                : raw;
        BufferedReader r =
            new BufferedReader(
                new InputStreamReader(
                    in,
                    StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
      String line;
      while (true) {
        try {
          line = r.readLine();
        } catch (java.io.EOFException e) {
          break; // a log still being written ends mid-stream
        }
        if (line == null) {
          break;
        }
        n++;
        if (n >= from && n < from + count) {
          out.add(line.length() > LINE_CAP ? line.substring(0, LINE_CAP) + " …" : line);
        }
      }
    }
    return new Page(from, out, n);
  }
}
