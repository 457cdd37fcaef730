package dev.krt.check;

import dev.krt.kernel.ToolPolicy;
import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The kernel's script stops at the first problem; users fixing one then meet the next. From what
 * probing found anyway, krt names the later problems the script never reached.
 */
final class AlsoBroken {
  private AlsoBroken() {}

  private static final String PREFIX = "Also (the kernel's script stops at the first problem): ";

  static List<Finding> after(List<Finding> kernel, ToolchainFacts f, ToolPolicy p) {
    Set<String> seen = new java.util.HashSet<>();
    for (Finding k : kernel) {
      seen.add(k.id());
    }
    String first =
        kernel.stream()
            .filter(k -> k.severity() == Severity.ERROR)
            .map(Finding::id)
            .findFirst()
            .orElse("");
    List<Finding> out = new ArrayList<>();
    boolean rustcStep = first.startsWith("rustc-") || first.startsWith("env-");
    if (rustcStep && !first.equals("rustc-sysroot-failed")) {
      if (f.bindgenPath().isEmpty()) {
        out.add(also("bindgen-not-found", "the Rust bindings generator could not be found."));
      } else if (below(f.bindgenVersion(), p.bindgenVersion())) {
        out.add(
            also(
                "bindgen-too-old",
                "bindgen " + f.bindgenVersion().get() + " is older than " + p.bindgen() + "."));
      }
    }
    boolean beforeLibclang = rustcStep || first.startsWith("bindgen-");
    if (beforeLibclang && below(f.libclangVersion(), p.llvmVersion())) {
      out.add(
          also(
              "libclang-too-old",
              "libclang "
                  + f.libclangVersion().get()
                  + " (used by bindgen) is older than "
                  + p.llvm()
                  + "."));
    }
    if (!first.equals("rust-src-missing")
        && !seen.contains("rust-src-missing")
        && f.coreSource().isPresent()
        && !f.coreSourceFound()) {
      out.add(
          also(
              "rust-src-missing",
              "source code for the 'core' standard library could not be found at '"
                  + f.coreSource().get()
                  + "'."));
    }
    return out;
  }

  private static boolean below(Optional<String> have, Optional<Version> min) {
    if (have.isEmpty() || min.isEmpty()) {
      return false;
    }
    try {
      return Version.parse(have.get()).isBelow(min.get());
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static Finding also(String id, String text) {
    return Finding.krt(id, Severity.ERROR, List.of(PREFIX + text));
  }
}
