package dev.krt.matrix;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * A cell's log: everything its steps printed, gzip-compressed as it is written, with krt's own
 * lines marked {@code ### krt:}. Each line also goes to the classifier of the step that printed it.
 * Line numbers are those of the decompressed log, so a classification can point at its line.
 */
public final class BuildLog implements Closeable {
  private final OutputStream out;
  private long lines;

  public BuildLog(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    // syncFlush: what is flushed can be read back even while the cell still runs.
    this.out = new GZIPOutputStream(Files.newOutputStream(file), 1 << 16, true);
  }

  /** Lines written so far. */
  public long lines() {
    return lines;
  }

  /** One line of krt's own (a step starting, ending). */
  public synchronized void note(String text) throws IOException {
    write(("### krt: " + text).getBytes(StandardCharsets.UTF_8), 0, -1);
  }

  /** One line a program printed, as the bytes it printed (without the newline). */
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    out.write(b, off, len < 0 ? b.length : len);
    out.write('\n');
    lines++;
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
