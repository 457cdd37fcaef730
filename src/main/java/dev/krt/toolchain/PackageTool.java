package dev.krt.toolchain;

import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one way krt asks a package manager (apt-cache, dnf, pacman, zypper): the program by its
 * absolute path, {@code LC_ALL=C}, a fixed PATH, a timeout and a cap on its output. Used for the
 * advice of krt check ({@link MachineInventory}) and for krt distros --local alike.
 */
public final class PackageTool {
  /** Where Debian and Ubuntu have apt-cache ({@link AptPolicy} reads what its policy prints). */
  public static final Path APT_CACHE = Path.of("/usr/bin/apt-cache");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int OUTPUT_CAP = 4 << 20;

  /** The program failed, timed out or could not start. */
  public static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private final ProcessExecutor exec;
  private final Path program;

  public PackageTool(ProcessExecutor exec, Path program) {
    this.exec = exec;
    this.program = program;
  }

  /** The program run with ARGS, however it ended (for tools whose exit code says little). */
  public ProcessResult result(List<String> args, Duration timeout) {
    List<String> argv = new ArrayList<>();
    argv.add(program.toString());
    argv.addAll(args);
    return exec.run(
        new ProcessSpec(
            argv,
            Map.of("LC_ALL", "C", "PATH", "/usr/bin:/bin"),
            Path.of("/"),
            null,
            timeout,
            OUTPUT_CAP));
  }

  /** What the program printed on stdout, when it exited 0 in time. */
  public String run(List<String> args) throws Failed {
    ProcessResult r = result(args, TIMEOUT);
    if (!r.ok()) {
      String why =
          r.timedOut()
              ? "timed out"
              : r.startError().orElse("exit code " + r.exitCode() + ": " + r.stderrText().strip());
      throw new Failed(program + " " + args.get(0) + " failed: " + why);
    }
    return r.stdoutText();
  }
}
