package dev.krt.check;

import dev.krt.kernel.ToolPolicy;
import dev.krt.toolchain.MachineInventory;
import dev.krt.toolchain.Toolchain;
import dev.krt.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns findings into fixes that work on this machine: offline ones first (a LIBCLANG_PATH of the
 * right version, a RUST_LIB_SRC of rustc's own version, a package apt can install here in a version
 * that helps), then the ones that need the network (rustup, cargo), said as such. A line starting
 * with {@code note: } explains rather than fixes.
 */
public final class Advisor {
  /**
   * The first bindgen release published as the {@code bindgen-cli} crate (before: {@code bindgen}).
   */
  private static final Version BINDGEN_CLI = Version.of(0, 63, 0);

  private final MachineInventory inv;
  private final ToolPolicy policy;

  public Advisor(MachineInventory inv, ToolPolicy policy) {
    this.inv = inv;
    this.policy = policy;
  }

  public ToolchainCheck advise(ToolchainCheck r) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : r.findings()) {
      List<String> a = adviceFor(f, r);
      out.add(a.isEmpty() ? f : f.withAdvice(a));
    }
    return new ToolchainCheck(
        r.toolchain(),
        r.facts(),
        r.verdict(),
        r.exitCode(),
        out,
        r.stderr(),
        r.millis(),
        r.kconfig());
  }

  private List<String> adviceFor(Finding f, ToolchainCheck r) {
    Toolchain tc = r.toolchain();
    List<String> a = new ArrayList<>();
    switch (f.id()) {
      case RUSTC_NOT_FOUND, RUSTC_TOO_OLD -> installRustc(a);
      case RUSTC_TOO_NEW -> pinnedRustc(a);
      case RUSTC_VERSION_FAILED, RUSTC_VERSION_UNPARSABLE ->
          a.add(
              "RUSTC must name a working rustc: '"
                  + tc.rustc()
                  + " --version' should print 'rustc X.Y.Z ...'");
      case BINDGEN_NOT_FOUND, BINDGEN_TOO_OLD, BINDGEN_066_BUG ->
          policy.bindgenVersion().ifPresent(v -> bindgenAtLeast(a, v));
      case BINDGEN_TOO_NEW ->
          policy
              .bindgenVersion()
              .ifPresent(
                  v -> {
                    a.add(
                        "note: this kernel pins bindgen "
                            + v
                            + "; newer versions may or may not work (the warning does not stop the build)");
                    cargoInstallBindgen(a, v);
                  });
      case BINDGEN_VERSION_FAILED, BINDGEN_VERSION_UNPARSABLE ->
          a.add(
              "BINDGEN must name bindgen-cli: '"
                  + tc.bindgen()
                  + " --version' should print 'bindgen X.Y.Z'");
      case LIBCLANG_PROBE_FAILED, LIBCLANG_VERSION_UNPARSABLE, LIBCLANG_TOO_OLD ->
          libclangAtLeast(a, policy.llvmVersion().orElse(Version.of(0, 0, 0)), r);
      case LIBCLANG_CLANG_MISMATCH -> clangMatch(a, r);
      case BINDGEN_LIBCLANG_22_BUG -> {
        bindgenAtLeast(a, Version.of(0, 72, 1));
        libclangBelow(a, 22);
      }
      case BINDGEN_LIBCLANG_19_1_BUG -> {
        bindgenAtLeast(a, Version.of(0, 69, 5));
        libclangBelow(a, 19);
      }
      case RUST_SRC_MISSING -> rustSrc(a, r);
      case RUSTC_SYSROOT_FAILED ->
          a.add(
              "'"
                  + String.join(
                      " ", nonEmpty(tc.rustc(), tc.krustflags().orElse(""), "--print sysroot"))
                  + "' must work: check KRUSTFLAGS");
      case CHECKER_ARITHMETIC_ERROR ->
          a.add(
              "a tool printed a version the kernel's script cannot compute with; use a toolchain whose --version output is standard");
      case CC_UNKNOWN -> llvmAdvice(a, "set CC to gcc or a Clang");
      case RUSTC_TIMEOUT, BINDGEN_TIMEOUT, LIBCLANG_PROBE_TIMEOUT ->
          a.add(
              "note: the program did not answer within --probe-timeout; if it is just slow (first run of a rustup proxy, a cold disk), retry with a larger --probe-timeout");
      case RUSTDOC_MISSING,
          RUSTDOC_VERSION_MISMATCH,
          RUSTFMT_MISSING,
          RUSTFMT_VERSION_MISMATCH,
          CLIPPY_DRIVER_MISSING,
          CLIPPY_VERSION_MISMATCH ->
          sameReleaseTool(a, f.id(), tc);
      case RUSTC_CLANG_LLVM_MISMATCH ->
          r.facts()
              .rustcLlvm()
              .map(Version::parseLenient)
              .ifPresent(v -> clangOfMajor(a, (int) v.major(), "rustc's LLVM"));
      default -> {}
    }
    return a;
  }

  private static List<String> nonEmpty(String... parts) {
    List<String> out = new ArrayList<>();
    for (String p : parts) {
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return out;
  }

  private void installRustc(List<String> a) {
    Optional<Version> min = policy.rustcVersion();
    Map<String, String> apt = inv.aptCandidates();
    for (String pkg : List.of("rustc-web", "rustc")) {
      String cand = apt.get(pkg);
      Optional<Version> v = cand == null ? Optional.empty() : MachineInventory.upstream(cand);
      if (v.isEmpty() || min.isEmpty()) {
        continue;
      }
      if (v.get().isAtLeast(min.get())) {
        String also =
            rustcOnPathIsNot("/usr/bin/rustc")
                ? ", then make RUSTC=/usr/bin/rustc (another rustc comes first in PATH)"
                : "";
        a.add(
            "apt install "
                + pkg
                + (pkg.equals("rustc-web") ? " rust-web-src" : " rust-src")
                + "  (installable here: "
                + pkg
                + " "
                + cand
                + also
                + ")");
        break;
      }
      a.add("note: apt's " + pkg + " " + cand + " is older than the required " + min.get());
    }
    if (inv.rustup().isPresent()) {
      String v = min.map(Version::toString).orElse("stable");
      a.add(
          "rustup toolchain install "
              + v
              + " --component rust-src, then make RUSTC=$(rustup which --toolchain "
              + v
              + " rustc)  (needs the network)");
    }
    if (a.stream().allMatch(s -> s.startsWith("note: "))) {
      a.add(
          "install rustc "
              + min.map(v -> ">= " + v).orElse("")
              + " (https://rustup.rs, or your distribution's package)");
    }
  }

  private boolean rustcOnPathIsNot(String path) {
    return inv.lookup().find("rustc").map(p -> !p.toString().equals(path)).orElse(false);
  }

  private void pinnedRustc(List<String> a) {
    policy
        .rustcVersion()
        .ifPresent(
            v -> {
              a.add(
                  "note: this kernel pins rustc "
                      + v
                      + "; newer versions may or may not work (the warning does not stop the build)");
              if (inv.rustup().isPresent()) {
                a.add(
                    "rustup toolchain install "
                        + v
                        + " --component rust-src, then make RUSTC=$(rustup which --toolchain "
                        + v
                        + " rustc)  (needs the network)");
              }
            });
  }

  private void bindgenAtLeast(List<String> a, Version min) {
    String apt = inv.aptCandidates().get("bindgen");
    if (apt != null) {
      Optional<Version> v = MachineInventory.upstream(apt);
      if (v.isPresent() && v.get().isAtLeast(min)) {
        a.add("apt install bindgen  (installable here: " + apt + ")");
        return;
      }
      a.add("note: apt's bindgen " + apt + " is older than the required " + min);
    }
    cargoInstallBindgen(a, min);
  }

  /** The crate was {@code bindgen} up to 0.62 and is {@code bindgen-cli} since 0.63. */
  private void cargoInstallBindgen(List<String> a, Version v) {
    String crate = v.isBelow(BINDGEN_CLI) ? "bindgen" : "bindgen-cli";
    if (inv.cargo().isPresent()) {
      a.add(
          "cargo install --locked --version "
              + v
              + " "
              + crate
              + "  (needs the network: crates.io)");
    } else {
      a.add(
          "install "
              + crate
              + " "
              + v
              + " (cargo install --locked --version "
              + v
              + " "
              + crate
              + "; needs cargo and crates.io)");
    }
  }

  private void libclangAtLeast(List<String> a, Version min, ToolchainCheck r) {
    Optional<Map.Entry<Integer, Path>> best =
        inv.libclangDirs().entrySet().stream()
            .filter(e -> e.getKey() >= min.major())
            .reduce((x, y) -> y);
    java.util.OptionalInt cc = r.facts().clangMajor();
    if (cc.isPresent()) {
      Path match = inv.libclangDirs().get(cc.getAsInt());
      if (match != null && cc.getAsInt() >= min.major()) {
        a.add(
            "LIBCLANG_PATH="
                + match
                + "  (libclang "
                + cc.getAsInt()
                + ", the same major as CC; bindgen loads it at run time, unless it was built linking one libclang)");
        return;
      }
    }
    if (best.isPresent()) {
      a.add(
          "LIBCLANG_PATH="
              + best.get().getValue()
              + "  (libclang "
              + best.get().getKey()
              + " is installed here; the kernel needs >= "
              + min
              + "; works for bindgen that loads libclang at run time)");
      return;
    }
    Optional<Integer> installable =
        aptMajors("libclang1-").stream().filter(m -> m >= min.major()).reduce((x, y) -> y);
    if (installable.isPresent()) {
      a.add(
          "apt install libclang1-"
              + installable.get()
              + "  (installable here; the kernel needs >= "
              + min
              + ")");
    } else {
      a.add("install libclang >= " + min);
    }
  }

  private List<Integer> aptMajors(String prefix) {
    List<Integer> out = new ArrayList<>();
    for (String pkg : inv.aptCandidates().keySet()) {
      if (pkg.startsWith(prefix)) {
        try {
          out.add(Integer.parseInt(pkg.substring(prefix.length())));
        } catch (NumberFormatException e) {
          // another package with that prefix
        }
      }
    }
    out.sort(null);
    return out;
  }

  private void libclangBelow(List<String> a, int major) {
    inv.libclangDirs().entrySet().stream()
        .filter(e -> e.getKey() < major)
        .reduce((x, y) -> y)
        .ifPresent(
            e ->
                a.add(
                    "or LIBCLANG_PATH="
                        + e.getValue()
                        + "  (libclang "
                        + e.getKey()
                        + ", installed here)"));
  }

  private void clangMatch(List<String> a, ToolchainCheck r) {
    r.facts()
        .libclangVersion()
        .map(Version::parseLenient)
        .ifPresent(lc -> clangOfMajor(a, (int) lc.major(), "bindgen's libclang"));
    r.facts()
        .clangMajor()
        .ifPresent(
            cc -> {
              Path lib = inv.libclangDirs().get(cc);
              if (lib != null) {
                a.add("or make bindgen load Clang " + cc + "'s libclang: LIBCLANG_PATH=" + lib);
              }
            });
  }

  /** CC=clang-N when it is here, else its package when apt has it, else say there is none. */
  private void clangOfMajor(List<String> a, int major, String whose) {
    String clang = inv.clangs().get(major);
    if (clang != null) {
      a.add(
          "use the Clang of "
              + whose
              + ": "
              + llvmVariable(major)
              + "  ("
              + clang
              + " is installed here)");
    } else if (inv.aptCandidates().containsKey("clang-" + major)) {
      a.add(
          "apt install clang-"
              + major
              + " lld-"
              + major
              + " llvm-"
              + major
              + ", then make LLVM=-"
              + major
              + "  (installable here)");
    } else {
      a.add("note: no clang-" + major + " here or in apt, to match " + whose + " " + major);
    }
  }

  /** {@code LLVM=-N} when clang-N, ld.lld-N and llvm-ar-N are here; else just CC. */
  private String llvmVariable(int major) {
    boolean full =
        inv.lookup().find("ld.lld-" + major).isPresent()
            && inv.lookup().find("llvm-ar-" + major).isPresent();
    return full ? "make LLVM=-" + major : "make CC=clang-" + major;
  }

  private void llvmAdvice(List<String> a, String what) {
    Optional<Integer> newest = inv.clangs().keySet().stream().reduce((x, y) -> y);
    if (inv.lookup().find("clang").isPresent()) {
      a.add(what + ": make LLVM=1");
    } else if (newest.isPresent()) {
      a.add(
          what
              + ": "
              + llvmVariable(newest.get())
              + "  (clang-"
              + newest.get()
              + " is installed here; there is no plain 'clang' for LLVM=1)");
    } else {
      a.add(what + ": make CC=gcc");
    }
  }

  private void rustSrc(List<String> a, ToolchainCheck r) {
    Toolchain tc = r.toolchain();
    Optional<String> version = r.facts().rustcVersion();
    Optional<String> sysroot = r.facts().sysroot();
    boolean rustup =
        tc.origin().equals("rustup")
            || sysroot
                .map(s -> s.contains("/.rustup/toolchains/") || s.contains("/rustup/toolchains/"))
                .orElse(false);
    if (tc.rustLibSrc().isPresent()
        && sysroot.isPresent()
        && Files.isRegularFile(
            Path.of(sysroot.get(), "lib/rustlib/src/rust/library/core/src/lib.rs"))) {
      a.add(
          "unset RUST_LIB_SRC: rustc's own sources are in its sysroot ("
              + sysroot.get()
              + "/lib/rustlib/src/rust/library)");
    }
    if (version.isPresent()) {
      Path src = inv.rustLibrarySources(List.of(tc)).get(version.get());
      if (src != null && !tc.rustLibSrc().map(s -> s.equals(src.toString())).orElse(false)) {
        a.add(
            "RUST_LIB_SRC="
                + src
                + "  (rustc "
                + version.get()
                + "'s library sources, installed here)");
      }
    }
    if (!rustup && inv.isDebianLike() && version.isPresent()) {
      Map<String, String> apt = inv.aptCandidates();
      for (String pkg : List.of("rust-web-src", "rust-src")) {
        String cand = apt.get(pkg);
        if (cand != null
            && MachineInventory.upstream(cand)
                .map(v -> v.toString().equals(version.get()))
                .orElse(false)) {
          a.add(
              "apt install "
                  + pkg
                  + "  (installable here: "
                  + cand
                  + ", the sources of rustc "
                  + version.get()
                  + ")");
          break;
        }
      }
    }
    if (rustup && inv.rustup().isPresent()) {
      String name = sysroot.map(s -> Path.of(s).getFileName().toString()).orElse("");
      a.add(
          "rustup component add rust-src"
              + (name.isEmpty() ? "" : " --toolchain " + name)
              + "  (needs the network)");
    }
    if (a.isEmpty()) {
      a.add(
          "install the Rust library sources of rustc "
              + version.orElse("?")
              + " and set RUST_LIB_SRC to their 'library' directory");
    }
  }

  private void sameReleaseTool(List<String> a, FindingId id, Toolchain tc) {
    String tool =
        switch (id.subject()) {
          case RUSTDOC -> "rustdoc";
          case RUSTFMT -> "rustfmt";
          default -> "clippy-driver";
        };
    String component = tool.equals("rustfmt") ? "rustfmt" : "clippy";
    if (tc.origin().equals("rustup") && inv.rustup().isPresent() && !tool.equals("rustdoc")) {
      a.add(
          "rustup component add "
              + component
              + " --toolchain "
              + tc.name().replaceFirst("^rustup:", "")
              + "  (needs the network)");
    } else {
      a.add(
          "use the "
              + tool
              + " of rustc's release: make "
              + tool.toUpperCase(java.util.Locale.ROOT).replace('-', '_')
              + "=<path>");
    }
  }
}
