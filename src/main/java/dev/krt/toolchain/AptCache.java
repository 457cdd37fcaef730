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
 * The one way krt asks apt: {@code apt-cache} with {@code LC_ALL=C}, a fixed PATH, a timeout and a
 * cap on its output. Used for the advice of krt check ({@link MachineInventory}) and for krt
 * distros --local alike; {@link AptPolicy} reads what {@code policy} prints.
 */
public final class AptCache {
  /** Where Debian and Ubuntu have it. */
  public static final Path PROGRAM = Path.of("/usr/bin/apt-cache");

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final int OUTPUT_CAP = 4 << 20;

  /** apt-cache failed, timed out or could not start. */
  public static final class Failed extends Exception {
    Failed(String message) {
      super(message);
    }
  }

  private final ProcessExecutor exec;
  private final Path program;

  public AptCache(ProcessExecutor exec, Path program) {
    this.exec = exec;
    this.program = program;
  }

  /** What {@code apt-cache ARGS...} printed on stdout. */
  public String run(List<String> args) throws Failed {
    List<String> argv = new ArrayList<>();
    argv.add(program.toString());
    argv.addAll(args);
    ProcessResult r =
        exec.run(
            new ProcessSpec(
                argv,
                Map.of("LC_ALL", "C", "PATH", "/usr/bin:/bin"),
                Path.of("/"),
                null,
                TIMEOUT,
                OUTPUT_CAP));
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
