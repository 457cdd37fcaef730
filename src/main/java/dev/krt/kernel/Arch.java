package dev.krt.kernel;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The kernel's ARCH and SRCARCH for a build, derived as the top Makefile does: ARCH defaults to the
 * host's SUBARCH ({@code uname -m} mapped, so x86_64 becomes {@code x86}); SRCARCH folds
 * i386/x86_64 into x86, sparc32/64 into sparc, parisc64 into parisc.
 */
public record Arch(String arch, String srcarch) {

  /** The ARCH values with Rust support in some kernel (Documentation/rust/arch-support.rst). */
  public static final java.util.List<String> RUST_ARCHES =
      java.util.List.of("x86_64", "arm64", "arm", "riscv", "loongarch", "um", "s390", "powerpc");

  /** ARCH values the kernel's top Makefile accepts: its arch/ directories and their aliases. */
  public static final List<String> KERNEL_ARCHES =
      List.of(
          "alpha",
          "arc",
          "arm",
          "arm64",
          "csky",
          "hexagon",
          "i386",
          "loongarch",
          "m68k",
          "microblaze",
          "mips",
          "nios2",
          "openrisc",
          "parisc",
          "parisc64",
          "powerpc",
          "riscv",
          "s390",
          "sh",
          "sparc",
          "sparc32",
          "sparc64",
          "um",
          "x86",
          "x86_64",
          "xtensa");

  /** What {@code uname -m} (or Java's {@code os.arch}) says on the machines the kernel supports. */
  private static final java.util.regex.Pattern MACHINE_NAMES =
      java.util.regex.Pattern.compile(
          "i[3-6]86|amd64|aarch64(_be)?|armv\\d+\\w*|ppc|ppc64|ppc64le|s390x|riscv32|riscv64|loongarch32|loongarch64|mips(el|64|64el)?|sun4u|sh[234]\\w*");

  /**
   * What a user typed as ARCH: a kernel ARCH as it is, else a machine name ({@code uname -m},
   * Java's {@code os.arch}) mapped as the Makefile maps SUBARCH; empty when it is neither.
   */
  public static Optional<Arch> parse(String typed) {
    String a = typed.trim();
    if (KERNEL_ARCHES.contains(a)) {
      return Optional.of(of(a));
    }
    // Only names machines really report: the SUBARCH patterns (arm.*) would take any typo.
    if (!MACHINE_NAMES.matcher(a).matches()) {
      return Optional.empty();
    }
    return Optional.of(of(subarch(a)));
  }

  public static Arch of(String arch) {
    String a = arch.trim();
    return new Arch(a, srcarchOf(a));
  }

  /** ARCH as the Makefile defaults it on this host. */
  public static Arch host() {
    return of(subarch(System.getProperty("os.arch", "x86_64")));
  }

  /** The host's default unless ARCH is in the environment (as Kbuild would take it). */
  public static Arch fromEnvironment(Map<String, String> env) {
    String a = env.get("ARCH");
    if (a != null && !a.isEmpty()) {
      String src = env.get("SRCARCH");
      return new Arch(a, src != null && !src.isEmpty() ? src : srcarchOf(a));
    }
    return host();
  }

  static String subarch(String machine) {
    String m = machine.toLowerCase(Locale.ROOT);
    // Java calls x86_64 "amd64" and arm64 "aarch64".
    if (m.equals("amd64") || m.equals("x86_64") || m.matches("i.86") || m.equals("x86")) {
      return "x86";
    }
    if (m.startsWith("aarch64") || m.equals("arm64")) {
      return "arm64";
    }
    if (m.startsWith("arm") || m.equals("sa110")) {
      return "arm";
    }
    if (m.equals("s390x")) {
      return "s390";
    }
    if (m.startsWith("ppc")) {
      return "powerpc";
    }
    if (m.startsWith("mips")) {
      return "mips";
    }
    if (m.startsWith("riscv")) {
      return "riscv";
    }
    if (m.matches("sh[234].*")) {
      return "sh";
    }
    if (m.startsWith("loongarch")) {
      return "loongarch";
    }
    if (m.equals("sun4u")) {
      return "sparc64";
    }
    return m;
  }

  static String srcarchOf(String arch) {
    return switch (arch) {
      case "i386", "x86_64" -> "x86";
      case "sparc32", "sparc64" -> "sparc";
      case "parisc64" -> "parisc";
      case "sh64" -> "sh";
      default -> arch;
    };
  }

  @Override
  public String toString() {
    return arch.equals(srcarch) ? arch : arch + " (SRCARCH=" + srcarch + ")";
  }
}
