package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.text.Suggest;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Option;

/** {@code --arch A}, shared by every command whose answer depends on the kernel's ARCH. */
public final class ArchOption {
  @Option(
      names = "--arch",
      paramLabel = "ARCH",
      description =
          "Kernel ARCH (x86_64, arm64, riscv, loongarch, s390, powerpc, ...; min-tool-version.sh has per-architecture minimums); default: $ARCH, else this host's.")
  String arch;

  /** Whether the user named an ARCH. */
  public boolean given() {
    return arch != null;
  }

  /** The option, else ARCH/SRCARCH from the environment, else this host's. */
  public Arch resolve(Map<String, String> env) {
    if (arch == null) {
      return Arch.fromEnvironment(env);
    }
    return Arch.parse(arch)
        .orElseThrow(
            () ->
                new UserException(
                    "not a kernel ARCH: '"
                        + arch
                        + "'"
                        + Suggest.note(arch.trim().toLowerCase(Locale.ROOT), Arch.KERNEL_ARCHES)
                        + "; the kernel's arch/ directories: "
                        + String.join(", ", Arch.KERNEL_ARCHES)));
  }
}
