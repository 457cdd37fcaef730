package dev.krt.kernel.source;

import java.io.EOFException;
import java.io.IOException;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Walks tar members from a known header offset, handling GNU long names and pax headers, and
 * captures the data of members a caller wants while the bytes go by.
 */
final class TarWalker {
  private TarWalker() {}

  /** Positioned reads over the uncompressed archive. */
  interface RecordInput {
    void seek(long pos) throws IOException;

    long position();

    void readFully(byte[] buf, int off, int len) throws IOException;
  }

  /** End-of-archive marker seen: no further members. */
  static final long END = -1;

  /**
   * Walks members whose first header lies in {@code [start, stop)}.
   *
   * @return the offset of the first header at or after {@code stop}, or {@link #END}
   * @throws CorruptTarException when a header fails its checksum
   */
  static long walk(
      RecordInput in,
      long start,
      long stop,
      Predicate<TarEntry> capture,
      long captureLimit,
      Consumer<TarEntry> sink,
      BiConsumer<TarEntry, byte[]> captured)
      throws IOException {
    byte[] rec = new byte[TarHeaders.RECORD];
    long pos = start;
    if (in.position() != pos) {
      in.seek(pos);
    }
    while (pos < stop) {
      long memberStart = pos;
      String longName = null;
      String longLink = null;
      Map<String, String> pax = null;
      TarHeaders.Header h;
      while (true) {
        if (!readRecord(in, rec)) {
          // Every tar writer ends with zero records; data ending at a record boundary is cut off.
          throw new EOFException("archive ends without its end-of-archive marker at offset " + pos);
        }
        if (TarHeaders.isZeroRecord(rec)) {
          return END;
        }
        h = TarHeaders.parse(rec, pos);
        if (h == null) {
          throw new CorruptTarException("invalid tar header at offset " + pos);
        }
        char t = h.type();
        long size = h.entry().getSize();
        long headerAt = pos;
        pos += TarHeaders.RECORD;
        if (t == 'L' || t == 'K' || t == 'x' || t == 'g') {
          if (size > (1 << 20)) {
            throw new CorruptTarException("oversized extended header at offset " + headerAt);
          }
          byte[] data = new byte[(int) size];
          in.readFully(data, 0, data.length);
          skipPadding(in, size);
          pos += (size + 511) & ~511L;
          if (t == 'L') {
            longName = TarHeaders.longName(data);
          } else if (t == 'K') {
            longLink = TarHeaders.longName(data);
          } else if (t == 'x') {
            try {
              pax = TarHeaders.pax(rec, data);
            } catch (IOException | RuntimeException e) {
              throw new CorruptTarException("malformed pax header at offset " + headerAt);
            }
          }
          continue;
        }
        break;
      }
      String name = h.entry().getName();
      String link = h.entry().getLinkName();
      long size = h.entry().getSize();
      if (size < 0 || size > (1L << 40)) {
        throw new CorruptTarException("bad member size at offset " + memberStart);
      }
      if (pax != null) {
        name = pax.getOrDefault("path", name);
        link = pax.getOrDefault("linkpath", link);
        if (pax.containsKey("size")) {
          try {
            size = Long.parseLong(pax.get("size"));
          } catch (NumberFormatException e) {
            throw new CorruptTarException("bad pax size at offset " + memberStart);
          }
          if (size < 0 || size > (1L << 40)) {
            throw new CorruptTarException("bad pax size at offset " + memberStart);
          }
        }
      }
      if (longName != null) {
        name = longName;
      }
      if (longLink != null) {
        link = longLink;
      }
      char type = h.type();
      // Directories, links and devices have no data, whatever the size field says.
      long dataSize =
          (type == '5' || type == '2' || type == '1' || type == '3' || type == '4' || type == '6')
              ? 0
              : size;
      TarEntry e =
          new TarEntry(
              TarHeaders.normalize(name),
              type,
              memberStart,
              pos,
              dataSize,
              link == null ? "" : link);
      sink.accept(e);
      long next = e.end();
      if (e.isFile() && dataSize <= captureLimit && capture.test(e)) {
        byte[] data = new byte[(int) dataSize];
        in.readFully(data, 0, data.length);
        captured.accept(e, data);
        if (next < stop) {
          skipPadding(in, dataSize);
        }
      } else if (next < stop && dataSize > 0) {
        in.seek(next);
      }
      pos = next;
    }
    return pos;
  }

  private static boolean readRecord(RecordInput in, byte[] rec) throws IOException {
    try {
      in.readFully(rec, 0, rec.length);
      return true;
    } catch (EOFException e) {
      return false;
    }
  }

  private static void skipPadding(RecordInput in, long size) throws IOException {
    int pad = (int) (((size + 511) & ~511L) - size);
    if (pad > 0) {
      in.readFully(new byte[pad], 0, pad);
    }
  }

  /** A tar header failed its checksum or made no sense. */
  static final class CorruptTarException extends IOException {
    CorruptTarException(String msg) {
      super(msg);
    }
  }
}
