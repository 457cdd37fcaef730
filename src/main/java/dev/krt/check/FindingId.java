package dev.krt.check;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The stable identifier of a finding: what JSON, the README's table and scripts that read krt's
 * output use. The wire names never change; a new check gets a new constant.
 */
public enum FindingId {
  ENV_RUSTC_UNSET("env-rustc-unset", Subject.ENV),
  ENV_BINDGEN_UNSET("env-bindgen-unset", Subject.ENV),
  ENV_CC_UNSET("env-cc-unset", Subject.ENV),
  RUSTC_NOT_FOUND("rustc-not-found", Subject.RUSTC),
  RUSTC_VERSION_FAILED("rustc-version-failed", Subject.RUSTC),
  RUSTC_VERSION_UNPARSABLE("rustc-version-unparsable", Subject.RUSTC),
  RUSTC_TIMEOUT("rustc-timeout", Subject.RUSTC),
  RUSTC_TOO_OLD("rustc-too-old", Subject.RUSTC),
  RUSTC_TOO_NEW("rustc-too-new", Subject.RUSTC),
  RUSTC_SYSROOT_FAILED("rustc-sysroot-failed", Subject.RUSTC),
  BINDGEN_NOT_FOUND("bindgen-not-found", Subject.BINDGEN),
  BINDGEN_VERSION_FAILED("bindgen-version-failed", Subject.BINDGEN),
  BINDGEN_VERSION_UNPARSABLE("bindgen-version-unparsable", Subject.BINDGEN),
  BINDGEN_TIMEOUT("bindgen-timeout", Subject.BINDGEN),
  BINDGEN_TOO_OLD("bindgen-too-old", Subject.BINDGEN),
  BINDGEN_TOO_NEW("bindgen-too-new", Subject.BINDGEN),
  BINDGEN_066_BUG("bindgen-0.66-bug", Subject.BINDGEN),
  BINDGEN_LIBCLANG_19_1_BUG("bindgen-libclang-19.1-bug", Subject.BINDGEN),
  BINDGEN_LIBCLANG_22_BUG("bindgen-libclang-22-bug", Subject.BINDGEN),
  LIBCLANG_PROBE_FAILED("libclang-probe-failed", Subject.LIBCLANG),
  LIBCLANG_PROBE_TIMEOUT("libclang-probe-timeout", Subject.LIBCLANG),
  LIBCLANG_VERSION_UNPARSABLE("libclang-version-unparsable", Subject.LIBCLANG),
  LIBCLANG_TOO_OLD("libclang-too-old", Subject.LIBCLANG),
  LIBCLANG_CLANG_MISMATCH("libclang-clang-mismatch", Subject.LIBCLANG),
  CC_UNKNOWN("cc-unknown", Subject.CC),
  CC_TOO_OLD("cc-too-old", Subject.CC),
  CC_ERROR("cc-error", Subject.CC),
  RUST_SRC_MISSING("rust-src-missing", Subject.RUST_SRC),
  CHECKER_ARITHMETIC_ERROR("checker-arithmetic-error", Subject.CHECKER),
  MIN_TOOL_VERSION_FAILED("min-tool-version-failed", Subject.CHECKER),
  RUSTDOC_MISSING("rustdoc-missing", Subject.RUSTDOC),
  RUSTDOC_FAILED("rustdoc-failed", Subject.RUSTDOC),
  RUSTDOC_VERSION_MISMATCH("rustdoc-version-mismatch", Subject.RUSTDOC),
  RUSTFMT_MISSING("rustfmt-missing", Subject.RUSTFMT),
  RUSTFMT_FAILED("rustfmt-failed", Subject.RUSTFMT),
  RUSTFMT_VERSION_MISMATCH("rustfmt-version-mismatch", Subject.RUSTFMT),
  CLIPPY_DRIVER_MISSING("clippy-driver-missing", Subject.CLIPPY),
  CLIPPY_DRIVER_FAILED("clippy-driver-failed", Subject.CLIPPY),
  CLIPPY_VERSION_MISMATCH("clippy-version-mismatch", Subject.CLIPPY),
  RUSTC_CLANG_LLVM_MISMATCH("rustc-clang-llvm-mismatch", Subject.RUSTC),
  KCONFIG_RUST_REFUSED("kconfig-rust-refused", Subject.KCONFIG),
  KCONFIG_RUST_GATED("kconfig-rust-gated", Subject.KCONFIG),
  KCONFIG_FAILED("kconfig-failed", Subject.KCONFIG);

  /** What a finding is about, in the order the kernel's script checks it. */
  public enum Subject {
    ENV,
    RUSTC,
    BINDGEN,
    LIBCLANG,
    CC,
    RUST_SRC,
    CHECKER,
    RUSTDOC,
    RUSTFMT,
    CLIPPY,
    /** The tree's Kconfig, after the script: whether {@code CONFIG_RUST=y} survives a config. */
    KCONFIG
  }

  private static final Map<String, FindingId> BY_WIRE =
      Arrays.stream(values()).collect(Collectors.toMap(FindingId::wire, Function.identity()));

  private final String wire;
  private final Subject subject;

  FindingId(String wire, Subject subject) {
    this.wire = wire;
    this.subject = subject;
  }

  public String wire() {
    return wire;
  }

  public Subject subject() {
    return subject;
  }

  /**
   * The id whose wire name is {@code wire}; for ids built from a tool's name ({@code rustdoc} +
   * {@code -missing}). An unknown name is a bug in krt, not the user's input.
   */
  public static FindingId of(String wire) {
    FindingId id = BY_WIRE.get(wire);
    if (id == null) {
      throw new IllegalArgumentException("no finding id '" + wire + "'");
    }
    return id;
  }

  @Override
  public String toString() {
    return wire;
  }
}
