package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
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
    if (!hasMagic(rec) || !TarUtils.verifyCheckSum(rec)) {
      return null;
    }
    try {
      TarArchiveEntry e = new TarArchiveEntry(rec, ENCODING, true, offset + RECORD);
      return new Header(e, rec[99] != 0);
    } catch (IOException | RuntimeException e) {
      return null;
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

  /** Parses pax extended header records ({@code "LEN key=value\n"}...). */
  static Map<String, String> pax(byte[] data) {
    Map<String, String> out = new HashMap<>();
    int i = 0;
    while (i < data.length && data[i] != 0) {
      int sp = i;
      while (sp < data.length && data[sp] != ' ') {
        sp++;
      }
      int len;
      try {
        len = Integer.parseInt(new String(data, i, sp - i, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        break;
      }
      if (len <= 0 || i + len > data.length) {
        break;
      }
      String rec = new String(data, sp + 1, i + len - sp - 2, StandardCharsets.UTF_8);
      int eq = rec.indexOf('=');
      if (eq > 0) {
        out.put(rec.substring(0, eq), rec.substring(eq + 1));
      }
      i += len;
    }
    return out;
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
