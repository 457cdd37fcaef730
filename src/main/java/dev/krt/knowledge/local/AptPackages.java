package dev.krt.knowledge.local;

import dev.krt.knowledge.DistroOption;
import dev.krt.process.ProcessExecutor;
import dev.krt.toolchain.AptPolicy;
import dev.krt.toolchain.PackageTool;
import dev.krt.version.Version;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian and Ubuntu: {@code apt-cache pkgnames} finds the toolchain packages (including Ubuntu's
 * versioned {@code rustc-1.NN} / {@code bindgen-0.NN}), {@code apt-cache policy} gives their
 * installed and candidate versions.
 */
public final class AptPackages implements PackageManager {
  private static final Pattern RUSTC = Pattern.compile("rustc|rustc-web|rustc-(1\\.\\d+)");
  private static final Pattern BINDGEN = Pattern.compile("bindgen|bindgen-(0\\.\\d+)");
  private static final Pattern LIBCLANG = Pattern.compile("libclang1-(\\d+)");
  private static final Pattern RELEVANT =
      Pattern.compile(
          "rustc|rustc-web|rustc-1\\.\\d+|rust-src|rust-web-src|rust-1\\.\\d+-src|bindgen|bindgen-0\\.\\d+|libclang1-\\d+|clang-\\d+");

  private final PackageTool apt;
  private final OsRelease os;

  public AptPackages(ProcessExecutor exec, Path aptCache, OsRelease os) {
    this.apt = new PackageTool(exec, aptCache);
    this.os = os;
  }

  @Override
  public String name() {
    return "apt";
  }

  @Override
  public List<Package> query() throws PackageQueryException {
    // One pass over every package name apt knows (a prefix per call would start apt-cache 7 times).
    TreeSet<String> names = new TreeSet<>();
    for (String n : run(List.of("pkgnames")).split("\n")) {
      if (RELEVANT.matcher(n.trim()).matches()) {
        names.add(n.trim());
      }
    }
    if (names.isEmpty()) {
      return List.of();
    }
    List<String> args = new ArrayList<>(List.of("policy"));
    args.addAll(names);
    List<Package> out = new ArrayList<>();
    for (AptPolicy.Entry e : AptPolicy.parse(run(args)).values()) {
      if (e.installed().isPresent() || e.candidate().isPresent()) {
        out.add(new Package(e.name(), e.installed(), e.candidate()));
      }
    }
    return out;
  }

  private String run(List<String> args) throws PackageQueryException {
    try {
      return apt.run(args);
    } catch (PackageTool.Failed e) {
      throw new PackageQueryException(e.getMessage());
    }
  }

  @Override
  public List<DistroOption> options(List<Package> packages) {
    Map<String, Package> by = new java.util.HashMap<>();
    packages.forEach(p -> by.put(p.name(), p));
    List<Package> rustcs = matching(packages, RUSTC);
    // A missing bindgen or libclang still makes an option: it then says what is not packaged.
    List<Optional<Package>> bindgens = orNone(matching(packages, BINDGEN));
    List<Optional<Package>> libclangs = orNone(matching(packages, LIBCLANG));
    boolean ubuntu = os.is("ubuntu");
    List<DistroOption> out = new ArrayList<>();
    for (Package rc : rustcs) {
      Optional<Version> rv = rc.upstream();
      Matcher vm = RUSTC.matcher(rc.name());
      vm.matches();
      String suffix = vm.group(1);
      String src =
          rc.name().equals("rustc-web")
              ? "rust-web-src"
              : suffix != null ? "rust-" + suffix + "-src" : "rust-src";
      Optional<String> srcPkg = Optional.ofNullable(by.get(src)).map(Package::name);
      for (Optional<Package> bg : bindgens) {
        for (Optional<Package> lc : libclangs) {
          Optional<String> major = lc.map(l -> group(LIBCLANG, l.name()));
          List<String> install = new ArrayList<>(List.of("apt", "install", rc.name()));
          srcPkg.ifPresent(install::add);
          bg.ifPresent(x -> install.add(x.name()));
          lc.ifPresent(x -> install.add(x.name()));
          major.filter(m -> by.containsKey("clang-" + m)).ifPresent(m -> install.add("clang-" + m));
          List<String> make = new ArrayList<>();
          // Full LLVM of the libclang's version, so Clang (CC) and bindgen's libclang match.
          major.ifPresent(m -> make.add("LLVM=-" + m));
          if (suffix != null) {
            make.add(
                "RUSTC=rustc-"
                    + suffix
                    + " RUSTDOC=rustdoc-"
                    + suffix
                    + " RUSTFMT=rustfmt-"
                    + suffix
                    + " CLIPPY_DRIVER=clippy-driver-"
                    + suffix);
          }
          bg.map(x -> group(BINDGEN, x.name())).ifPresent(v -> make.add("BINDGEN=bindgen-" + v));
          // clang-sys picks the newest libclang it finds; name the one meant.
          major.ifPresent(m -> make.add("LIBCLANG_PATH=/usr/lib/llvm-" + m + "/lib"));
          // Ubuntu's rustc packages need RUST_LIB_SRC (quick-start.rst); Debian's find theirs.
          Optional<String> libSrc =
              ubuntu ? rv.map(v -> "/usr/src/rustc-" + v + "/library") : Optional.empty();
          out.add(
              new DistroOption(
                  rc.name()
                      + bg.map(x -> " + " + x.name()).orElse("")
                      + lc.map(x -> " + " + x.name()).orElse(""),
                  rv,
                  Optional.of(rc.name()),
                  rc.candidate().or(rc::installed),
                  srcPkg,
                  bg.flatMap(Package::upstream),
                  bg.map(Package::name),
                  lc.flatMap(Package::upstream),
                  major.map(m -> "clang-" + m),
                  List.of(),
                  dev.krt.knowledge.BindgenPatches.patchedByDistro(os.id()),
                  Optional.of(String.join(" ", install)),
                  libSrc,
                  make.isEmpty() ? Optional.empty() : Optional.of(String.join(" ", make)),
                  Optional.empty(),
                  "apt-cache policy on this machine",
                  srcPkg.isEmpty()
                      ? Optional.of("no " + src + " package: the core sources are missing")
                      : Optional.empty()));
        }
      }
    }
    return out;
  }

  private static List<Optional<Package>> orNone(List<Package> l) {
    return l.isEmpty() ? List.of(Optional.empty()) : l.stream().map(Optional::of).toList();
  }

  /**
   * The version part of a versioned package name: {@code libclang1-19} gives 19; none gives null.
   */
  private static String group(Pattern p, String name) {
    Matcher m = p.matcher(name);
    return m.matches() ? m.group(1) : null;
  }

  private static List<Package> matching(List<Package> packages, Pattern p) {
    return packages.stream()
        .filter(x -> p.matcher(x.name()).matches() && x.upstream().isPresent())
        .sorted(Comparator.comparing((Package x) -> x.upstream().get()))
        .toList();
  }
}
