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
    Set<FindingId> seen = new java.util.HashSet<>();
    for (Finding k : kernel) {
      seen.add(k.id());
    }
    Optional<FindingId> first =
        kernel.stream().filter(k -> k.severity() == Severity.ERROR).map(Finding::id).findFirst();
    List<Finding> out = new ArrayList<>();
    Optional<FindingId.Subject> step = first.map(FindingId::subject);
    boolean rustcStep =
        step.filter(x -> x == FindingId.Subject.RUSTC || x == FindingId.Subject.ENV).isPresent();
    if (rustcStep && first.orElse(null) != FindingId.RUSTC_SYSROOT_FAILED) {
      if (f.bindgenPath().isEmpty()) {
        out.add(
            also(FindingId.BINDGEN_NOT_FOUND, "the Rust bindings generator could not be found."));
      } else if (below(f.bindgenVersion(), p.bindgenVersion())) {
        out.add(
            also(
                FindingId.BINDGEN_TOO_OLD,
                "bindgen " + f.bindgenVersion().get() + " is older than " + p.bindgen() + "."));
      }
    }
    boolean beforeLibclang = rustcStep || step.orElse(null) == FindingId.Subject.BINDGEN;
    if (beforeLibclang && below(f.libclangVersion(), p.llvmVersion())) {
      out.add(
          also(
              FindingId.LIBCLANG_TOO_OLD,
              "libclang "
                  + f.libclangVersion().get()
                  + " (used by bindgen) is older than "
                  + p.llvm()
                  + "."));
    }
    if (first.orElse(null) != FindingId.RUST_SRC_MISSING
        && !seen.contains(FindingId.RUST_SRC_MISSING)
        && f.coreSource().isPresent()
        && !f.coreSourceFound()) {
      out.add(
          also(
              FindingId.RUST_SRC_MISSING,
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

  private static Finding also(FindingId id, String text) {
    return Finding.krt(id, Severity.ERROR, List.of(PREFIX + text));
  }
}
