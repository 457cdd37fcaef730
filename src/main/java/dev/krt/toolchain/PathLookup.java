package dev.krt.toolchain;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Finds programs as {@code /bin/sh} does: a name with a slash is a path (relative to the working
 * directory); otherwise the first executable regular file in PATH, or in dash's default search path
 * when PATH is unset.
 */
public final class PathLookup {
  /** dash's built-in search path when PATH is unset (the kernel's test suite runs so). */
  public static final String DASH_DEFAULT_PATH =
      "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

  private final String path;
  private final Path cwd;

  public PathLookup(Map<String, String> env, Path cwd) {
    this.path = env.containsKey("PATH") ? env.get("PATH") : DASH_DEFAULT_PATH;
    this.cwd = cwd;
  }

  /**
   * The program a name refers to. Paths are returned if they exist at all, as dash's {@code command
   * -v} does; PATH entries must be executable regular files.
   */
  public Optional<Path> find(String name) {
    if (name == null || name.isEmpty()) {
      return Optional.empty();
    }
    if (name.contains("/")) {
      Path p = cwd.resolve(expandHome(name));
      return Files.exists(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : path.split(":", -1)) {
      Path d = dir.isEmpty() ? cwd : cwd.resolve(dir);
      Path p = d.resolve(name);
      File f = p.toFile();
      if (f.isFile() && f.canExecute()) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  private static String expandHome(String p) {
    return p;
  }

  /** The path with symlinks resolved, or as it is if that fails. */
  public static String realPath(Path p) {
    try {
      return p.toRealPath().toString();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize().toString();
    }
  }

  public Path cwd() {
    return cwd;
  }
}
