package dev.krt.cli;

import dev.krt.app.KernelResolver;
import dev.krt.app.ResolvedKernel;
import dev.krt.kernel.Arch;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --kernel SRC} and {@code --arch A}, shared by the commands that look at a kernel. */
public final class KernelOptions {
  @Option(
      names = {"-k", "--kernel"},
      paramLabel = "SRC",
      description =
          "Kernel source: a directory, a tarball (.tar.xz, .tar.gz, .tar) read in place, or REPO@REF for a git repository at a tag, branch or commit.")
  String kernel;

  @Mixin ArchOption arch = new ArchOption();

  /** The kernel as the user named it; empty: the working directory's, or krt's choice. */
  public Optional<String> kernel() {
    return Optional.ofNullable(kernel);
  }

  public ResolvedKernel resolve(KrtContext ctx) throws IOException {
    return new KernelResolver(ctx.workspace()).resolve(kernel(), arch(ctx));
  }

  public Arch arch(KrtContext ctx) {
    return arch.resolve(ctx.env());
  }
}
