package dev.krt.kernel.source;

import java.io.Closeable;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where a kernel's files come from: a directory, a source tarball read in place, or a git
 * repository at a ref. Paths are relative to the kernel's top directory and use {@code /}.
 */
public interface KernelSource extends Closeable {

  /** A short human description, e.g. {@code /usr/src/linux-source-6.12.tar.xz}. */
  String describe();

  /** The content of a regular file (symlinks inside the tree are followed), or empty. */
  Optional<byte[]> read(String path) throws IOException;

  /** Whether a regular file exists at {@code path}. */
  default boolean exists(String path) throws IOException {
    return read(path).isPresent();
  }

  /**
   * Regular files whose path matches a glob ({@code *} within a path component, {@code **} across
   * components), sorted.
   */
  List<String> list(String glob) throws IOException;

  /** What the last {@link #list} could not look into (unreadable directories), as messages. */
  default List<String> listProblems() {
    return List.of();
  }

  /** Several files at once; archive sources read each needed block only once. */
  default java.util.Map<String, Optional<byte[]>> readAll(java.util.Collection<String> paths)
      throws IOException {
    java.util.Map<String, Optional<byte[]>> out = new java.util.LinkedHashMap<>();
    for (String p : paths) {
      out.put(p, read(p));
    }
    return out;
  }

  /** A file as text; kernel scripts are ASCII, and Latin-1 keeps every byte as it is. */
  default Optional<String> readText(String path) throws IOException {
    return read(path).map(b -> new String(b, StandardCharsets.ISO_8859_1));
  }

  /**
   * A name for this exact content, for sources whose content cannot change under it (a tarball's
   * identity, a git tree id); empty for directories, which can be edited at any time.
   */
  default Optional<String> contentIdentity() {
    return Optional.empty();
  }

  /** The directory on disk, for sources that are one (needed to run the tree's own scripts). */
  default Optional<Path> directory() {
    return Optional.empty();
  }

  @Override
  default void close() throws IOException {}
}
