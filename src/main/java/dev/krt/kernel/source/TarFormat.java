package dev.krt.kernel.source;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** How a tarball is compressed, told by its first bytes (the name only for a plain tar). */
enum TarFormat {
  XZ,
  GZIP,
  TAR;

  static TarFormat of(Path p) throws IOException {
    byte[] magic = new byte[6];
    try (InputStream in = Files.newInputStream(p)) {
      int n = in.readNBytes(magic, 0, 6);
      if (n >= 6
          && (magic[0] & 0xff) == 0xfd
          && magic[1] == '7'
          && magic[2] == 'z'
          && magic[3] == 'X'
          && magic[4] == 'Z'
          && magic[5] == 0) {
        return XZ;
      }
      if (n >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
        return GZIP;
      }
    }
    String name = p.getFileName().toString();
    if (name.endsWith(".tar")) {
      return TAR;
    }
    throw new CorruptArchiveException("not an xz, gzip or tar file: " + p);
  }
}
