package dev.krt.testing;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * krt in a JVM of its own, with a bounded heap: for inputs built to exhaust memory, where the test
 * must see what a user sees (exit code, stderr) rather than share the test JVM's large heap.
 */
public final class ChildKrt {
  private ChildKrt() {}

  public static RealProcess.Result run(
      String maxHeap, Map<String, String> env, Path cwd, Duration timeout, String... args) {
    return RealProcess.run(argv(List.of("-Xmx" + maxHeap), args), env, new byte[0], cwd, timeout);
  }

  /** The command line of krt in a JVM of its own: this JVM's java and class path. */
  public static List<String> argv(List<String> jvmOptions, String... args) {
    List<String> argv = new ArrayList<>();
    argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    argv.addAll(jvmOptions);
    argv.add("-cp");
    argv.add(System.getProperty("java.class.path"));
    argv.add("dev.krt.cli.Main");
    argv.addAll(List.of(args));
    return argv;
  }
}
