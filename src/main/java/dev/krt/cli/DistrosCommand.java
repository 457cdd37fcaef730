package dev.krt.cli;

import dev.krt.app.DistroAnswers;
import dev.krt.app.DistroAnswers.LocalReport;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.DistroCompat;
import dev.krt.report.DistrosJson;
import dev.krt.report.DistrosText;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krt distros}: distribution releases, their toolchain packages and the kernels they build.
 */
@Command(
    name = "distros",
    header = "Distro releases, their toolchain packages, what those build (--local: this machine).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Lists distribution releases krt knows with their rustc / bindgen / libclang / rust-src packages",
      "and the kernel releases those packages alone can build. With --local, asks this machine's",
      "package manager (apt-cache, dnf, pacman or zypper; nothing is installed) what it can install,",
      "which kernels that could build, and the exact install command."
    },
    footer = {
      "",
      "Examples:",
      "  krt distros",
      "  krt distros --local",
      "  krt compat --distro debian-13"
    })
public final class DistrosCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--local",
      description = "Ask this machine's package manager instead of krt's dataset.")
  boolean local;

  @Mixin ArchOption arch = new ArchOption();

  @Mixin FormatOption format = new FormatOption();

  /** Where /etc/os-release and the package managers are looked for (tests point it elsewhere). */
  Path root = Path.of("/");

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    Arch a = arch.resolve(ctx.env());
    if (local) {
      LocalReport r = DistroAnswers.local(root, a);
      if (format.json()) {
        DistrosJson.writeLocal(r, ctx.out());
      } else {
        DistrosText.writeLocal(r, ctx.out());
      }
      return r.compat().buildsAny() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
    List<DistroCompat> all = DistroAnswers.all(a);
    if (format.json()) {
      DistrosJson.write(all, a, ctx.out());
    } else {
      DistrosText.write(all, a, ctx.out());
    }
    return ExitCodes.OK;
  }
}
