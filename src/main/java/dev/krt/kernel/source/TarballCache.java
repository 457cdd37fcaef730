package dev.krt.kernel.source;

import dev.krt.cache.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * What krt keeps of one tarball under {@code <cache>/tar/<identity>/}: the member index and the
 * small files it read, so a second look costs no decompression. An optimisation only: a damaged or
 * unwritable cache is ignored, never trusted.
 */
final class TarballCache {
  /** Files up to this size are kept in the content cache. */
  static final long CACHE_FILE_LIMIT = 256 * 1024;

  private final Path cacheDir; // null: no caching

  /**
   * @param cacheRoot krt's cache directory, or null for none
   */
  TarballCache(Path cacheRoot, String identity) {
    this.cacheDir = cacheRoot == null ? null : cacheRoot.resolve("tar").resolve(identity);
  }

  /** The member index saved by an earlier look, or null (none, or damaged). */
  TarIndex loadIndex() {
    if (cacheDir == null) {
      return null;
    }
    Path p = cacheDir.resolve("index.bin");
    if (!Files.isRegularFile(p)) {
      return null;
    }
    try (InputStream in = Files.newInputStream(p)) {
      return TarIndex.deserialize(in);
    } catch (IOException | RuntimeException | OutOfMemoryError e) {
      return null; // a damaged cache is rebuilt, never trusted
    }
  }

  /** Saves the index if it learned members since it was loaded. */
  void saveIndex(TarIndex index) {
    if (cacheDir == null || !index.dirty()) {
      return;
    }
    try {
      AtomicFiles.write(cacheDir.resolve("index.bin"), index.serialize());
      index.clean();
    } catch (IOException e) {
      // The cache is an optimisation; a read-only cache directory must not fail the check.
    }
  }

  private Path contentPath(String path) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      String h = HexFormat.of().formatHex(md.digest(path.getBytes(StandardCharsets.UTF_8)), 0, 12);
      return cacheDir.resolve("files").resolve(h);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Cached content: a header line with the path (to rule out hash collisions), then the bytes. */
  Optional<Optional<byte[]>> content(String path) {
    if (cacheDir == null) {
      return Optional.empty();
    }
    Path p = contentPath(path);
    try {
      byte[] all = Files.readAllBytes(p);
      int nl = indexOf(all, (byte) '\n');
      if (nl < 0) {
        return Optional.empty();
      }
      String head = new String(all, 0, nl, StandardCharsets.UTF_8);
      if (head.equals("absent " + path)) {
        return Optional.of(Optional.empty());
      }
      if (!head.equals("file " + path)) {
        return Optional.empty();
      }
      byte[] data = new byte[all.length - nl - 1];
      System.arraycopy(all, nl + 1, data, 0, data.length);
      return Optional.of(Optional.of(data));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Keeps a small file (or that it is absent) for the next look. */
  void storeContent(String path, Optional<byte[]> data) {
    if (cacheDir == null || (data.isPresent() && data.get().length > CACHE_FILE_LIMIT)) {
      return;
    }
    byte[] head =
        ((data.isPresent() ? "file " : "absent ") + path + "\n").getBytes(StandardCharsets.UTF_8);
    byte[] body = data.orElse(new byte[0]);
    byte[] all = new byte[head.length + body.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(body, 0, all, head.length, body.length);
    try {
      AtomicFiles.write(contentPath(path), all);
    } catch (IOException e) {
      // optimisation only
    }
  }

  private static int indexOf(byte[] a, byte b) {
    for (int i = 0; i < a.length; i++) {
      if (a[i] == b) {
        return i;
      }
    }
    return -1;
  }
}
