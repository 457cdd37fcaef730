package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.text.Suggest;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.toolchain.ToolchainsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which toolchains a command looks at. */
public final class ToolchainOptions {
  @Option(names = {"-t", "--toolchain"}, arity = "1..*", paramLabel = "NAME", description = "A discovered or configured toolchain by name (repeatable); see 'krt toolchains'.")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "Every toolchain krt finds on this machine.")
  boolean all;

  @Option(names = "--toolchains", paramLabel = "FILE", description = "Toolchains file (TOML) to read instead of $KRT_TOOLCHAINS or ~/.config/krt/toolchains.toml.")
  Path file;

  @Option(names = "--rustc", paramLabel = "PROG", description = "Check this rustc (explicit programs define the one toolchain checked).")
  String rustc;

  @Option(names = "--bindgen", paramLabel = "PROG", description = "...with this bindgen (default: as make would find it).")
  String bindgen;

  @Option(names = "--cc", paramLabel = "CC", description = "...with this C compiler, as CC= is given to make (default: $CC if exported, else what the Makefile sets for $LLVM/$CROSS_COMPILE: clang, clang-N or gcc).")
  String cc;

  @Option(names = "--rust-lib-src", paramLabel = "DIR", description = "...with RUST_LIB_SRC (the 'library' directory of the Rust sources).")
  String rustLibSrc;

  @Option(names = "--krustflags", paramLabel = "FLAGS", description = "...with KRUSTFLAGS (e.g. --sysroot=...).")
  String krustflags;

  @Option(names = "--rustdoc", paramLabel = "PROG", description = "...with this rustdoc (default: next to rustc).")
  String rustdoc;

  @Option(names = "--rustfmt", paramLabel = "PROG", description = "...with this rustfmt (default: next to rustc).")
  String rustfmt;

  @Option(names = "--clippy-driver", paramLabel = "PROG", description = "...with this clippy-driver (default: next to rustc).")
  String clippyDriver;

  boolean explicit() {
    return rustc != null || bindgen != null || cc != null || rustLibSrc != null || krustflags != null || rustdoc != null || rustfmt != null || clippyDriver != null;
  }

  List<Toolchain> configured(KrtContext ctx, ToolchainDiscovery d) throws IOException {
    Optional<Path> f = file != null ? Optional.of(ctx.cwd().resolve(file)) : ToolchainsFile.defaultLocation(ctx.env(), ctx.dirs().config());
    if (f.isEmpty()) {
      return List.of();
    }
    try {
      return ToolchainsFile.read(f.get(), d.defaultCc());
    } catch (ToolchainsFile.Invalid e) {
      throw new UserException(e.getMessage());
    }
  }

  /** Every toolchain krt knows here, by name. */
  Map<String, Toolchain> known(KrtContext ctx, ToolchainDiscovery d) throws IOException {
    Map<String, Toolchain> m = new LinkedHashMap<>();
    for (Toolchain t : d.discoverAll(configured(ctx, d))) {
      m.put(t.name(), t);
    }
    return m;
  }

  List<Toolchain> select(KrtContext ctx, ToolchainDiscovery d) throws IOException {
    int modes = (all ? 1 : 0) + (names.isEmpty() ? 0 : 1) + (explicit() ? 1 : 0);
    if (modes > 1) {
      throw new UserException("choose one of --all, --toolchain NAME, or explicit programs (--rustc, --bindgen, ...)");
    }
    if (explicit()) {
      return List.of(explicitToolchain(d));
    }
    if (all) {
      List<Toolchain> found = new ArrayList<>(known(ctx, d).values());
      if (found.isEmpty()) {
        throw new UserException("no Rust toolchain found on this machine (no rustc in PATH, no rustup toolchains, no toolchains file)");
      }
      return found;
    }
    if (file != null && names.isEmpty()) {
      // An explicit toolchains file without names: check what it lists.
      List<Toolchain> listed = configured(ctx, d);
      if (listed.isEmpty()) {
        throw new UserException(file + " names no toolchains (expected [toolchain.NAME] tables)");
      }
      return listed;
    }
    if (!names.isEmpty()) {
      Map<String, Toolchain> k = known(ctx, d);
      List<Toolchain> out = new ArrayList<>();
      for (String n : names) {
        Toolchain t = k.get(n);
        if (t == null) {
          throw new UserException("unknown toolchain '" + n + "'" + Suggest.closest(n, k.keySet()).map(s -> " (did you mean '" + s + "'?)").orElse("") + "; known: " + String.join(", ", k.keySet()));
        }
        out.add(t);
      }
      return out;
    }
    return List.of(d.fromEnvironment().orElseGet(d::makeDefault));
  }

  private Toolchain explicitToolchain(ToolchainDiscovery d) {
    Toolchain def = d.fromEnvironment().orElseGet(d::makeDefault);
    String rc = rustc != null ? rustc : def.rustc();
    return new Toolchain(
        "explicit",
        "explicit",
        rc,
        // The rest of the toolchain comes from next to that rustc, not from PATH.
        rustc == null ? Optional.ofNullable(rustdoc).or(def::rustdoc) : Optional.ofNullable(rustdoc).or(() -> d.besideRustc(rc, "rustdoc")),
        rustc == null ? Optional.ofNullable(rustfmt).or(def::rustfmt) : Optional.ofNullable(rustfmt).or(() -> d.besideRustc(rc, "rustfmt")),
        rustc == null ? Optional.ofNullable(clippyDriver).or(def::clippyDriver) : Optional.ofNullable(clippyDriver).or(() -> d.besideRustc(rc, "clippy-driver")),
        bindgen != null ? bindgen : d.defaultBindgen(),
        cc != null ? cc : def.cc(),
        Optional.ofNullable(rustLibSrc).or(def::rustLibSrc),
        Optional.ofNullable(krustflags).or(def::krustflags),
        Map.of(),
        "programs given on the command line");
  }
}
