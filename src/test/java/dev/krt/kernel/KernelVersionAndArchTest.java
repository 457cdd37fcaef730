package dev.krt.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link KernelVersion} from Makefiles and user text; {@link Arch} as Kbuild derives it. */
class KernelVersionAndArchTest {

  @Test
  void realMakefiles() throws IOException {
    String m612 =
        Files.readString(Zoo.kernel("6.12").resolve("Makefile"), StandardCharsets.ISO_8859_1);
    // Debian moves these trees to new stable releases: the expectation is what make itself says.
    assertThat(KernelVersion.fromMakefile(m612).map(KernelVersion::toString))
        .contains(Zoo.kernelVersion("6.12"));
    String m61 =
        Files.readString(Zoo.kernel("6.1").resolve("Makefile"), StandardCharsets.ISO_8859_1);
    assertThat(KernelVersion.fromMakefile(m61).map(KernelVersion::toString))
        .contains(Zoo.kernelVersion("6.1"));
    assertThat(KernelVersion.fromMakefile(m61).orElseThrow().series()).isEqualTo("6.1");
  }

  @Test
  void releaseCandidate() {
    String m =
        "# SPDX-License-Identifier: GPL-2.0\nVERSION = 7\nPATCHLEVEL = 1\nSUBLEVEL = 0\nEXTRAVERSION = -rc3\nNAME = Baby Opossum Posse\n";
    KernelVersion v = KernelVersion.fromMakefile(m).orElseThrow();
    assertThat(v).isEqualTo(new KernelVersion(7, 1, 0, "-rc3"));
    assertThat(v).hasToString("7.1-rc3");
  }

  @Test
  void onlyTheFirstAssignmentsCount() {
    String m = "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 3\nEXTRAVERSION =\nVERSION = 9\n";
    assertThat(KernelVersion.fromMakefile(m)).contains(new KernelVersion(6, 12, 3, ""));
  }

  @Test
  void missingSublevelIsZero() {
    assertThat(KernelVersion.fromMakefile("VERSION=6\nPATCHLEVEL=6\n"))
        .contains(new KernelVersion(6, 6, 0, ""));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "junk\n\u0000\u00ff\n",
        "all:\n\techo hi\n",
        "VERSION = 6\n", // no PATCHLEVEL
        "PATCHLEVEL = 1\n",
        "VERSION = six\nPATCHLEVEL = 1\n",
        "VERSION = 6\nPATCHLEVEL = 1x\n",
        "# VERSION = 6\n# PATCHLEVEL = 1\n",
        "MY_VERSION = 6\nMY_PATCHLEVEL = 1\n",
      })
  void junkIsNotAVersion(String makefile) {
    assertThat(KernelVersion.fromMakefile(makefile)).isEmpty();
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"6.12, 6.12", "6.12.100, 6.12.100", "v7.1-rc3, 7.1-rc3", "v6.1.0, 6.1", " 6.6 , 6.6"})
  void parse(String in, String out) {
    assertThat(KernelVersion.parse(in).map(KernelVersion::toString)).contains(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "6", "6.x", "linux-6.12", "6.12.1.2", "6.12-foo"})
  void parseRejects(String in) {
    assertThat(KernelVersion.parse(in)).isEmpty();
  }

  @Test
  void ordering() {
    KernelVersion a = KernelVersion.parse("6.1.150").orElseThrow();
    KernelVersion b = KernelVersion.parse("6.12").orElseThrow();
    assertThat(a).isLessThan(b);
    assertThat(b.atLeast(6, 12)).isTrue();
    assertThat(b.before(6, 13)).isTrue();
    assertThat(a.before(6, 6)).isTrue();
    assertThat(KernelVersion.parse("7.0").orElseThrow().atLeast(6, 99)).isTrue();
  }

  // --- Arch ------------------------------------------------------------------------------------

  @ParameterizedTest(name = "ARCH={0} -> SRCARCH={1}")
  @CsvSource({
    "x86_64, x86", "i386, x86", "x86, x86", "parisc64, parisc", "parisc, parisc", "sparc64, sparc",
        "sparc32, sparc",
    "sh64, sh", "arm64, arm64", "s390, s390", "powerpc, powerpc", "riscv, riscv",
        "loongarch, loongarch", "um, um",
  })
  void srcarch(String arch, String srcarch) {
    assertThat(Arch.of(arch)).isEqualTo(new Arch(arch, srcarch));
  }

  @ParameterizedTest(name = "uname -m {0} -> ARCH {1}")
  @CsvSource({
    "amd64, x86",
    "x86_64, x86",
    "i686, x86",
    "i386, x86",
    "aarch64, arm64",
    "arm64, arm64",
    "armv7l, arm",
    "s390x, s390",
    "ppc64le, powerpc",
    "ppc64, powerpc",
    "riscv64, riscv",
    "loongarch64, loongarch",
    "mips64, mips",
    "sun4u, sparc64",
    "sh4, sh",
  })
  void subarch(String machine, String arch) {
    assertThat(Arch.subarch(machine)).isEqualTo(arch);
  }

  /**
   * A typed kernel ARCH stays as typed (x86_64 is not x86); a machine name maps as SUBARCH does.
   */
  @ParameterizedTest(name = "--arch {0} -> ARCH {1}")
  @CsvSource({
    "x86_64, x86_64",
    "x86, x86",
    "i386, i386",
    "arm64, arm64",
    "aarch64, arm64",
    "amd64, x86",
    "i686, x86",
    "s390x, s390",
    "ppc64le, powerpc",
    "riscv64, riscv",
    "' um ', um"
  })
  void parseArch(String typed, String arch) {
    assertThat(Arch.parse(typed)).contains(Arch.of(arch));
  }

  @ParameterizedTest(name = "--arch {0} is no kernel ARCH")
  @ValueSource(strings = {"", "vax", "x86-64", "ARM64", "Aarch64", "armm64", "x86_65"})
  void parseArchRejects(String typed) {
    assertThat(Arch.parse(typed)).isEmpty();
  }

  @Test
  void host() {
    Arch h = Arch.host();
    assertThat(h.arch()).isEqualTo(Arch.subarch(System.getProperty("os.arch")));
    if (System.getProperty("os.arch").equals("amd64")) {
      // Kbuild: SUBARCH for x86_64 is x86, so ARCH=x86 (not x86_64) and SRCARCH=x86.
      assertThat(h).isEqualTo(new Arch("x86", "x86"));
    }
  }

  @Test
  void fromEnvironment() {
    assertThat(Arch.fromEnvironment(Map.of("ARCH", "parisc64")))
        .isEqualTo(new Arch("parisc64", "parisc"));
    assertThat(Arch.fromEnvironment(Map.of("ARCH", "x86_64", "SRCARCH", "x86")))
        .isEqualTo(new Arch("x86_64", "x86"));
    assertThat(Arch.fromEnvironment(Map.of("ARCH", ""))).isEqualTo(Arch.host());
    assertThat(Arch.fromEnvironment(Map.of())).isEqualTo(Arch.host());
  }

  @Test
  void toStringShowsSrcarchWhenItDiffers() {
    assertThat(Arch.of("x86_64")).hasToString("x86_64 (SRCARCH=x86)");
    assertThat(Arch.of("arm64")).hasToString("arm64");
    assertThat(Optional.of(Arch.of(" riscv "))).contains(new Arch("riscv", "riscv"));
  }
}
