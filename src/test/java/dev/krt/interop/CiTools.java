package dev.krt.interop;

import dev.krt.testing.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;

/** The npm tools scripts/ci-tools.sh installs (gitlab-ci-local, action-validator). */
final class CiTools {
  private CiTools() {}

  static Path bin(String name) {
    String dir = System.getenv("KRT_TOOLS");
    Path p =
        Path.of(
            dir == null || dir.isEmpty() ? "/tmp/krt-tools" : dir, "node_modules", ".bin", name);
    if (!Files.isExecutable(p)) {
      Zoo.unavailable(name + " is not at " + p + " (run scripts/ci-tools.sh)");
    }
    return p;
  }
}
