package dev.krt.toolchain;

import dev.krt.cache.AtomicFiles;
import dev.krt.process.ProcessRunner;
import dev.krt.version.Version;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this machine has that can fix a toolchain: libclang libraries, clang binaries, Rust library
 * sources, rustup and cargo, and what its package manager can install. Everything is looked up
 * lazily, once.
 */
public final class MachineInventory {
  private static final Pattern LIBCLANG = Pattern.compile("libclang-(\\d+)\\.so(\\.\\d+)*");
  private static final Pattern LLVM_DIR = Pattern.compile("llvm-(\\d+)");
  private static final Pattern RUST_SRC_DIR = Pattern.compile("rustc-(\\d+\\.\\d+\\.\\d+)");

  private final Map<String, String> env;
  private final PathLookup lookup;
  private final ProcessRunner runner;
  private final Optional<Path> cache;
  private Map<Integer, Path> libclangs;
  private Map<String, String> apt;

  public MachineInventory(
      Map<String, String> env, Path cwd, ProcessRunner runner, Optional<Path> cache) {
    this.env = env;
    this.lookup = new PathLookup(env, cwd);
    this.runner = runner;
    this.cache = cache;
  }

  /** A libclang library directory per LLVM major, for LIBCLANG_PATH. */
  public synchronized Map<Integer, Path> libclangDirs() {
    if (libclangs == null) {
      Map<Integer, Path> m = new TreeMap<>();
      for (Path d : Dirs.list(Path.of("/usr/lib"))) {
        Matcher lm = LLVM_DIR.matcher(d.getFileName().toString());
        if (lm.matches() && Files.isDirectory(d.resolve("lib"))) {
          for (Path f : Dirs.list(d.resolve("lib"))) {
            if (f.getFileName().toString().startsWith("libclang")
                && !f.getFileName().toString().startsWith("libclang-cpp")
                && f.getFileName().toString().contains(".so")) {
              m.putIfAbsent(Integer.parseInt(lm.group(1)), d.resolve("lib"));
            }
          }
        }
      }
      for (Path dir :
          List.of(
              Path.of("/usr/lib/x86_64-linux-gnu"),
              Path.of("/usr/lib64"),
              Path.of("/usr/local/lib"))) {
        for (Path f : Dirs.list(dir)) {
          Matcher mm = LIBCLANG.matcher(f.getFileName().toString());
          if (mm.matches()) {
            m.putIfAbsent(Integer.parseInt(mm.group(1)), dir);
          }
        }
      }
      libclangs = m;
    }
    return libclangs;
  }

  /** {@code clang-N} (or {@code clang}) programs in PATH, by major. */
  public Map<Integer, String> clangs() {
    Map<Integer, String> m = new TreeMap<>();
    for (int n = 9; n <= 40; n++) {
      if (lookup.find("clang-" + n).isPresent()) {
        m.put(n, "clang-" + n);
      }
    }
    return m;
  }

  /** Rust {@code library} directories on this machine, by the rustc version they belong to. */
  public Map<String, Path> rustLibrarySources(List<Toolchain> configured) {
    Map<String, Path> m = new LinkedHashMap<>();
    for (Path d : Dirs.list(Path.of("/usr/src"))) {
      Matcher mm = RUST_SRC_DIR.matcher(d.getFileName().toString());
      if (mm.matches() && Files.isRegularFile(d.resolve("library/core/src/lib.rs"))) {
        m.putIfAbsent(mm.group(1), d.resolve("library"));
      }
    }
    for (Toolchain t : configured) {
      t.rustLibSrc()
          .map(Path::of)
          .filter(p -> Files.isRegularFile(p.resolve("core/src/lib.rs")))
          .ifPresent(
              p -> {
                Matcher mm = RUST_SRC_DIR.matcher(p.toString());
                if (mm.find()) {
                  m.putIfAbsent(mm.group(1), p);
                }
              });
    }
    return m;
  }

  /** Programs found as the shell would (this user's PATH). */
  public PathLookup lookup() {
    return lookup;
  }

  public Optional<Path> rustup() {
    Optional<Path> p = lookup.find("rustup");
    if (p.isPresent()) {
      return p;
    }
    String home =
        env.get("CARGO_HOME") != null
            ? env.get("CARGO_HOME")
            : env.containsKey("HOME") ? env.get("HOME") + "/.cargo" : null;
    if (home != null && Files.isExecutable(Path.of(home, "bin", "rustup"))) {
      return Optional.of(Path.of(home, "bin", "rustup"));
    }
    return Optional.empty();
  }

  public Optional<Path> cargo() {
    return lookup.find("cargo");
  }

  public boolean isDebianLike() {
    return Files.isRegularFile(Path.of("/etc/debian_version"))
        && Files.isExecutable(PackageTool.APT_CACHE);
  }

  /**
   * Installable versions ({@code apt-cache policy} candidates) of the packages that matter, cached
   * until the apt lists change.
   */
  public synchronized Map<String, String> aptCandidates() {
    if (apt != null) {
      return apt;
    }
    apt = new TreeMap<>();
    if (!isDebianLike()) {
      return apt;
    }
    List<String> pkgs =
        new ArrayList<>(
            List.of(
                "rustc",
                "rustc-web",
                "rust-src",
                "rust-web-src",
                "bindgen",
                "rustfmt",
                "rust-clippy"));
    for (int n = 11; n <= 24; n++) {
      pkgs.add("clang-" + n);
      pkgs.add("libclang1-" + n);
    }
    String stamp = "";
    try {
      stamp = Long.toString(Files.getLastModifiedTime(Path.of("/var/lib/apt/lists")).toMillis());
    } catch (IOException e) {
      // no lists: apt knows nothing installable
    }
    Path cached =
        cache
            .map(
                c ->
                    c.resolve(
                        "apt-policy-"
                            + Integer.toHexString(String.join(",", pkgs).hashCode())
                            + ".txt"))
            .orElse(null);
    String text = null;
    if (cached != null && Files.isRegularFile(cached)) {
      try {
        String all = Files.readString(cached, StandardCharsets.UTF_8);
        if (all.startsWith(stamp + "\n")) {
          text = all.substring(stamp.length() + 1);
        }
      } catch (IOException e) {
        text = null;
      }
    }
    if (text == null) {
      List<String> args = new ArrayList<>(List.of("policy"));
      args.addAll(pkgs);
      boolean ok = true;
      try {
        text = new PackageTool(runner, PackageTool.APT_CACHE).run(args);
      } catch (PackageTool.Failed e) {
        // No advice from apt then; the check itself does not depend on it.
        text = "";
        ok = false;
      }
      if (cached != null && ok) {
        try {
          AtomicFiles.write(cached, (stamp + "\n" + text).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
          // optimisation only
        }
      }
    }
    apt = parsePolicy(text);
    return apt;
  }

  /** Parses {@code apt-cache policy} output into package → candidate version (none omitted). */
  public static Map<String, String> parsePolicy(String text) {
    Map<String, String> m = new TreeMap<>();
    AptPolicy.parse(text).forEach((k, e) -> e.candidate().ifPresent(c -> m.put(k, c)));
    return m;
  }

  /** The upstream version in a Debian version string: {@code 1.85.0+dfsg3-1~deb12u3} → 1.85.0. */
  public static Optional<Version> upstream(String debianVersion) {
    String v = debianVersion.replaceFirst("^\\d+:", "");
    Matcher m = Pattern.compile("^(\\d+\\.\\d+(?:\\.\\d+)?)").matcher(v);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Version.parseLenient(m.group(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
