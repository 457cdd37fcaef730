package dev.krt.toolchain;

import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessRunner;
import dev.krt.process.ProcessSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a tree's {@code min-tool-version.sh} with /bin/sh: the fallback when krt cannot read it. */
public final class ShellMinToolVersion implements KernelTreeLoader.ShellFallback {
  private final ProcessRunner runner;

  public ShellMinToolVersion(ProcessRunner runner) {
    this.runner = runner;
  }

  /**
   * The one way krt reads a kernel tree: its scripts read in Java, run with /bin/sh when they must
   * be.
   */
  public static KernelTreeLoader treeLoader() {
    return new KernelTreeLoader(new ShellMinToolVersion(new ProcessRunner()));
  }

  @Override
  public MinToolVersionScript.Result run(
      String scriptText, Optional<Path> script, String tool, Arch arch) throws IOException {
    if (script.isPresent()) {
      return run(script.get(), tool, arch);
    }
    // From an archive: the text in a private temporary file, deleted right after.
    Path tmp = Files.createTempFile("krt-min-tool-version-", ".sh");
    try {
      Files.writeString(tmp, scriptText, StandardCharsets.ISO_8859_1);
      return run(tmp, tool, arch);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private MinToolVersionScript.Result run(Path script, String tool, Arch arch) {
    ProcessResult r =
        runner.run(
            new ProcessSpec(
                List.of("/bin/sh", script.toString(), tool),
                Map.of(
                    "ARCH",
                    arch.arch(),
                    "SRCARCH",
                    arch.srcarch(),
                    "LC_ALL",
                    "C",
                    "PATH",
                    "/usr/bin:/bin"),
                script.getParent(),
                null,
                Duration.ofSeconds(10),
                64 * 1024));
    String out = r.stdoutText().strip();
    return new MinToolVersionScript.Result(
        r.ok() && !out.isEmpty() ? Optional.of(out) : Optional.empty(),
        r.exitCode(),
        r.stderrText());
  }
}
