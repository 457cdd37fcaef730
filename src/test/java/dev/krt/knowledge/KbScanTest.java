package dev.krt.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.ToolPolicy;
import dev.krt.testing.Reference;
import dev.krt.testing.Zoo;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code krt kb scan} on a kernel history built with JGit from real script texts: the zoo's Debian
 * 6.1 and 6.12 trees (their versions read from the trees), the v7.1 reference, and releases in
 * between made from those texts with the versions the facts give (6.5: rustc 1.68.2; 6.6: 1.71.1 /
 * bindgen 0.65.1; 6.10: the 6.12 text pinned; 6.11: the 6.12 text).
 */
class KbScanTest {
  @TempDir static Path tmp;
  static Path repo;

  /** The tags standing for Debian's installed trees, named by their own versions. */
  static String v61;

  static String v612;

  static String read(Path p) throws IOException {
    return Files.readString(p, StandardCharsets.ISO_8859_1);
  }

  static String makefile(int v, int p, int s) {
    return "# SPDX-License-Identifier: GPL-2.0\nVERSION = "
        + v
        + "\nPATCHLEVEL = "
        + p
        + "\nSUBLEVEL = "
        + s
        + "\nEXTRAVERSION =\nNAME = Test\n";
  }

  /** Replaces the whole tree of the repository and tags it. */
  static void release(Git git, String tag, String makefile, String minTool, String checker)
      throws Exception {
    Path w = git.getRepository().getWorkTree().toPath();
    Files.writeString(w.resolve("Makefile"), makefile, StandardCharsets.ISO_8859_1);
    Files.createDirectories(w.resolve("scripts"));
    Path mt = w.resolve("scripts/min-tool-version.sh");
    Path ch = w.resolve("scripts/rust_is_available.sh");
    Files.deleteIfExists(mt);
    Files.deleteIfExists(ch);
    if (minTool != null) {
      Files.writeString(mt, minTool, StandardCharsets.ISO_8859_1);
    }
    if (checker != null) {
      Files.writeString(ch, checker, StandardCharsets.ISO_8859_1);
      Files.writeString(
          w.resolve("scripts/rust_is_available_bindgen_libclang.h"),
          "#pragma message(\"clang version \" __clang_version__)\n");
    }
    PersonIdent who =
        new PersonIdent(
            "krt test",
            "krt@example.invalid",
            Instant.ofEpochSecond(1_700_000_000L),
            ZoneOffset.UTC);
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit().setMessage(tag).setAuthor(who).setCommitter(who).setSign(false).call();
    git.tag()
        .setName(tag)
        .setAnnotated(true)
        .setMessage(tag)
        .setTagger(who)
        .setSigned(false)
        .call();
  }

  @BeforeAll
  static void history() throws Exception {
    Path k61 = Zoo.kernel("6.1");
    Path k612 = Zoo.kernel("6.12");
    Path v71 = Reference.kernelV71();
    String mt61 = read(k61.resolve("scripts/min-tool-version.sh"));
    String ch61 = read(k61.resolve("scripts/rust_is_available.sh"));
    String mt612 = read(k612.resolve("scripts/min-tool-version.sh"));
    String ch612 = read(k612.resolve("scripts/rust_is_available.sh"));
    v61 = "v" + Zoo.kernelVersion("6.1");
    v612 = "v" + Zoo.kernelVersion("6.12");
    repo = tmp.resolve("linux");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("master").call()) {
      release(git, "v6.0", makefile(6, 0, 0), null, null);
      release(git, v61, read(k61.resolve("Makefile")), mt61, ch61);
      release(git, "v6.5", makefile(6, 5, 0), mt61.replace("1.62.0", "1.68.2"), ch61);
      release(
          git,
          "v6.6",
          makefile(6, 6, 0),
          mt61.replace("1.62.0", "1.71.1").replace("0.56.0", "0.65.1"),
          ch61);
      release(git, "v6.10", makefile(6, 10, 0), mt612, ch61);
      release(git, "v6.11", makefile(6, 11, 0), mt612, ch612);
      release(git, v612, read(k612.resolve("Makefile")), mt612, ch612);
      release(
          git,
          "v7.1",
          makefile(7, 1, 0),
          read(v71.resolve("min-tool-version.sh")),
          read(v71.resolve("rust_is_available.sh")));
      release(
          git,
          "v7.1-rc1",
          makefile(7, 1, 0),
          read(v71.resolve("min-tool-version.sh")),
          read(v71.resolve("rust_is_available.sh")));
      release(
          git,
          "v7.4",
          makefile(7, 4, 0),
          read(v71.resolve("min-tool-version.sh")),
          read(v71.resolve("rust_is_available.sh")));
    }
  }

  static List<KbScan.Scanned> scan(Optional<String> glob) throws IOException {
    return KbScan.scan(repo, glob, ShellMinToolVersion.treeLoader());
  }

  static KbScan.Scanned tag(List<KbScan.Scanned> s, String tag) {
    return s.stream()
        .filter(x -> x.tag().equals(tag))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no tag " + tag));
  }

  @Test
  void readsEveryReleaseTagInVersionOrder() throws IOException {
    List<KbScan.Scanned> s = scan(Optional.empty());
    assertThat(s)
        .extracting(KbScan.Scanned::tag)
        .containsExactly("v6.0", v61, "v6.5", "v6.6", "v6.10", "v6.11", v612, "v7.1", "v7.4");
    assertThat(tag(s, "v6.0").hasRust()).isFalse();
    ToolPolicy p65 = tag(s, "v6.5").policies().get("x86_64");
    assertThat(p65.rustc()).isEqualTo("1.68.2");
    assertThat(p65.pinned()).isTrue();
    assertThat(tag(s, v612).policies().get("loongarch").llvm())
        .isEqualTo(Zoo.minToolVersion("6.12", "llvm", "loongarch", "loongarch"));
    assertThat(tag(s, v612).policies().get("s390").llvm())
        .isEqualTo(Zoo.minToolVersion("6.12", "llvm", "s390", "s390"));
    assertThat(tag(s, "v7.1").policies().get("x86_64").rustc()).isEqualTo("1.85.0");
    assertThat(tag(s, "v7.1").era().get().name()).isEqualTo("7.1");
  }

  @Test
  void aGlobSelectsTags() throws IOException {
    assertThat(scan(Optional.of("v6.1*")))
        .extracting(KbScan.Scanned::tag)
        .containsExactly(v61, "v6.10", "v6.11", v612);
    assertThat(scan(Optional.of("v7.1*")))
        .extracting(KbScan.Scanned::tag)
        .containsExactly("v7.1", "v7.1-rc1");
  }

  @Test
  void diffAgreesWhereTheDatasetIsRightAndNamesEveryDisagreement() throws IOException {
    List<KbScan.Difference> d = KbScan.diff(scan(Optional.empty()), KernelPolicies.builtin());
    // Debian's trees and the v7.1 reference are what the dataset rows 6.1.y, 6.12.y and 7.1 say.
    assertThat(d)
        .noneMatch(x -> x.tag().equals(v61) || x.tag().equals(v612) || x.tag().equals("v7.1"));
    // 6.5 and 6.6 made from the 6.1.y text: the versions agree, the checker is the 6.1.y hybrid.
    assertThat(d)
        .filteredOn(x -> x.tag().equals("v6.5"))
        .extracting(KbScan.Difference::what)
        .containsExactly("checker checks");
    assertThat(d)
        .filteredOn(x -> x.tag().equals("v6.6"))
        .extracting(KbScan.Difference::what)
        .containsExactly("checker checks");
    // 6.10 from the 6.12 text pinned by its 6.1.y checker: its minimums are 6.10's.
    assertThat(d)
        .filteredOn(x -> x.tag().equals("v6.10"))
        .extracting(KbScan.Difference::what)
        .containsExactly("checker checks");
    // 6.11 with the installed 6.12.y checker: the libclang >= 19.1 and >= 22 probes came later.
    KbScan.Difference e611 =
        d.stream().filter(x -> x.tag().equals("v6.11")).findFirst().orElseThrow();
    assertThat(e611.what()).isEqualTo("checker checks");
    assertThat(e611.tree()).contains("concat").contains("p22");
    assertThat(e611.dataset()).doesNotContain("concat");
    // A release the dataset does not know yet.
    assertThat(d)
        .filteredOn(x -> x.tag().equals("v7.4"))
        .extracting(KbScan.Difference::row)
        .containsExactly("-");
  }
}
