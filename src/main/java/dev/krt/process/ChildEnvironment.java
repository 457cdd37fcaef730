package dev.krt.process;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What krt's child programs (rustc, bindgen, clang, make, the kernel's scripts, package managers)
 * may see of krt's own environment: an allowlist of what toolchains and Kbuild read, so a secret in
 * krt's environment ({@code KRT_TOKEN}, {@code KRT_DB} with its password, a cloud key) never
 * reaches a program that a kernel tree can make run anything. What a toolchain declares ({@code
 * env:} in the toolchains file) is added on top by the caller, except what would steer make.
 */
public final class ChildEnvironment {
  private ChildEnvironment() {}

  /** Names a child inherits from krt's environment. */
  private static final Set<String> NAMES =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LOGNAME",
          "SHELL",
          "LANG",
          "LANGUAGE",
          "TZ",
          "TMPDIR",
          "TERM",
          "SOURCE_DATE_EPOCH",
          // the toolchain, as the kernel's Makefile and rust_is_available.sh read it
          "RUSTC",
          "BINDGEN",
          "CC",
          "HOSTCC",
          "CXX",
          "LD",
          "AR",
          "KRUSTFLAGS",
          "RUST_LIB_SRC",
          "RUSTC_BOOTSTRAP",
          "ARCH",
          "SUBARCH",
          "SRCARCH",
          "CROSS_COMPILE",
          "LLVM",
          "LLVM_IAS",
          // rustup, cargo-installed bindgen and its libclang
          "CARGO_HOME",
          "LIBCLANG_PATH",
          "LLVM_CONFIG_PATH",
          "CLANG_PATH",
          "LD_LIBRARY_PATH",
          // clang and gcc
          "CPATH",
          "C_INCLUDE_PATH",
          "LIBRARY_PATH",
          "COMPILER_PATH",
          "GCC_EXEC_PREFIX");

  /**
   * Prefixes a child inherits: locale, rustc's and rustup's settings, bindgen's and libclang's,
   * ccache, Kbuild's build stamps.
   */
  private static final List<String> PREFIXES =
      List.of(
          "LC_",
          "RUST_",
          "RUSTC_",
          "RUSTUP_",
          "BINDGEN_",
          "LIBCLANG_",
          "CCACHE_",
          "KBUILD_BUILD_",
          "XDG_");

  /**
   * Names no child gets, whoever set them: krt's own settings (secrets among them), and what would
   * make a build step's make write or read elsewhere than krt's {@code O=} directory.
   */
  private static final Set<String> FORBIDDEN =
      Set.of(
          "MAKEFLAGS",
          "MFLAGS",
          "GNUMAKEFLAGS",
          "MAKEFILES",
          "MAKELEVEL",
          "MAKEOVERRIDES",
          "O",
          "KBUILD_OUTPUT",
          "KCONFIG_CONFIG");

  /** The part of krt's environment {@code env} that a child inherits. */
  public static Map<String, String> inherited(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (inheritable(k)) {
            out.put(k, v);
          }
        });
    return out;
  }

  static boolean inheritable(String name) {
    if (forbidden(name)) {
      return false;
    }
    if (NAMES.contains(name)) {
      return true;
    }
    for (String p : PREFIXES) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  /** True for names no child ever gets. */
  public static boolean forbidden(String name) {
    return name.startsWith("KRT_") || FORBIDDEN.contains(name);
  }

  /** {@code env} without the forbidden names: the last step before any process starts. */
  public static Map<String, String> forChild(Map<String, String> env) {
    Map<String, String> out = new LinkedHashMap<>();
    env.forEach(
        (k, v) -> {
          if (!forbidden(k)) {
            out.put(k, v);
          }
        });
    return out;
  }
}
