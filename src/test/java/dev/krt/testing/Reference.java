package dev.krt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The shared research reference next to the project ({@code ../shared/reference}): the v7.1 texts
 * of {@code scripts/rust_is_available.sh} and {@code scripts/min-tool-version.sh}, read as test
 * inputs (never copied into the project). {@code KRT_REFERENCE} overrides the location. Missing:
 * fails under CI, skips elsewhere.
 */
public final class Reference {
  private Reference() {}

  public static Path kernelV71() {
    String r = System.getenv("KRT_REFERENCE");
    // Next to the checkout on the project's machines; CI's clean checkout may sit elsewhere.
    List<Path> roots =
        r != null && !r.isEmpty()
            ? List.of(Path.of(r))
            : List.of(
                Path.of("..", "shared", "reference").toAbsolutePath().normalize(),
                Path.of("/work/shared/reference"));
    Path d = roots.get(0).resolve("kernel-v7.1");
    for (Path root : roots) {
      if (Files.isRegularFile(root.resolve("kernel-v7.1/rust_is_available.sh"))) {
        d = root.resolve("kernel-v7.1");
        break;
      }
    }
    if (!Files.isRegularFile(d.resolve("rust_is_available.sh"))
        || !Files.isRegularFile(d.resolve("min-tool-version.sh"))) {
      Zoo.unavailable("the v7.1 reference scripts are not at " + d + " (set KRT_REFERENCE)");
    }
    return d;
  }
}
