package dev.krt.knowledge;

import dev.krt.version.Version;
import java.util.Optional;

/**
 * A toolchain known only by its versions, as a user asks about it ("will rustc 1.85.0 build 6.12?")
 * or as a distribution packages it. Tools left empty are assumed to be what each kernel asks for.
 *
 * @param rustc rustc's version
 * @param bindgen bindgen-cli's version
 * @param libclang the libclang bindgen loads (and the Clang used as CC, so they match)
 * @param bindgenPatched whether bindgen carries the distribution fixes for the 0.66 and libclang
 *     19.1 bugs the kernel's probes detect (Debian's does), so those warnings stay quiet; the
 *     libclang 22 bug has no such fix (Debian's 0.71.1 fails that probe)
 * @param rustSrc whether the {@code core} library sources come with it
 */
public record HypotheticalToolchain(
    Optional<Version> rustc,
    Optional<Version> bindgen,
    Optional<Version> libclang,
    boolean bindgenPatched,
    boolean rustSrc) {

  public static HypotheticalToolchain of(Version rustc, Version bindgen, Version libclang) {
    return new HypotheticalToolchain(
        Optional.ofNullable(rustc),
        Optional.ofNullable(bindgen),
        Optional.ofNullable(libclang),
        false,
        true);
  }

  /** {@code rustc 1.85.0, bindgen 0.71.1, libclang 19.1.7}, naming only what is given. */
  public String describe() {
    StringBuilder b = new StringBuilder();
    rustc.ifPresent(v -> b.append("rustc ").append(v));
    bindgen.ifPresent(
        v ->
            b.append(b.length() > 0 ? ", " : "")
                .append("bindgen ")
                .append(v)
                .append(bindgenPatched ? " (patched)" : ""));
    libclang.ifPresent(v -> b.append(b.length() > 0 ? ", " : "").append("libclang ").append(v));
    if (!rustSrc) {
      b.append(b.length() > 0 ? ", " : "").append("no rust-src");
    }
    return b.toString();
  }
}
