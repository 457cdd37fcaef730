package dev.krt.check;

import java.util.Optional;

/**
 * What probing a toolchain found, for reports: versions as the tools print them and as the kernel
 * reads them, plus where things are.
 *
 * @param rustcPath the program RUSTC resolved to
 * @param rustcVersionLine first line of {@code rustc --version}
 * @param rustcVersion the version the kernel reads ({@code X.Y.Z})
 * @param rustcChannel stable, beta, nightly or dev
 * @param rustcLlvm LLVM version from {@code rustc -vV}
 * @param host host triple from {@code rustc -vV}
 * @param sysroot {@code rustc --print sysroot} (with KRUSTFLAGS)
 * @param coreSource the {@code core/src/lib.rs} the kernel looks for
 * @param coreSourceFound whether it exists
 * @param bindgenPath the program BINDGEN resolved to
 * @param bindgenVersion {@code bindgen X.Y.Z}
 * @param libclangVersion the libclang version bindgen loads, from the kernel's probe header
 * @param cc the C compiler as {@code scripts/cc-version.sh} identifies it, e.g. {@code Clang
 *     19.1.7}
 * @param rustdocVersion first line of {@code rustdoc --version}
 * @param rustfmtVersion first line of {@code rustfmt --version}
 * @param clippyVersion first line of {@code clippy-driver --version}
 */
public record ToolchainFacts(
    Optional<String> rustcPath,
    Optional<String> rustcVersionLine,
    Optional<String> rustcVersion,
    Optional<String> rustcChannel,
    Optional<String> rustcLlvm,
    Optional<String> host,
    Optional<String> sysroot,
    Optional<String> coreSource,
    boolean coreSourceFound,
    Optional<String> bindgenPath,
    Optional<String> bindgenVersion,
    Optional<String> libclangVersion,
    Optional<String> cc,
    Optional<String> rustdocVersion,
    Optional<String> rustfmtVersion,
    Optional<String> clippyVersion) {

  /** The Clang major version when CC is Clang (from {@link #cc}, e.g. "Clang 19.1.7"). */
  public java.util.OptionalInt clangMajor() {
    if (cc.isEmpty() || !cc.get().startsWith("Clang ")) {
      return java.util.OptionalInt.empty();
    }
    String v = cc.get().substring("Clang ".length());
    int dot = v.indexOf('.');
    try {
      return java.util.OptionalInt.of(Integer.parseInt(dot < 0 ? v : v.substring(0, dot)));
    } catch (NumberFormatException e) {
      return java.util.OptionalInt.empty();
    }
  }
}
