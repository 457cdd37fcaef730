package dev.krt.check;

import dev.krt.kernel.ToolPolicy;
import dev.krt.toolchain.MachineInventory;
import dev.krt.toolchain.Toolchain;
import dev.krt.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns findings into fixes that work on this machine: commands for the tools that are here
 * (rustup, cargo, apt with an installable version that is new enough) and paths that exist here
 * (a LIBCLANG_PATH of the right version, a RUST_LIB_SRC of rustc's own version).
 */
public final class Advisor {
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
    return new ToolchainCheck(r.toolchain(), r.facts(), r.verdict(), r.exitCode(), out, r.stderr(), r.millis());
  }

  private List<String> adviceFor(Finding f, ToolchainCheck r) {
    Toolchain tc = r.toolchain();
    List<String> a = new ArrayList<>();
    switch (f.id()) {
      case "env-rustc-unset", "env-bindgen-unset", "env-cc-unset" -> a.add("run the check through Kbuild: make LLVM=1 rustavailable (or pass the variable explicitly)");
      case "rustc-not-found", "rustc-too-old" -> installRustc(a);
      case "rustc-too-new" -> policy.rustcVersion().ifPresent(v -> {
        if (inv.rustup().isPresent()) {
          a.add("this kernel pins rustc " + v + ": rustup toolchain install " + v + " --component rust-src, then RUSTC=$(rustup which --toolchain " + v + " rustc)");
        } else {
          a.add("this kernel pins rustc " + v + "; newer versions may or may not work (the warning does not stop the build)");
        }
      });
      case "rustc-version-failed", "rustc-version-unparsable" -> a.add("RUSTC must name a working rustc: '" + tc.rustc() + " --version' should print 'rustc X.Y.Z ...'");
      case "bindgen-not-found", "bindgen-too-old" -> installBindgen(a);
      case "bindgen-too-new" -> policy.bindgenVersion().ifPresent(v -> a.add("this kernel pins bindgen " + v + (inv.cargo().isPresent() ? ": cargo install --locked --version " + v + " bindgen-cli" : "") + "; newer versions may or may not work"));
      case "bindgen-version-failed", "bindgen-version-unparsable" -> a.add("BINDGEN must name bindgen-cli: '" + tc.bindgen() + " --version' should print 'bindgen X.Y.Z'");
      case "bindgen-0.66-bug" -> installBindgen(a);
      case "libclang-probe-failed", "libclang-version-unparsable", "libclang-too-old" -> libclangAtLeast(a, policy.llvmVersion().orElse(Version.of(0, 0, 0)), r);
      case "libclang-clang-mismatch" -> clangMatch(a, r);
      case "bindgen-libclang-22-bug" -> {
        bindgenAtLeast(a, Version.of(0, 72, 1));
        libclangBelow(a, 22);
      }
      case "bindgen-libclang-19.1-bug" -> {
        bindgenAtLeast(a, Version.of(0, 69, 5));
        libclangBelow(a, 19);
      }
      case "rust-src-missing" -> rustSrc(a, r);
      case "rustc-sysroot-failed" -> a.add("'" + tc.rustc() + " " + tc.krustflags().orElse("") + " --print sysroot' must work: check KRUSTFLAGS");
      case "checker-arithmetic-error" -> a.add("a tool printed a version the kernel's script cannot compute with; use a toolchain whose --version output is standard");
      case "cc-unknown" -> a.add("set CC to gcc or a clang (e.g. make LLVM=1, or LLVM=-19 for clang-19)" + inv.clangs().values().stream().reduce((x, y) -> y).map(c -> "; here: " + c).orElse(""));
      case "rustdoc-missing", "rustdoc-version-mismatch", "rustfmt-missing", "rustfmt-version-mismatch", "clippy-driver-missing", "clippy-version-mismatch" -> sameReleaseTool(a, f.id(), tc);
      case "rustc-clang-llvm-mismatch" -> r.facts().rustcLlvm().map(Version::parseLenient).ifPresent(v -> {
        String clang = inv.clangs().get((int) v.major());
        a.add(clang != null ? "use the Clang of rustc's LLVM: LLVM=-" + v.major() + " (CC=" + clang + ", installed here)" : "install clang-" + v.major() + " to match rustc's LLVM " + v.major());
      });
      default -> {}
    }
    return a;
  }

  private void installRustc(List<String> a) {
    Optional<Version> min = policy.rustcVersion();
    String want = min.map(v -> (policy.pinned() ? "" : ">= ") + v).orElse("");
    if (inv.rustup().isPresent()) {
      a.add("rustup toolchain install " + min.map(Version::toString).orElse("stable") + " --component rust-src  (then RUSTC=$(rustup which --toolchain " + min.map(Version::toString).orElse("stable") + " rustc))");
    }
    Map<String, String> apt = inv.aptCandidates();
    for (String pkg : List.of("rustc-web", "rustc")) {
      String cand = apt.get(pkg);
      if (cand != null && min.isPresent()) {
        Optional<Version> v = MachineInventory.upstream(cand);
        if (v.isPresent() && v.get().isAtLeast(min.get()) && !(policy.pinned() && !v.get().equals(min.get()))) {
          a.add("apt install " + pkg + (pkg.equals("rustc-web") ? " rust-web-src" : " rust-src") + "  (installable here: " + pkg + " " + cand + ")");
          break;
        } else if (v.isPresent() && !policy.pinned()) {
          a.add("apt's " + pkg + " " + cand + " is older than the required " + want);
        }
      }
    }
    if (a.isEmpty()) {
      a.add("install rustc " + want + " (https://rustup.rs, or your distribution's package)");
    }
  }

  private void installBindgen(List<String> a) {
    policy.bindgenVersion().ifPresent(v -> bindgenAtLeast(a, v));
  }

  private void bindgenAtLeast(List<String> a, Version min) {
    String apt = inv.aptCandidates().get("bindgen");
    if (apt != null) {
      Optional<Version> v = MachineInventory.upstream(apt);
      if (v.isPresent() && v.get().isAtLeast(min)) {
        a.add("apt install bindgen  (installable here: " + apt + ")");
        return;
      }
      a.add("apt's bindgen " + apt + " is older than the required " + min);
    }
    if (inv.cargo().isPresent()) {
      a.add("cargo install --locked --version " + min + " bindgen-cli  (needs crates.io)");
    } else {
      a.add("install bindgen-cli " + min + " or newer (cargo install --locked bindgen-cli)");
    }
  }

  private void libclangAtLeast(List<String> a, Version min, ToolchainCheck r) {
    Optional<Map.Entry<Integer, Path>> best = inv.libclangDirs().entrySet().stream().filter(e -> e.getKey() >= min.major()).reduce((x, y) -> y);
    Optional<String> ccMajor = r.facts().cc().filter(c -> c.startsWith("Clang ")).map(c -> c.substring(6).split("\\.")[0]);
    if (ccMajor.isPresent()) {
      Path match = inv.libclangDirs().get(Integer.parseInt(ccMajor.get()));
      if (match != null && Integer.parseInt(ccMajor.get()) >= min.major()) {
        a.add("LIBCLANG_PATH=" + match + "  (libclang " + ccMajor.get() + ", the same major as CC)");
        return;
      }
    }
    if (best.isPresent()) {
      a.add("LIBCLANG_PATH=" + best.get().getValue() + "  (libclang " + best.get().getKey() + " is installed here; the kernel needs >= " + min + ")");
    } else {
      a.add("install libclang >= " + min + (inv.isDebianLike() ? " (apt install libclang1-19)" : ""));
    }
  }

  private void libclangBelow(List<String> a, int major) {
    inv.libclangDirs().entrySet().stream().filter(e -> e.getKey() < major).reduce((x, y) -> y).ifPresent(e -> a.add("or LIBCLANG_PATH=" + e.getValue() + "  (libclang " + e.getKey() + ", installed here)"));
  }

  private void clangMatch(List<String> a, ToolchainCheck r) {
    r.facts().libclangVersion().map(Version::parseLenient).ifPresent(lc -> {
      String clang = inv.clangs().get((int) lc.major());
      if (clang != null) {
        a.add("use the Clang of bindgen's libclang: CC=" + clang + " (make LLVM=-" + lc.major() + "), installed here");
      }
    });
    r.facts().cc().filter(c -> c.startsWith("Clang ")).map(c -> Integer.parseInt(c.substring(6).split("\\.")[0])).ifPresent(cc -> {
      Path lib = inv.libclangDirs().get(cc);
      if (lib != null) {
        a.add("or make bindgen load Clang " + cc + "'s libclang: LIBCLANG_PATH=" + lib);
      }
    });
  }

  private void rustSrc(List<String> a, ToolchainCheck r) {
    Toolchain tc = r.toolchain();
    Optional<String> version = r.facts().rustcVersion();
    boolean rustup = tc.origin().equals("rustup") || r.facts().sysroot().map(s -> s.contains("/.rustup/toolchains/") || s.contains("/rustup/toolchains/")).orElse(false);
    if (version.isPresent()) {
      Path src = inv.rustLibrarySources(List.of(tc)).get(version.get());
      if (src != null) {
        a.add("RUST_LIB_SRC=" + src + "  (rustc " + version.get() + "'s library sources, installed here)");
      }
    }
    if (rustup && inv.rustup().isPresent()) {
      String name = r.facts().sysroot().map(s -> Path.of(s).getFileName().toString()).orElse("");
      a.add("rustup component add rust-src" + (name.isEmpty() ? "" : " --toolchain " + name) + "  (needs the network)");
    } else if (!rustup && inv.isDebianLike()) {
      Map<String, String> apt = inv.aptCandidates();
      String pkg = tc.rustc().contains("web") || r.facts().sysroot().map(s -> s.contains("rust-web")).orElse(false) ? "rust-web-src" : "rust-src";
      if (apt.containsKey(pkg)) {
        a.add("apt install " + pkg + "  (installable here: " + apt.get(pkg) + "; must match rustc " + version.orElse("?") + ")");
      }
    }
    if (a.isEmpty()) {
      a.add("install the Rust library sources of rustc " + version.orElse("?") + " and set RUST_LIB_SRC to their 'library' directory");
    }
  }

  private void sameReleaseTool(List<String> a, String id, Toolchain tc) {
    String tool = id.startsWith("rustdoc") ? "rustdoc" : id.startsWith("rustfmt") ? "rustfmt" : "clippy-driver";
    String component = tool.equals("rustfmt") ? "rustfmt" : "clippy";
    if (tc.origin().equals("rustup") && inv.rustup().isPresent() && !tool.equals("rustdoc")) {
      a.add("rustup component add " + component + " --toolchain " + tc.name().replaceFirst("^rustup:", ""));
    } else {
      a.add("use the " + tool + " of the same Rust release as rustc (make " + tool.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "=...)");
    }
  }
}
