package dev.krt.kernel;

import java.util.Locale;
import java.util.Map;

/**
 * The kernel's ARCH and SRCARCH for a build, derived as the top Makefile does: ARCH defaults to
 * the host's SUBARCH ({@code uname -m} mapped, so x86_64 becomes {@code x86}); SRCARCH folds
 * i386/x86_64 into x86, sparc32/64 into sparc, parisc64 into parisc.
 */
public record Arch(String arch, String srcarch) {

  /** The ARCH values with Rust support in some kernel (Documentation/rust/arch-support.rst). */
  public static final java.util.List<String> RUST_ARCHES = java.util.List.of("x86_64", "arm64", "arm", "riscv", "loongarch", "um", "s390", "powerpc");

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
