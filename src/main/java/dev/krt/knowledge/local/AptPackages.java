package dev.krt.knowledge.local;

import dev.krt.knowledge.DistroOption;
import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessSpec;
import dev.krt.toolchain.AptPolicy;
import dev.krt.version.Version;
import java.nio.file.Path;
import java.time.Duration;
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
  private static final Pattern RELEVANT = Pattern.compile("rustc|rustc-web|rustc-1\\.\\d+|rust-src|rust-web-src|rust-1\\.\\d+-src|bindgen|bindgen-0\\.\\d+|libclang1-\\d+|clang-\\d+");

  private final ProcessExecutor exec;
  private final Path aptCache;
  private final OsRelease os;

  public AptPackages(ProcessExecutor exec, Path aptCache, OsRelease os) {
    this.exec = exec;
    this.aptCache = aptCache;
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
    List<String> argv = new ArrayList<>();
    argv.add(aptCache.toString());
    argv.addAll(args);
    ProcessResult r = exec.run(new ProcessSpec(argv, Map.of("LC_ALL", "C", "PATH", "/usr/bin:/bin"), Path.of("/"), null, Duration.ofSeconds(30), 4 << 20));
    if (!r.ok()) {
      String why = r.timedOut() ? "timed out" : r.startError().orElse("exit code " + r.exitCode() + ": " + r.stderrText().strip());
      throw new PackageQueryException(aptCache + " " + args.get(0) + " failed: " + why);
    }
    return r.stdoutText();
  }

  @Override
  public List<DistroOption> options(List<Package> packages) {
    Map<String, Package> by = new java.util.HashMap<>();
    packages.forEach(p -> by.put(p.name(), p));
    List<Package> rustcs = matching(packages, RUSTC);
    List<Package> bindgens = matching(packages, BINDGEN);
    List<Package> libclangs = matching(packages, LIBCLANG);
    boolean ubuntu = os.is("ubuntu");
    List<DistroOption> out = new ArrayList<>();
    for (Package rc : rustcs) {
      Optional<Version> rv = rc.upstream();
      if (rv.isEmpty()) {
        continue;
      }
      Matcher vm = RUSTC.matcher(rc.name());
      vm.matches();
      String suffix = vm.group(1);
      String src = rc.name().equals("rustc-web") ? "rust-web-src" : suffix != null ? "rust-" + suffix + "-src" : "rust-src";
      Optional<String> srcPkg = Optional.ofNullable(by.get(src)).map(Package::name);
      for (Package bg : bindgens) {
        Matcher bm = BINDGEN.matcher(bg.name());
        bm.matches();
        for (Package lc : libclangs) {
          Matcher lm = LIBCLANG.matcher(lc.name());
          lm.matches();
          String major = lm.group(1);
          List<String> install = new ArrayList<>(List.of("apt", "install", rc.name()));
          srcPkg.ifPresent(install::add);
          install.add(bg.name());
          install.add(lc.name());
          if (by.containsKey("clang-" + major) || lc.installed().isPresent()) {
            install.add("clang-" + major);
          }
          List<String> make = new ArrayList<>();
          // Full LLVM of the libclang's version, so Clang (CC) and bindgen's libclang match.
          make.add("LLVM=-" + major);
          if (suffix != null) {
            make.add("RUSTC=rustc-" + suffix + " RUSTDOC=rustdoc-" + suffix + " RUSTFMT=rustfmt-" + suffix + " CLIPPY_DRIVER=clippy-driver-" + suffix);
          }
          if (bm.group(1) != null) {
            make.add("BINDGEN=bindgen-" + bm.group(1));
          }
          // clang-sys picks the newest libclang it finds; name the one meant.
          make.add("LIBCLANG_PATH=/usr/lib/llvm-" + major + "/lib");
          Optional<String> libSrc = ubuntu && suffix == null ? rv.map(v -> "/usr/src/rustc-" + v + "/library") : Optional.empty();
          out.add(
              new DistroOption(
                  rc.name() + " + " + bg.name() + " + " + lc.name(),
                  rv,
                  Optional.of(rc.name()),
                  rc.candidate().or(rc::installed),
                  srcPkg,
                  bg.upstream(),
                  Optional.of(bg.name()),
                  lc.upstream(),
                  Optional.of("clang-" + major),
                  List.of(),
                  // The kernel's bug probes name Debian's bindgen as patched (Ubuntu's 0.66 was not).
                  os.id().equals("debian"),
                  Optional.of(String.join(" ", install)),
                  libSrc,
                  Optional.of(String.join(" ", make)),
                  Optional.empty(),
                  "apt-cache policy on this machine",
                  srcPkg.isEmpty() ? Optional.of("no " + src + " package: the core sources are missing") : Optional.empty()));
        }
      }
    }
    return out;
  }

  private static List<Package> matching(List<Package> packages, Pattern p) {
    return packages.stream().filter(x -> p.matcher(x.name()).matches() && x.upstream().isPresent()).sorted(Comparator.comparing((Package x) -> x.upstream().get())).toList();
  }
}
