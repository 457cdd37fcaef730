package dev.krt.cli;

import dev.krt.app.CompatLookup;
import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.HypotheticalToolchain;
import dev.krt.knowledge.KernelCompat;
import dev.krt.knowledge.ToolchainCompat;
import dev.krt.report.CompatJson;
import dev.krt.report.CompatText;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code krt compat}: which kernels a toolchain builds, what a kernel accepts, what a distro
 * builds.
 */
@Command(
    name = "compat",
    header = "Which kernels accept a toolchain; what a kernel accepts; what a distro builds.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Answers compatibility questions from krt's built-in knowledge, with each kernel's own",
      "rules (its scripts/rust_is_available.sh era and min-tool-version.sh), no toolchain needed:",
      "  --rustc V [--bindgen V] [--libclang V]  which kernel releases accept that toolchain, and why not",
      "  --kernel 6.12|SRC                       which Rust releases, bindgen and libclang it accepts,",
      "                                          and which distribution releases satisfy it with packages",
      "  --distro ID                             which kernels a distribution release builds with its packages",
      "Tools not named are assumed to be what each kernel asks for."
    },
    footer = {
      "",
      "Exit codes: 0 at least one match, 1 none, 2 usage or input error.",
      "",
      "Examples:",
      "  krt compat --rustc 1.85.0",
      "  krt compat --rustc 1.78.0 --bindgen 0.66.1 --libclang 18.1.3",
      "  krt compat --kernel 6.12",
      "  krt compat --kernel /usr/src/linux-source-6.12.tar.xz",
      "  krt compat --distro debian-13 --format json"
    })
public final class CompatCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--rustc",
      paramLabel = "VERSION",
      description = "A rustc version (1.85.0, 1.85).")
  String rustc;

  @Option(names = "--bindgen", paramLabel = "VERSION", description = "A bindgen version (0.71.1).")
  String bindgen;

  @Option(
      names = "--libclang",
      paramLabel = "VERSION",
      description = "The libclang bindgen loads (19.1.7); CC is taken to be the same Clang.")
  String libclang;

  @Option(
      names = "--patched-bindgen",
      description =
          "bindgen carries the distribution fixes for the 0.66 and libclang 19.1 bugs the kernel probes for (as Debian's does).")
  boolean patchedBindgen;

  @Option(
      names = {"-k", "--kernel"},
      paramLabel = "RELEASE|SRC",
      description =
          "A kernel release krt knows (6.12, 6.12.y, v7.1) or a source (directory, tarball, REPO@REF).")
  String kernel;

  @Option(
      names = "--distro",
      paramLabel = "ID",
      description =
          "A distribution release (krt distros lists them), e.g. debian-13, ubuntu-24.04.")
  String distro;

  @Mixin ArchOption arch = new ArchOption();

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description = "The day whose stable, beta and nightly Rust to use (default: today).")
  String date;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    int modes =
        (rustc != null || bindgen != null || libclang != null ? 1 : 0)
            + (kernel != null ? 1 : 0)
            + (distro != null ? 1 : 0);
    if (modes != 1) {
      throw new UserException(
          modes == 0
              ? "say what to look up: --rustc/--bindgen/--libclang VERSION, --kernel RELEASE|SRC or --distro ID"
              : "give one of --rustc/--bindgen/--libclang, --kernel or --distro, not several");
    }
    if (date != null && kernel == null) {
      throw new UserException(
          "--date goes with --kernel (it sets which Rust releases are stable, beta and nightly)");
    }
    if (patchedBindgen && bindgen == null) {
      throw new UserException("--patched-bindgen needs --bindgen");
    }
    Arch a = arch();
    LocalDate day = KnowledgeArgs.date(date);
    if (kernel != null) {
      KernelCompat kc = new CompatLookup(ctx.workspace()).forKernel(kernel, a, day);
      if (format.json()) {
        CompatJson.write(kc, ctx.out());
      } else {
        CompatText.write(kc, ctx.out());
      }
      return kc.accepted().isEmpty() ? ExitCodes.NEGATIVE : ExitCodes.OK;
    }
    if (distro != null) {
      DistroCompat dc = new CompatLookup(ctx.workspace()).forDistro(distro, a);
      if (format.json()) {
        CompatJson.write(dc, ctx.out());
      } else {
        CompatText.write(dc, ctx.out());
      }
      return dc.buildsAny() ? ExitCodes.OK : ExitCodes.NEGATIVE;
    }
    ToolchainCompat tc = forToolchain(a);
    if (format.json()) {
      CompatJson.write(tc, ctx.out());
    } else {
      CompatText.write(tc, ctx.out());
    }
    return tc.anyAccepts() ? ExitCodes.OK : ExitCodes.NEGATIVE;
  }

  private Arch arch() {
    return arch.resolve(ctx.env());
  }

  /** {@code --rustc/--bindgen/--libclang}: every kernel release's verdict. */
  public ToolchainCompat forToolchain(Arch a) {
    HypotheticalToolchain tc =
        new HypotheticalToolchain(
            Optional.ofNullable(rustc).map(v -> KnowledgeArgs.version("--rustc", v)),
            Optional.ofNullable(bindgen).map(v -> KnowledgeArgs.version("--bindgen", v)),
            Optional.ofNullable(libclang).map(v -> KnowledgeArgs.version("--libclang", v)),
            patchedBindgen,
            true);
    return new CompatLookup(ctx.workspace()).forToolchain(tc, a);
  }
}
