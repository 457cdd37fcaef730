package dev.krt.cli;

import dev.krt.app.ResolvedKernel;
import dev.krt.kernel.Arch;
import dev.krt.report.KernelJson;
import dev.krt.report.KernelText;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code krt kernel}: what krt reads from a kernel: version, Rust support, checker era, minimums.
 */
@Command(
    name = "kernel",
    header =
        "What krt reads from a kernel: version, Rust support, checker era, tool minimums per ARCH.",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what krt reads from a kernel source: its version, whether it has Rust support, which",
      "checks its scripts/rust_is_available.sh makes (the checker era), and the rustc / bindgen /",
      "libclang minimums of scripts/min-tool-version.sh for the Rust architectures."
    },
    footer = {"", "Example: krt kernel --kernel /usr/src/linux-source-6.12.tar.xz"})
public final class KernelCommand implements Callable<Integer>, KrtSubcommand {

  private KrtContext ctx;

  @Mixin KernelOptions kernelOptions = new KernelOptions();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ResolvedKernel r = kernelOptions.resolve(ctx);
    Arch def = kernelOptions.arch(ctx);
    List<Arch> arches =
        kernelOptions.arch.given()
            ? List.of(def)
            : Arch.RUST_ARCHES.stream().map(Arch::of).toList();
    if (format.json()) {
      KernelJson.write(r, def, arches, ctx.out());
    } else {
      KernelText.write(r, def, arches, ctx.out());
    }
    return ExitCodes.OK;
  }
}
