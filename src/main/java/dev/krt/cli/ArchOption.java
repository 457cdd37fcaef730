package dev.krt.cli;

import dev.krt.kernel.Arch;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --arch A}, shared by the commands whose answer depends on min-tool-version.sh's arch conditions. */
public final class ArchOption {
  @Option(names = "--arch", paramLabel = "ARCH", description = "Kernel ARCH (min-tool-version.sh has per-architecture minimums); default: $ARCH, else this host's.")
  String arch;

  /** The option, else ARCH/SRCARCH from the environment, else this host's. */
  public Arch resolve(Map<String, String> env) {
    return KnowledgeArgs.arch(arch, env);
  }
}
