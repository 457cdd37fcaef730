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
  /**
   * A whole allmodconfig build logs a few hundred MiB at V=1; a step that prints more is flooding,
   * and what it prints after this is dropped (the classifier still reads it).
   */
  public static final long MAX_BYTES = 1L << 30;

  private final OutputStream out;
  private final long maxBytes;
  private long lines;
  private long bytes;
  private boolean cut;

  public BuildLog(Path file) throws IOException {
    this(file, MAX_BYTES);
  }

  BuildLog(Path file, long maxBytes) throws IOException {
    this.maxBytes = maxBytes;
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
    // krt's own lines are kept past the cut: they say how the step ended.
    out.write(("### krt: " + text).getBytes(StandardCharsets.UTF_8));
    out.write('\n');
    lines++;
  }

  /** One line a program printed, as the bytes it printed (without the newline). */
  public synchronized void write(byte[] b, int off, int len) throws IOException {
    int n = len < 0 ? b.length : len;
    if (cut) {
      return;
    }
    if (bytes + n + 1 > maxBytes) {
      cut = true;
      byte[] note =
          ("### krt: log cut at "
                  + (maxBytes >> 20)
                  + " MiB: the step printed more, which is not kept")
              .getBytes(StandardCharsets.UTF_8);
      out.write(note);
      out.write('\n');
      lines++;
      return;
    }
    out.write(b, off, n);
    out.write('\n');
    bytes += n + 1;
    lines++;
  }

  /** Whether the log was cut at its size limit. */
  public synchronized boolean cut() {
    return cut;
  }

  public synchronized void flush() throws IOException {
    out.flush();
  }

  @Override
  public synchronized void close() throws IOException {
    out.close();
  }
}
