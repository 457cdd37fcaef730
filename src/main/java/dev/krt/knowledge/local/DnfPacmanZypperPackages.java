package dev.krt.knowledge.local;

import dev.krt.knowledge.DistroOption;
import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.toolchain.PackageTool;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Fedora (dnf), Arch (pacman) and openSUSE (zypper): one package per tool, so one option. Each is
 * asked with its own query command; pacman and zypper print {@code Key : Value} blocks, dnf's
 * repoquery prints {@code name version} lines.
 */
public final class DnfPacmanZypperPackages implements PackageManager {
  /**
   * How one package manager is asked, and its package names for rustc, rust-src, bindgen, libclang.
   */
  public record Flavor(
      String name,
      List<String> query,
      String rustc,
      String rustSrc,
      String bindgen,
      String libclang,
      String install) {}

  public static final Flavor DNF =
      new Flavor(
          "dnf",
          List.of("repoquery", "--quiet", "--latest-limit=1", "--queryformat", "%{name} %{evr}\\n"),
          "rust",
          "rust-src",
          "bindgen-cli",
          "clang-libs",
          "dnf install rust rust-src bindgen-cli rustfmt clippy clang");
  public static final Flavor PACMAN =
      new Flavor(
          "pacman",
          List.of("-Si"),
          "rust",
          "rust-src",
          "rust-bindgen",
          "clang",
          "pacman -S rust rust-src rust-bindgen clang");
  public static final Flavor ZYPPER =
      new Flavor(
          "zypper",
          List.of("--non-interactive", "--no-refresh", "info"),
          "rust",
          "rust-src",
          "rust-bindgen",
          "clang",
          "zypper install rust rust-src rust-bindgen clang");

  private final ProcessExecutor exec;
  private final Path program;
  private final Flavor flavor;

  public DnfPacmanZypperPackages(ProcessExecutor exec, Path program, Flavor flavor) {
    this.exec = exec;
    this.program = program;
    this.flavor = flavor;
  }

  @Override
  public String name() {
    return flavor.name();
  }

  @Override
  public List<Package> query() throws PackageQueryException {
    List<String> args = new ArrayList<>(flavor.query());
    args.addAll(List.of(flavor.rustc(), flavor.rustSrc(), flavor.bindgen(), flavor.libclang()));
    // dnf refreshes its metadata first: give it longer than a policy query.
    ProcessResult r = new PackageTool(exec, program).result(args, Duration.ofSeconds(60));
    if (r.timedOut() || r.startError().isPresent()) {
      throw new PackageQueryException(program + " timed out or could not start");
    }
    // pacman -Si exits 1 when one of several names is unknown but still prints the others.
    Map<String, String> versions =
        flavor.name().equals("dnf") ? parseLines(r.stdoutText()) : parseBlocks(r.stdoutText());
    if (r.exitCode() != 0 && versions.isEmpty()) {
      // No metadata, a held lock, no network: say so rather than "nothing installable".
      String err = r.stderrText().strip();
      throw new PackageQueryException(
          program
              + " failed with exit code "
              + r.exitCode()
              + (err.isEmpty() ? "" : ": " + err.split("\n")[err.split("\n").length - 1]));
    }
    List<Package> out = new ArrayList<>();
    versions.forEach((n, v) -> out.add(new Package(n, Optional.empty(), Optional.of(v))));
    return out;
  }

  /** {@code name version} per line (dnf repoquery). */
  static Map<String, String> parseLines(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      String[] f = line.trim().split("\\s+");
      if (f.length == 2) {
        m.putIfAbsent(f[0], f[1]);
      }
    }
    return m;
  }

  /** {@code Name : x} ... {@code Version : y} blocks (pacman -Si, zypper info). */
  static Map<String, String> parseBlocks(String text) {
    Map<String, String> m = new LinkedHashMap<>();
    String name = null;
    for (String line : text.split("\n")) {
      int c = line.indexOf(':');
      if (c < 0) {
        continue;
      }
      String k = line.substring(0, c).trim();
      String v = line.substring(c + 1).trim();
      if (k.equals("Name")) {
        name = v;
      } else if (k.equals("Version") && name != null) {
        m.putIfAbsent(name, v);
        name = null;
      }
    }
    return m;
  }

  @Override
  public List<DistroOption> options(List<Package> packages) {
    Map<String, Package> by = new LinkedHashMap<>();
    packages.forEach(p -> by.put(p.name(), p));
    Optional<Package> rc = Optional.ofNullable(by.get(flavor.rustc()));
    Optional<Package> bg = Optional.ofNullable(by.get(flavor.bindgen()));
    Optional<Package> lc = Optional.ofNullable(by.get(flavor.libclang()));
    if (rc.isEmpty()) {
      return List.of();
    }
    return List.of(
        new DistroOption(
            "default",
            rc.flatMap(Package::upstream),
            Optional.of(flavor.rustc()),
            rc.get().candidate(),
            Optional.ofNullable(by.get(flavor.rustSrc())).map(Package::name),
            bg.flatMap(Package::upstream),
            bg.map(Package::name),
            lc.flatMap(Package::upstream),
            lc.map(Package::name),
            List.of(),
            false,
            Optional.of(flavor.install()),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            program + " on this machine",
            Optional.empty()));
  }
}
