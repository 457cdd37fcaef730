package dev.krt.kernel.source;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A tarball's identity for caching: its size, modification time and a hash of its first and last 64
 * KiB (the last part holds the xz index, every block's sizes). A rewritten or touched tarball gets
 * a new identity; an edit in the middle that keeps size and time is not seen.
 */
final class TarballIdentity {
  private TarballIdentity() {}

  private static final int EDGE = 64 * 1024;

  static String of(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
      long len = f.length();
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      long mtime = java.nio.file.Files.getLastModifiedTime(file).toMillis();
      md.update((len + " " + mtime).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      byte[] buf = new byte[(int) Math.min(EDGE, len)];
      f.readFully(buf);
      md.update(buf);
      if (len > EDGE) {
        long tail = Math.max(EDGE, len - EDGE);
        byte[] t = new byte[(int) (len - tail)];
        f.seek(tail);
        f.readFully(t);
        md.update(t);
      }
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
