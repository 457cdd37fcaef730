package dev.krt.knowledge;

import dev.krt.check.CheckInputs;
import dev.krt.check.Finding;
import dev.krt.check.RustIsAvailable;
import dev.krt.check.Severity;
import dev.krt.check.Transcript;
import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether a kernel accepts a toolchain known by its versions: the kernel's own checker for that
 * kernel's era, run on what the toolchain would print ({@link HypotheticalProbes}).
 */
public final class Compatibility {
  private Compatibility() {}

  /**
   * One kernel × toolchain answer.
   *
   * @param reasons one line per problem, most important first (empty when accepted cleanly)
   * @param assumed the tools the user did not name, at the versions assumed (the kernel's own)
   */
  public record Result(
      KernelTree kernel,
      ToolPolicy policy,
      Verdict verdict,
      List<Finding> findings,
      List<String> reasons,
      List<String> assumed) {
    public boolean accepted() {
      return verdict != Verdict.NOT_AVAILABLE;
    }
  }

  public static Result evaluate(KernelTree tree, Arch arch, HypotheticalToolchain tc) {
    ToolPolicy policy = tree.policy(arch);
    if (!tree.hasRust()) {
      return new Result(
          tree,
          policy,
          Verdict.NOT_AVAILABLE,
          List.of(),
          List.of("Linux " + tree.version() + " has no Rust support (it came in 6.1)"),
          List.of());
    }
    HypotheticalProbes p = new HypotheticalProbes(tree, arch, tc);
    CheckInputs in =
        new CheckInputs(
            Optional.of("rustc"),
            Optional.of("bindgen"),
            Optional.of("clang"),
            Optional.empty(),
            Optional.empty(),
            "scripts/rust_is_available.sh",
            true);
    Transcript t = RustIsAvailable.run(tree.era().orElseThrow(), in, p);
    // What stops the build first, then what the kernel warns about.
    List<String> reasons = new ArrayList<>();
    for (Severity s : List.of(Severity.ERROR, Severity.WARNING)) {
      for (Finding f : t.findings()) {
        if (f.severity() == s) {
          reasons.add(reason(f, policy, p));
        }
      }
    }
    List<String> assumed = new ArrayList<>();
    if (tc.rustc().isEmpty()) {
      assumed.add("rustc " + p.rustc());
    }
    if (tc.bindgen().isEmpty()) {
      assumed.add("bindgen " + p.bindgen());
    }
    if (tc.libclang().isEmpty()) {
      assumed.add("libclang " + p.libclang());
    }
    return new Result(
        tree, policy, t.verdict(), t.findings(), List.copyOf(reasons), List.copyOf(assumed));
  }

  /** The finding in the user's terms: the versions involved and the kernel's rule. */
  static String reason(Finding f, ToolPolicy policy, HypotheticalProbes p) {
    return switch (f.id()) {
      case RUSTC_TOO_OLD ->
          "rustc "
              + p.rustc()
              + " is older than the "
              + (policy.pinned() ? "pinned " : "minimum ")
              + policy.rustc();
      case RUSTC_TOO_NEW ->
          "pinned to rustc "
              + policy.rustc()
              + "; "
              + p.rustc()
              + " is newer: the kernel warns it may or may not work";
      case BINDGEN_TOO_OLD ->
          "bindgen "
              + p.bindgen()
              + " is older than the "
              + (policy.pinned() ? "pinned " : "minimum ")
              + policy.bindgen();
      case BINDGEN_TOO_NEW ->
          "pinned to bindgen "
              + policy.bindgen()
              + "; "
              + p.bindgen()
              + " is newer: the kernel warns it may or may not work";
      case LIBCLANG_TOO_OLD ->
          "libclang " + p.libclang() + " is older than the minimum " + policy.llvm();
      case BINDGEN_066_BUG ->
          "bindgen "
              + p.bindgen()
              + " has the 0.66.0/0.66.1 bug the kernel warns about (rust-bindgen PR 2567), unless patched";
      case BINDGEN_LIBCLANG_19_1_BUG ->
          "bindgen "
              + p.bindgen()
              + " < 0.69.5 with libclang "
              + p.libclang()
              + " >= 19.1: the kernel warns (rust-bindgen PR 2824), unless patched";
      case BINDGEN_LIBCLANG_22_BUG ->
          "bindgen "
              + p.bindgen()
              + " < 0.72.1 with libclang "
              + p.libclang()
              + " >= 22: the kernel warns (rust-bindgen PR 3278)";
      case RUST_SRC_MISSING -> "no rust-src: the 'core' library sources are missing";
      default -> f.id() + ": " + f.summary();
    };
  }
}
