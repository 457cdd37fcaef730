package dev.krt.toolchain;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Directory listings for discovery: sorted, and empty rather than failing when unreadable. */
final class Dirs {
  private Dirs() {}

  static List<Path> list(Path dir) {
    List<Path> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
      for (Path p : ds) {
        out.add(p);
      }
    } catch (IOException e) {
      return out;
    }
    out.sort(null);
    return out;
  }

  static List<Path> subdirectories(Path dir) {
    List<Path> out = new ArrayList<>();
    for (Path p : list(dir)) {
      if (Files.isDirectory(p)) {
        out.add(p);
      }
    }
    return out;
  }
}
