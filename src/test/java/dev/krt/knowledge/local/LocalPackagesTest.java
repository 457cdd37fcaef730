package dev.krt.knowledge.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.Compatibility;
import dev.krt.knowledge.Distro;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.process.ProcessRunner;
import dev.krt.testing.Zoo;
import dev.krt.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code krt distros --local}: the real apt-cache of this Debian 12 machine (CI runs here), and the
 * other package managers' output formats.
 */
class LocalPackagesTest {
  private static PackageManager apt() {
    boolean here =
        Files.isExecutable(Path.of("/usr/bin/apt-cache"))
            && OsRelease.read(Path.of("/etc/os-release")).is("debian");
    if (!here) {
      Zoo.unavailable("not a Debian machine with apt-cache (CI runs on Debian 12)");
    }
    return PackageManagers.detect(new ProcessRunner(), Path.of("/")).orElseThrow();
  }

  @Test
  void bookwormCanInstallRustcWebButNotABindgenFor612() throws Exception {
    PackageManager pm = apt();
    assertThat(pm.name()).isEqualTo("apt");
    List<Package> pkgs = pm.query();
    Package web =
        pkgs.stream()
            .filter(p -> p.name().equals("rustc-web"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("rustc-web not installable: " + pkgs));
    assertThat(web.upstream().get()).isGreaterThanOrEqualTo(Version.of(1, 85, 0));
    Package bindgen =
        pkgs.stream().filter(p -> p.name().equals("bindgen")).findFirst().orElseThrow();
    assertThat(bindgen.upstream()).contains(Version.of(0, 60, 1));
    List<DistroOption> opts = pm.options(pkgs);
    assertThat(opts)
        .anyMatch(
            o ->
                o.rustcPackage().equals(Optional.of("rustc-web"))
                    && o.rustSrcPackage().equals(Optional.of("rust-web-src")));
    Distro local =
        new Distro(
            "local", "here", "debian", "apt", Optional.empty(), false, Optional.empty(), opts);
    DistroCompat c = DistroCompat.compute(KernelPolicies.builtin(), Arch.of("x86_64"), local);
    Compatibility.Result k612 =
        c.best(KernelPolicies.builtin().find("6.12").orElseThrow()).orElseThrow();
    assertThat(k612.verdict()).isEqualTo(Verdict.NOT_AVAILABLE);
    assertThat(k612.reasons().get(0)).isEqualTo("bindgen 0.60.1 is older than the minimum 0.65.1");
    // 6.1 pins rustc 1.62.0 and bindgen 0.56.0: newer ones pass with "too new" warnings.
    assertThat(c.best(KernelPolicies.builtin().find("6.1").orElseThrow()).orElseThrow().verdict())
        .isEqualTo(Verdict.AVAILABLE_WITH_WARNINGS);
    DistroOption web96 =
        opts.stream()
            .filter(o -> o.rustcPackage().equals(Optional.of("rustc-web")))
            .findFirst()
            .orElseThrow();
    assertThat(web96.install().get())
        .startsWith("apt install rustc-web rust-web-src bindgen libclang1-");
    assertThat(web96.make().get()).contains("LIBCLANG_PATH=/usr/lib/llvm-");
    assertThat(web96.rustLibSrc()).isEmpty(); // Debian's rust-web-src is found through the sysroot
  }

  @Test
  void aptPolicyOutput() {
    String text =
        "rustc-web:\n  Installed: (none)\n  Candidate: 1.96.0+dfsg1-1~deb12u2\n  Version table:\n     1.96.0+dfsg1-1~deb12u2 500\n"
            + "libclang1-19:\n  Installed: 1:19.1.7-3~deb12u1\n  Candidate: 1:19.1.7-3~deb12u1\n"
            + "bindgen-0.71:\n  Installed: (none)\n  Candidate: (none)\n";
    var m = dev.krt.toolchain.AptPolicy.parse(text);
    assertThat(m.get("rustc-web").installed()).isEmpty();
    assertThat(m.get("rustc-web").candidate()).contains("1.96.0+dfsg1-1~deb12u2");
    assertThat(m.get("libclang1-19").installed()).contains("1:19.1.7-3~deb12u1");
    assertThat(m.get("bindgen-0.71").candidate()).isEmpty();
    assertThat(
            new Package("libclang1-19", Optional.empty(), Optional.of("1:19.1.7-3~deb12u1"))
                .upstream())
        .contains(Version.of(19, 1, 7));
  }

  @Test
  void ubuntuVersionedPackagesBecomeMakeVariables() {
    PackageManager pm =
        new AptPackages(
            new ProcessRunner(),
            Path.of("/usr/bin/apt-cache"),
            new OsRelease("ubuntu", "debian", "Ubuntu 24.04.3 LTS", "24.04"));
    List<Package> pkgs =
        List.of(
            new Package("rustc-1.85", Optional.empty(), Optional.of("1.85.1+dfsg0ubuntu2~24.04")),
            new Package(
                "rust-1.85-src", Optional.empty(), Optional.of("1.85.1+dfsg0ubuntu2~24.04")),
            new Package("bindgen-0.71", Optional.empty(), Optional.of("0.71.1-4ubuntu1~24.04")),
            new Package(
                "libclang1-20", Optional.empty(), Optional.of("1:20.1.2-0ubuntu1~24.04.2")));
    DistroOption o = pm.options(pkgs).get(0);
    assertThat(o.rustc()).contains(Version.of(1, 85, 1));
    assertThat(o.rustSrcPackage()).contains("rust-1.85-src");
    assertThat(o.make().get())
        .contains("RUSTC=rustc-1.85")
        .contains("BINDGEN=bindgen-0.71")
        .contains("LLVM=-20");
    assertThat(o.bindgenPatched()).isFalse(); // Ubuntu's 0.66 was not (the kernel names Debian's)
  }

  @Test
  void pacmanZypperAndDnfOutputs() {
    String pacman =
        "Repository      : extra\nName            : rust\nVersion         : 1:1.99.1-1\nDescription     : Systems programming language\n\nRepository      : extra\nName            : rust-bindgen\nVersion         : 0.73.2-1\n\n";
    assertThat(DnfPacmanZypperPackages.parseBlocks(pacman))
        .containsEntry("rust", "1:1.99.1-1")
        .containsEntry("rust-bindgen", "0.73.2-1");
    String zypper =
        "Information for package rust:\n-----------------------------\nRepository     : Main Repository (OSS)\nName           : rust\nVersion        : 1.94.0-1.1\nArch           : x86_64\n";
    assertThat(DnfPacmanZypperPackages.parseBlocks(zypper)).containsEntry("rust", "1.94.0-1.1");
    String dnf = "rust 1.94.1-1.fc42\nbindgen-cli 0.72.1-2.fc42\nclang-libs 20.1.8-1.fc42\n";
    var m = DnfPacmanZypperPackages.parseLines(dnf);
    assertThat(m)
        .containsEntry("rust", "1.94.1-1.fc42")
        .containsEntry("clang-libs", "20.1.8-1.fc42");
    PackageManager f =
        new DnfPacmanZypperPackages(
            new ProcessRunner(), Path.of("/usr/bin/dnf"), DnfPacmanZypperPackages.DNF);
    List<Package> pkgs =
        m.entrySet().stream()
            .map(e -> new Package(e.getKey(), Optional.empty(), Optional.of(e.getValue())))
            .toList();
    DistroOption o = f.options(pkgs).get(0);
    assertThat(o.rustc()).contains(Version.of(1, 94, 1));
    assertThat(o.bindgen()).contains(Version.of(0, 72, 1));
    assertThat(o.libclang()).contains(Version.of(20, 1, 8));
    assertThat(o.rustSrcPackage()).isEmpty(); // rust-src was not in the answer
  }
}
