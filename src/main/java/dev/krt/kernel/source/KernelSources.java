package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Opens a kernel source from what a user typed: a directory, a tarball ({@code .tar.xz}, {@code
 * .tar.gz}, {@code .tar}), or {@code REPO@REF} for a git repository at a ref.
 */
public final class KernelSources {
  private KernelSources() {}

  /**
   * What one xz decoder may use, in KiB, wherever krt decompresses a kernel tarball. {@code xz -9}
   * (what kernel.org and Debian use) needs 65 MiB; a block that declares a larger dictionary is
   * refused before anything is allocated.
   */
  public static final int XZ_MEMORY_KIB = 256 << 10;

  public static KernelSource open(String spec, Path cwd, Path cacheRoot) throws IOException {
    if (spec == null || spec.isEmpty()) {
      throw new KernelSourceException("empty kernel source");
    }
    Path p = cwd.resolve(spec).normalize();
    if (Files.exists(p)) {
      return openPath(p, cacheRoot);
    }
    int at = spec.lastIndexOf('@');
    if (at > 0 && at < spec.length() - 1) {
      Path repo = cwd.resolve(spec.substring(0, at)).normalize();
      String ref = spec.substring(at + 1);
      if (!Files.exists(repo)) {
        throw new KernelSourceException("no such git repository: " + repo);
      }
      if (!Files.isDirectory(repo) || !GitSource.isRepository(repo)) {
        throw new KernelSourceException(
            "not a git repository: " + repo + " (REPO@REF needs a git repository)");
      }
      return GitSource.open(repo, ref);
    }
    throw new KernelSourceException("no such file or directory: " + p);
  }

  private static KernelSource openPath(Path p, Path cacheRoot) throws IOException {
    if (!Files.isReadable(p)) {
      throw new KernelSourceException("cannot read " + p + ": permission denied");
    }
    if (Files.isDirectory(p)) {
      if (!Files.isExecutable(p)) {
        throw new KernelSourceException("cannot read " + p + ": permission denied");
      }
      return new DirectorySource(p);
    }
    if (Files.isRegularFile(p)) {
      return new TarballSource(p, cacheRoot, Runtime.getRuntime().availableProcessors());
    }
    throw new KernelSourceException("not a directory, tarball or git repository: " + p);
  }
}
