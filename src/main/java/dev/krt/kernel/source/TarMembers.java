package dev.krt.kernel.source;

import java.io.IOException;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Members of a tarball, whichever way it is read. */
interface TarMembers {
  /** The first member's path (to guess the top directory). */
  String firstPath() throws IOException;

  /** Members by archive path (absent ones are left out), their data kept for reading. */
  Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException;

  /** Members by archive path, without their data (to learn what exists). */
  default Map<String, TarEntry> findEntries(Collection<String> archivePaths) throws IOException {
    return find(archivePaths);
  }

  /** The data of file members. */
  Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException;

  /** Members under a directory (archive path ending in '/'); "" for all. */
  List<TarEntry> under(String dirPrefix) throws IOException;
}
