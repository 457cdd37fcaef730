package dev.krt.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One external program run: an argument array with an absolute program path, an explicit
 * environment, a working directory, optional stdin bytes (otherwise stdin is closed), a timeout and
 * a cap on captured output.
 */
public record ProcessSpec(
    List<String> argv,
    Map<String, String> env,
    Path cwd,
    byte[] stdin,
    Duration timeout,
    int outputCap) {

  public static final int DEFAULT_CAP = 1 << 20;

  public ProcessSpec {
    argv = List.copyOf(argv);
    env = Map.copyOf(env);
    if (argv.isEmpty()) {
      throw new IllegalArgumentException("empty argv");
    }
  }

  public String program() {
    return argv.get(0);
  }
}
