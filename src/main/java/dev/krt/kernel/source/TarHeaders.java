package dev.krt.kernel.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarUtils;
import org.apache.commons.compress.archivers.zip.ZipEncoding;
import org.apache.commons.compress.archivers.zip.ZipEncodingHelper;

/** Parsing of single 512-byte tar headers; commons-compress does the field decoding. */
final class TarHeaders {
  private TarHeaders() {}

  static final int RECORD = 512;
  private static final ZipEncoding ENCODING = ZipEncodingHelper.getZipEncoding("UTF-8");

  /** A header record that passed the checksum and magic tests. */
  record Header(TarArchiveEntry entry, boolean nameFieldFull) {
    char type() {
      return (char) entry.getLinkFlag();
    }
  }

  static boolean isZeroRecord(byte[] rec) {
    for (byte b : rec) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** Parses a header; null when the record is not a valid ustar/GNU header. */
  static Header parse(byte[] rec, long offset) {
    if (!hasMagic(rec) || !checksumMatches(rec)) {
      return null;
    }
    try {
      TarArchiveEntry e = new TarArchiveEntry(rec, ENCODING, true, offset + RECORD);
      return new Header(e, rec[99] != 0);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The checksum test; a checksum field that is not octal fails it (found by fuzzing). */
  private static boolean checksumMatches(byte[] rec) {
    try {
      return TarUtils.verifyCheckSum(rec);
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean hasMagic(byte[] rec) {
    // "ustar\0" (POSIX) or "ustar " (GNU) at offset 257.
    return rec[257] == 'u'
        && rec[258] == 's'
        && rec[259] == 't'
        && rec[260] == 'a'
        && rec[261] == 'r'
        && (rec[262] == 0 || rec[262] == ' ');
  }

  /** The NUL-terminated string in a GNU long-name/long-link data block. */
  static String longName(byte[] data) {
    int n = 0;
    while (n < data.length && data[n] != 0) {
      n++;
    }
    return new String(data, 0, n, StandardCharsets.UTF_8);
  }

  private static final String PROBE = "krt-pax-probe";

  /**
   * The {@code path}, {@code linkpath} and {@code size} a pax extended header ({@code "LEN
   * key=value\n"} records) sets for the member after it. commons-compress parses it (its record
   * parser is not public, so the header goes through {@link TarArchiveInputStream} ahead of an
   * empty member, whose fields then carry the values).
   *
   * @param header the {@code x} header record
   * @param data the header's data
   * @throws IOException when a record is malformed
   */
  static Map<String, String> pax(byte[] header, byte[] data) throws IOException {
    ByteArrayOutputStream tar = new ByteArrayOutputStream(3 * RECORD + data.length + 2 * RECORD);
    tar.write(header, 0, RECORD);
    tar.write(data);
    tar.write(new byte[(int) ((RECORD - data.length % RECORD) % RECORD)]);
    byte[] probe = new byte[RECORD];
    TarArchiveEntry empty = new TarArchiveEntry(PROBE);
    empty.setSize(0);
    empty.writeEntryHeader(probe);
    tar.write(probe);
    tar.write(new byte[2 * RECORD]);
    try (TarArchiveInputStream in =
        new TarArchiveInputStream(new ByteArrayInputStream(tar.toByteArray()))) {
      TarArchiveEntry e = in.getNextEntry();
      if (e == null) {
        throw new IOException("no member after the pax header");
      }
      Map<String, String> out = new HashMap<>();
      if (!e.getName().equals(PROBE)) {
        out.put("path", e.getName());
      }
      if (!e.getLinkName().isEmpty()) {
        out.put("linkpath", e.getLinkName());
      }
      if (e.getSize() != 0) {
        out.put("size", Long.toString(e.getSize()));
      }
      return out;
    }
  }

  static String normalize(String name) {
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    while (n.endsWith("/")) {
      n = n.substring(0, n.length() - 1);
    }
    return n;
  }
}
