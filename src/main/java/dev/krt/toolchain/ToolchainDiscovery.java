package dev.krt.toolchain;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the Rust toolchains on this machine: the one {@code make} would use from this shell
 * (RUSTC/BINDGEN/CC from the environment, else PATH), every rustup toolchain, distro layouts
 * (Debian's {@code /usr/bin/rustc}, Ubuntu's versioned {@code rustc-1.xx}, {@code
 * /usr/lib/rust-1.xx/bin}), and the toolchains named in krt's toolchains file.
 */
public final class ToolchainDiscovery {
  private static final Pattern UBUNTU_RUSTC = Pattern.compile("rustc-(1\\.\\d+)");
  private static final Pattern UBUNTU_BINDGEN = Pattern.compile("bindgen-(0\\.\\d+)");

  private final Map<String, String> env;
  private final Path cwd;
  private final PathLookup lookup;
  private final Path fsRoot;

  public ToolchainDiscovery(Map<String, String> env, Path cwd) {
    this(env, cwd, Path.of("/"));
  }

  /** With {@code fsRoot} where distro layouts ({@code usr/bin}, {@code usr/lib}) are looked for. */
  public ToolchainDiscovery(Map<String, String> env, Path cwd, Path fsRoot) {
    this.env = env;
    this.cwd = cwd;
    this.lookup = new PathLookup(env, cwd);
    this.fsRoot = fsRoot;
  }

  public PathLookup lookup() {
    return lookup;
  }

  /**
   * The CC the top Makefile sets: {@code clang} for {@code LLVM=1}, {@code clang-N} for {@code
   * LLVM=-N}, {@code DIR/clang} for {@code LLVM=DIR/}, else {@code $(CROSS_COMPILE)gcc}. (The
   * Makefile's assignments override an exported CC; only {@code make CC=...} changes it.)
   */
  public String makefileCc() {
    String llvm = env.get("LLVM");
    if (llvm != null && !llvm.isEmpty()) {
      if (llvm.startsWith("-")) {
        return "clang" + llvm;
      }
      if (llvm.endsWith("/")) {
        return llvm + "clang";
      }
      return "clang";
    }
    return env.getOrDefault("CROSS_COMPILE", "") + "gcc";
  }

  /**
   * CC for a toolchain that does not name one: $CC if exported (as make CC=$CC), else the
   * Makefile's.
   */
  public String defaultCc() {
    String cc = env.get("CC");
    return cc != null && !cc.isEmpty() ? cc : makefileCc();
  }

  /**
   * What {@code make rustavailable} uses from this shell: the Makefile's own {@code RUSTC = rustc},
   * {@code BINDGEN = bindgen} and CC (they override exported variables), with the environment's
   * RUST_LIB_SRC and KRUSTFLAGS (which do reach the check).
   */
  public Toolchain makeDefault() {
    return new Toolchain(
        "default",
        "path",
        "rustc",
        Optional.of("rustdoc"),
        Optional.of("rustfmt"),
        Optional.of("clippy-driver"),
        "bindgen",
        makefileCc(),
        Optional.ofNullable(env.get("RUST_LIB_SRC")).filter(s -> !s.isEmpty()),
        Optional.ofNullable(env.get("KRUSTFLAGS")).filter(s -> !s.isEmpty()),
        Map.of(),
        "what make rustavailable uses here: rustc and bindgen in PATH, CC from LLVM/CROSS_COMPILE");
  }

  /**
   * The toolchain the exported RUSTC, BINDGEN, CC, RUSTDOC, ... name, as {@code make RUSTC=$RUSTC
   * ...} would use it; empty when none is exported.
   */
  public Optional<Toolchain> fromEnvironment() {
    if (!(env.containsKey("RUSTC") || env.containsKey("BINDGEN") || env.containsKey("CC"))) {
      return Optional.empty();
    }
    return Optional.of(
        new Toolchain(
            "env",
            "env",
            envOr("RUSTC", "rustc"),
            Optional.of(envOr("RUSTDOC", "rustdoc")),
            Optional.of(envOr("RUSTFMT", "rustfmt")),
            Optional.of(envOr("CLIPPY_DRIVER", "clippy-driver")),
            envOr("BINDGEN", "bindgen"),
            defaultCc(),
            Optional.ofNullable(env.get("RUST_LIB_SRC")).filter(s -> !s.isEmpty()),
            Optional.ofNullable(env.get("KRUSTFLAGS")).filter(s -> !s.isEmpty()),
            Map.of(),
            "RUSTC/BINDGEN/CC exported in this shell, as make RUSTC=$RUSTC BINDGEN=$BINDGEN CC=$CC would use them"));
  }

  private String envOr(String var, String dflt) {
    String v = env.get(var);
    return v == null || v.isEmpty() ? dflt : v;
  }

  /** Every toolchain: the make default first, then rustup, distro, and the toolchains file. */
  public List<Toolchain> discoverAll(List<Toolchain> configured) {
    Map<String, Toolchain> byName = new LinkedHashMap<>();
    fromEnvironment().ifPresent(t -> byName.put(t.name(), t));
    Toolchain def = makeDefault();
    if (lookup.find(def.rustc()).isPresent()) {
      byName.put(def.name(), def);
    }
    for (Toolchain t : rustup()) {
      byName.putIfAbsent(t.name(), t);
    }
    for (Toolchain t : distro()) {
      byName.putIfAbsent(t.name(), t);
    }
    for (Toolchain t : configured) {
      byName.put(t.name(), t);
    }
    return dedupe(new ArrayList<>(byName.values()));
  }

  /** Drops toolchains that are the same programs under another name (e.g. PATH = a rustup one). */
  private List<Toolchain> dedupe(List<Toolchain> all) {
    List<Toolchain> out = new ArrayList<>();
    List<String> seen = new ArrayList<>();
    for (Toolchain t : all) {
      String key =
          lookup.find(t.rustc()).map(PathLookup::realPath).orElse(t.rustc())
              + "\0"
              + lookup.find(t.bindgen()).map(PathLookup::realPath).orElse(t.bindgen())
              + "\0"
              + t.cc()
              + "\0"
              + t.rustLibSrc().orElse("")
              + "\0"
              + t.krustflags().orElse("")
              + "\0"
              + t.env();
      if (!seen.contains(key)) {
        seen.add(key);
        out.add(t);
      }
    }
    return out;
  }

  public Path rustupHome() {
    String h = env.get("RUSTUP_HOME");
    if (h != null && !h.isEmpty()) {
      return cwd.resolve(h);
    }
    return home().map(p -> p.resolve(".rustup")).orElse(null);
  }

  public Path cargoHome() {
    String h = env.get("CARGO_HOME");
    if (h != null && !h.isEmpty()) {
      return cwd.resolve(h);
    }
    return home().map(p -> p.resolve(".cargo")).orElse(null);
  }

  private Optional<Path> home() {
    String h = env.get("HOME");
    return h == null || h.isEmpty() ? Optional.empty() : Optional.of(Path.of(h));
  }

  /**
   * A tool installed next to a rustc ({@code rustdoc} beside {@code .../bin/rustc}), if there is
   * one.
   */
  public Optional<String> besideRustc(String rustc, String tool) {
    return lookup
        .find(rustc)
        .map(Path::getParent)
        .map(d -> d.resolve(tool))
        .filter(Files::isExecutable)
        .map(Path::toString);
  }

  /** The bindgen Kbuild would run: $BINDGEN, else {@code bindgen} in PATH, else cargo's. */
  public String defaultBindgen() {
    String b = env.get("BINDGEN");
    if (b != null && !b.isEmpty()) {
      return b;
    }
    if (lookup.find("bindgen").isPresent()) {
      return "bindgen";
    }
    Path cargo = cargoHome();
    if (cargo != null && Files.isExecutable(cargo.resolve("bin/bindgen"))) {
      return cargo.resolve("bin/bindgen").toString();
    }
    return "bindgen";
  }

  List<Toolchain> rustup() {
    List<Toolchain> out = new ArrayList<>();
    Path home = rustupHome();
    if (home == null) {
      return out;
    }
    Path tcs = home.resolve("toolchains");
    for (Path d : Dirs.subdirectories(tcs)) {
      Path bin = d.resolve("bin");
      if (!Files.isExecutable(bin.resolve("rustc"))) {
        continue;
      }
      String dir = d.getFileName().toString();
      String shortName =
          dir.replaceFirst(
              "-(x86_64|aarch64|i686|riscv64gc|powerpc64le|s390x|loongarch64)-unknown-linux-gnu$",
              "");
      out.add(
          new Toolchain(
              "rustup:" + shortName,
              "rustup",
              bin.resolve("rustc").toString(),
              optional(bin.resolve("rustdoc")),
              optional(bin.resolve("rustfmt")),
              optional(bin.resolve("clippy-driver")),
              defaultBindgen(),
              defaultCc(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              "rustup toolchain " + dir));
    }
    return out;
  }

  List<Toolchain> distro() {
    List<Toolchain> out = new ArrayList<>();
    Path usrBin = fsRoot.resolve("usr/bin");
    if (Files.isExecutable(usrBin.resolve("rustc")) && !isRustupProxy(usrBin.resolve("rustc"))) {
      out.add(
          new Toolchain(
              "distro:rustc",
              "distro",
              usrBin.resolve("rustc").toString(),
              optional(usrBin.resolve("rustdoc")),
              optional(usrBin.resolve("rustfmt")),
              optional(usrBin.resolve("clippy-driver")),
              Files.isExecutable(usrBin.resolve("bindgen"))
                  ? usrBin.resolve("bindgen").toString()
                  : defaultBindgen(),
              defaultCc(),
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              "the distribution's rustc (/usr/bin/rustc)"));
    }
    // Ubuntu's versioned packages: /usr/bin/rustc-1.85, bindgen-0.71, /usr/lib/rust-1.85/bin.
    String newestBindgen =
        newestVersioned(usrBin, UBUNTU_BINDGEN).map(Path::toString).orElse(defaultBindgen());
    for (Path p : Dirs.list(usrBin)) {
      Matcher m = UBUNTU_RUSTC.matcher(p.getFileName().toString());
      if (m.matches() && Files.isExecutable(p)) {
        String v = m.group(1);
        Path lib = fsRoot.resolve("usr/lib/rust-" + v + "/bin");
        out.add(
            new Toolchain(
                "distro:rustc-" + v,
                "distro",
                p.toString(),
                firstExisting(usrBin.resolve("rustdoc-" + v), lib.resolve("rustdoc")),
                firstExisting(usrBin.resolve("rustfmt-" + v), lib.resolve("rustfmt")),
                firstExisting(usrBin.resolve("clippy-driver-" + v), lib.resolve("clippy-driver")),
                newestBindgen,
                defaultCc(),
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                "Ubuntu versioned rustc " + v));
      }
    }
    return out;
  }

  private boolean isRustupProxy(Path p) {
    Path cargo = cargoHome();
    if (cargo == null) {
      return false;
    }
    try {
      Path rustup = cargo.resolve("bin/rustup");
      return Files.exists(rustup) && Files.isSameFile(p, rustup);
    } catch (IOException e) {
      return false;
    }
  }

  private static Optional<Path> newestVersioned(Path dir, Pattern pat) {
    return Dirs.list(dir).stream()
        .filter(p -> pat.matcher(p.getFileName().toString()).matches() && Files.isExecutable(p))
        .max(Comparator.comparing(p -> versionKey(p.getFileName().toString())));
  }

  private static String versionKey(String name) {
    Matcher m = Pattern.compile("(\\d+)\\.(\\d+)").matcher(name);
    return m.find()
        ? String.format("%05d.%05d", Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)))
        : name;
  }

  private static Optional<String> optional(Path p) {
    return Files.isExecutable(p) ? Optional.of(p.toString()) : Optional.empty();
  }

  private static Optional<String> firstExisting(Path... ps) {
    for (Path p : ps) {
      if (Files.isExecutable(p)) {
        return Optional.of(p.toString());
      }
    }
    return Optional.empty();
  }
}
