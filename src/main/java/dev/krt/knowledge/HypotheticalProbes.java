package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import dev.krt.version.Version;
import java.util.List;
import java.util.Optional;

/**
 * Answers the kernel checker's program runs as a {@link HypotheticalToolchain} would: each tool
 * prints its version the way the real one does, the bindgen bug probes fail unless the toolchain is
 * patched, Clang (CC) is the libclang's own version. So the checker's rules, not a second copy of
 * them, decide what a kernel accepts.
 */
final class HypotheticalProbes implements CheckerProbes {
  private final KernelTree tree;
  private final Arch arch;
  private final Version rustc;
  private final Version bindgen;
  private final Version libclang;
  private final HypotheticalToolchain tc;

  HypotheticalProbes(KernelTree tree, Arch arch, HypotheticalToolchain tc) {
    this.tree = tree;
    this.arch = arch;
    this.tc = tc;
    this.rustc = tc.rustc().orElseGet(() -> assumed("rustc"));
    this.bindgen = tc.bindgen().orElseGet(() -> assumed("bindgen"));
    this.libclang = tc.libclang().orElseGet(() -> assumed("llvm"));
  }

  /** What the kernel asks for, for a tool the user did not name. */
  private Version assumed(String tool) {
    return tree.minVersions()
        .query(tool, arch)
        .version()
        .map(Version::parseLenient)
        .orElse(Version.of(0, 0, 0));
  }

  Version rustc() {
    return rustc;
  }

  Version bindgen() {
    return bindgen;
  }

  Version libclang() {
    return libclang;
  }

  @Override
  public boolean commandExists(String name) {
    return true;
  }

  @Override
  public Run rustcVersion() {
    return Run.of(0, "rustc " + rustc + "\n", "");
  }

  @Override
  public Run bindgenVersion(boolean dummyArg) {
    return Run.of(0, "bindgen " + bindgen + "\n", "");
  }

  @Override
  public Run bindgenLibclang() {
    // As bindgen's libclang reports the #pragma message; the script reads bindgen's stderr, which
    // CheckerProbes hands over as this run's out.
    return Run.of(
        0,
        "scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version "
            + libclang
            + " [-W#pragma-messages], err: false\n",
        "");
  }

  @Override
  public Run bindgenHeader(String header) {
    // Only asked for in the ranges the kernel knows to be buggy. Distributions patched the 0.66
    // and libclang 19.1 bugs (the kernel names Debian); Debian's 0.71.1 fails the libclang 22
    // probe.
    // A bindgen the user did not name is assumed to be one without the bug.
    if (tc.bindgen().isEmpty()
        || (tc.bindgenPatched() && !header.equals(dev.krt.kernel.CheckerEra.HEADER_22))) {
      return Run.of(0, "pub foo: u32, pub fn foofoo()\n", "");
    }
    return Run.of(1, "", "");
  }

  @Override
  public Run ccPreprocess(List<String> ccWords, String input) {
    return Run.of(
        0,
        "Clang " + libclang.major() + " " + libclang.minor() + " " + libclang.patch() + "\n",
        "");
  }

  @Override
  public Run ccVersionText(List<String> ccWords) {
    return Run.of(0, "clang version " + libclang + "\n", "");
  }

  @Override
  public Run rustcSysroot(List<String> krustflags) {
    return Run.of(0, "/krt/hypothetical/sysroot\n", "");
  }

  @Override
  public Run minToolVersion(String tool) {
    MinToolVersionScript.Result r = tree.minVersions().query(tool, arch);
    return Run.of(r.exitCode(), r.version().map(v -> v + "\n").orElse(""), r.stderr());
  }

  @Override
  public boolean pathExists(String path) {
    return tc.rustSrc();
  }

  @Override
  public Optional<String> ccVersionScript() {
    return Optional.empty();
  }
}
