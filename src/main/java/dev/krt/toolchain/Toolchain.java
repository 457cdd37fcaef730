package dev.krt.toolchain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A named set of programs a kernel build uses for Rust. Programs are kept as the user named them (a
 * path, or a command name looked up in PATH, as Kbuild does).
 *
 * @param name how krt and the user refer to it, e.g. {@code rustup:stable} or {@code default}
 * @param origin where krt found it: {@code explicit}, {@code env}, {@code path}, {@code rustup},
 *     {@code distro}, {@code config}
 * @param rustc {@code RUSTC}
 * @param rustdoc {@code RUSTDOC}, if known
 * @param rustfmt {@code RUSTFMT}, if known
 * @param clippyDriver {@code CLIPPY_DRIVER}, if known
 * @param bindgen {@code BINDGEN} ({@code bindgen} when nothing better is known: Kbuild's default)
 * @param cc {@code CC} as Kbuild passes it, possibly several words ({@code ccache clang})
 * @param rustLibSrc {@code RUST_LIB_SRC}, if the toolchain needs one
 * @param krustflags {@code KRUSTFLAGS}, if any
 * @param env further environment for its programs (e.g. {@code LIBCLANG_PATH})
 * @param description a human note (where it came from)
 */
public record Toolchain(
    String name,
    String origin,
    String rustc,
    Optional<String> rustdoc,
    Optional<String> rustfmt,
    Optional<String> clippyDriver,
    String bindgen,
    String cc,
    Optional<String> rustLibSrc,
    Optional<String> krustflags,
    Map<String, String> env,
    String description) {

  public Toolchain {
    env = Map.copyOf(env);
  }

  /** The make variables a kernel build with this toolchain would be given. */
  public List<String> makeVariables() {
    List<String> v = new java.util.ArrayList<>();
    v.add("RUSTC=" + rustc);
    rustdoc.ifPresent(s -> v.add("RUSTDOC=" + s));
    rustfmt.ifPresent(s -> v.add("RUSTFMT=" + s));
    clippyDriver.ifPresent(s -> v.add("CLIPPY_DRIVER=" + s));
    v.add("BINDGEN=" + bindgen);
    v.add("CC=" + cc);
    rustLibSrc.ifPresent(s -> v.add("RUST_LIB_SRC=" + s));
    krustflags.ifPresent(s -> v.add("KRUSTFLAGS=" + s));
    return v;
  }

  public Toolchain withName(String n) {
    return new Toolchain(
        n,
        origin,
        rustc,
        rustdoc,
        rustfmt,
        clippyDriver,
        bindgen,
        cc,
        rustLibSrc,
        krustflags,
        env,
        description);
  }
}
