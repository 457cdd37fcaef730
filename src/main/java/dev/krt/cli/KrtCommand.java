package dev.krt.cli;

import picocli.CommandLine.Command;

/** The top-level {@code krt} command. */
@Command(
    name = "krt",
    mixinStandardHelpOptions = true,
    versionProvider = KrtVersion.class,
    description = {
      "Kernel Rust toolchains: which Rust toolchains build which Linux kernels, and if not, why.",
      ""
    },
    footer = {
      "",
      "Exit codes: 0 all good, 1 a negative verdict, 2 usage or input error, 3 internal error.",
      "Examples:",
      "  krt check                                   the toolchain 'make' would use, against this tree",
      "  krt check --kernel /usr/src/linux-source-6.12.tar.xz --all",
      "  krt check --kernel ~/linux@v6.12 --rustc ~/.cargo/bin/rustc --format json",
      "  krt compat --rustc 1.85.0                    which kernel releases accept it",
      "  krt compat --kernel 6.12                     what it accepts; which distros satisfy it",
      "  krt distros --local                          what this machine's packages can build"
    })
public final class KrtCommand implements Runnable {
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    throw new picocli.CommandLine.ParameterException(
        spec.commandLine(), "missing command (try 'krt check')");
  }
}
