package dev.krt.matrix;

import dev.krt.process.ChildEnvironment;
import dev.krt.toolchain.Toolchain;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A toolchain as a matrix cell builds with it: the make variables of a Rust kernel build.
 *
 * <p>A Clang {@code cc} becomes Kbuild's all-LLVM build, as the Rust CI builds the kernel: {@code
 * clang} gives {@code LLVM=1}, {@code clang-19} gives {@code LLVM=-19}, {@code /opt/llvm/bin/clang}
 * gives {@code LLVM=/opt/llvm/bin/}. Any other cc is passed as {@code CC=}.
 *
 * @param llvm the {@code LLVM=} value, when the build is an LLVM one
 */
public record BuildToolchain(String name, Toolchain toolchain, Optional<String> llvm) {
  private static final Pattern CLANG = Pattern.compile("(.*/)?clang(-\\d+)?");

  /** The build a toolchain implies: LLVM from a Clang cc, else CC. */
  public static BuildToolchain of(String name, Toolchain tc) {
    return new BuildToolchain(name, tc, llvmFor(tc.cc()));
  }

  /** {@code LLVM=} for a cc, if it is a Clang Kbuild's LLVM variable can name. */
  static Optional<String> llvmFor(String cc) {
    Matcher m = CLANG.matcher(cc.trim());
    if (!m.matches() || (m.group(1) != null && m.group(2) != null)) {
      return Optional.empty();
    }
    if (m.group(1) != null) {
      return Optional.of(m.group(1));
    }
    return Optional.of(m.group(2) == null ? "1" : m.group(2));
  }

  /** The C compiler an {@code LLVM=} value means (what the checker probes). */
  static String ccFor(String llvm) {
    if (llvm.equals("1")) {
      return "clang";
    }
    return llvm.endsWith("/") ? llvm + "clang" : "clang" + llvm;
  }

  /**
   * RUSTC, HOSTRUSTC, RUSTDOC, RUSTFMT, CLIPPY_DRIVER, BINDGEN, LLVM or CC, RUST_LIB_SRC,
   * KRUSTFLAGS.
   */
  public List<String> makeVariables() {
    List<String> v = new ArrayList<>();
    v.add("RUSTC=" + toolchain.rustc());
    // Proc macros (rust/macros) are built with HOSTRUSTC; a mismatch with RUSTC breaks the build.
    v.add("HOSTRUSTC=" + toolchain.rustc());
    toolchain.rustdoc().ifPresent(s -> v.add("RUSTDOC=" + s));
    toolchain.rustfmt().ifPresent(s -> v.add("RUSTFMT=" + s));
    toolchain.clippyDriver().ifPresent(s -> v.add("CLIPPY_DRIVER=" + s));
    v.add("BINDGEN=" + toolchain.bindgen());
    if (llvm.isPresent()) {
      v.add("LLVM=" + llvm.get());
    } else {
      v.add("CC=" + toolchain.cc());
    }
    toolchain.rustLibSrc().ifPresent(s -> v.add("RUST_LIB_SRC=" + s));
    toolchain.krustflags().ifPresent(s -> v.add("KRUSTFLAGS=" + s));
    return v;
  }

  /**
   * The environment a cell's commands run in: the caller's, without what would redirect the build
   * (KBUILD_OUTPUT, make's own flags), plus the toolchain's; rustc's directory first in PATH so a
   * plain {@code rustc} is the same toolchain; the C locale, so messages are the ones krt reads.
   */
  public Map<String, String> environment(Map<String, String> base) {
    Map<String, String> env = new LinkedHashMap<>(ChildEnvironment.inherited(base));
    for (String v :
        List.of(
            "KBUILD_OUTPUT",
            "O",
            "MAKEFLAGS",
            "MFLAGS",
            "MAKELEVEL",
            "MAKEOVERRIDES",
            "KCONFIG_CONFIG",
            "ARCH",
            "SRCARCH",
            "CROSS_COMPILE",
            "LLVM",
            "CC",
            "RUSTC",
            "BINDGEN")) {
      env.remove(v);
    }
    env.putAll(toolchain.env());
    Path rustc = Path.of(toolchain.rustc());
    if (rustc.isAbsolute() && rustc.getParent() != null) {
      String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
      env.put("PATH", rustc.getParent() + ":" + path);
    }
    env.put("LC_ALL", "C");
    env.remove("LANGUAGE");
    return env;
  }
}
