package dev.krt.cli;

import dev.krt.app.Workspace;
import dev.krt.cache.KrtDirs;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a command may touch of the outside world: its streams, environment and working directory.
 * Tests build one with in-memory streams; only {@link Main#main} uses the real process's.
 */
public record KrtContext(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
  /** The environment and working directory, as the use cases take them. */
  public Workspace workspace() {
    return new Workspace(env, cwd);
  }

  public KrtDirs dirs() {
    return KrtDirs.fromEnvironment(env);
  }
}
