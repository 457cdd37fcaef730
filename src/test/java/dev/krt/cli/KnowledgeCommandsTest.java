package dev.krt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code krt compat}, {@code releases}, {@code distros} and {@code kb scan} end to end, in-process.
 */
class KnowledgeCommandsTest {
  @TempDir Path tmp;
  private CliHarness cli;
  private Map<String, String> env;

  @BeforeEach
  void env() throws IOException {
    cli = new CliHarness(tmp);
    env = cli.env;
    env.put("ARCH", "x86_64");
  }

  private RunKrt.Result krt(String... args) throws IOException {
    return cli.run(args);
  }

  private static JsonNode json(RunKrt.Result r) throws IOException {
    return CliHarness.json(r);
  }

  private static JsonNode kernel(JsonNode rows, String name) {
    for (JsonNode r : rows) {
      if (r.at("/kernel/name").asText().equals(name)) {
        return r;
      }
    }
    throw new AssertionError("no kernel " + name + " in " + rows);
  }

  @Test
  void compatRustcNamesWhoAcceptsAndWhyNot() throws IOException {
    RunKrt.Result r = krt("compat", "--rustc", "1.78.0", "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode j = json(r);
    assertThat(j.get("schema").asText()).isEqualTo("krt.compat/2");
    JsonNode rows = j.get("kernels");
    assertThat(kernel(rows, "6.10").get("verdict").asText()).isEqualTo("available");
    assertThat(kernel(rows, "6.12").get("verdict").asText()).isEqualTo("available");
    assertThat(kernel(rows, "6.9").get("verdict").asText()).isEqualTo("available_with_warnings");
    assertThat(kernel(rows, "6.9").get("reasons").get(0).asText())
        .contains("pinned to rustc 1.76.0");
    JsonNode v71 = kernel(rows, "7.1");
    assertThat(v71.get("verdict").asText()).isEqualTo("not_available");
    assertThat(v71.get("reasons").get(0).asText())
        .isEqualTo("rustc 1.78.0 is older than the minimum 1.85.0");
    assertThat(v71.get("findings").get(0).get("id").asText()).isEqualTo("rustc-too-old");
    assertThat(v71.get("assumed").toString()).contains("bindgen 0.71.1");
  }

  @Test
  void compatSeesTheKernelsBindgenProbes() throws IOException {
    // bindgen 0.66.1 is warned about by 6.11-7.0 (their 0.66 probe); 7.1 dropped the probe but
    // needs 0.71.1.
    JsonNode rows =
        json(krt("compat", "--rustc", "1.85.0", "--bindgen", "0.66.1", "--format", "json"))
            .get("kernels");
    assertThat(kernel(rows, "6.12").get("verdict").asText()).isEqualTo("available_with_warnings");
    assertThat(kernel(rows, "6.12").get("findings").findValuesAsText("id"))
        .contains("bindgen-0.66-bug");
    assertThat(kernel(rows, "7.1").get("verdict").asText()).isEqualTo("not_available");
    JsonNode patched =
        json(krt(
                "compat",
                "--rustc",
                "1.85.0",
                "--bindgen",
                "0.66.1",
                "--patched-bindgen",
                "--format",
                "json"))
            .get("kernels");
    assertThat(kernel(patched, "6.12").get("verdict").asText()).isEqualTo("available");
    // libclang >= 22 with bindgen < 0.72.1: only the 6.12.y policy (its later sublevels) probes for
    // it.
    JsonNode lc22 =
        json(krt(
                "compat",
                "--rustc",
                "1.96.0",
                "--bindgen",
                "0.71.1",
                "--libclang",
                "22.1.8",
                "--format",
                "json"))
            .get("kernels");
    assertThat(kernel(lc22, "6.12.y").get("findings").findValuesAsText("id"))
        .contains("bindgen-libclang-22-bug");
    assertThat(kernel(lc22, "7.1").get("verdict").asText()).isEqualTo("available");
  }

  @Test
  void compatAppliesTheArchitectureConditions() throws IOException {
    // Announced: s390 needs rustc 1.96.0 from 7.2 (on SRCARCH), powerpc 1.95.0 from 7.3 (on ARCH).
    JsonNode s390 =
        json(krt("compat", "--rustc", "1.95.0", "--arch", "s390", "--format", "json"))
            .get("kernels");
    assertThat(kernel(s390, "7.2").get("reasons").get(0).asText())
        .isEqualTo("rustc 1.95.0 is older than the minimum 1.96.0");
    assertThat(kernel(s390, "7.1").get("verdict").asText()).isEqualTo("available");
    // uname's names are the kernel's ARCH as the Makefile maps them.
    assertThat(
            kernel(
                    json(krt("compat", "--rustc", "1.95.0", "--arch", "s390x", "--format", "json"))
                        .get("kernels"),
                    "7.2")
                .get("verdict")
                .asText())
        .isEqualTo("not_available");
    JsonNode ppc =
        json(krt("compat", "--rustc", "1.94.1", "--arch", "ppc64le", "--format", "json"))
            .get("kernels");
    assertThat(kernel(ppc, "7.3").get("verdict").asText()).isEqualTo("not_available");
    assertThat(kernel(ppc, "7.2").get("verdict").asText()).isEqualTo("available");
  }

  @Test
  void compatTextSummarisesRanges() throws IOException {
    RunKrt.Result r = krt("compat", "--rustc", "1.85.0");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .contains("builds:        6.11 - 7.1, 7.2 - 7.3 (announced)")
        .contains("with warnings: 6.1 - 6.10")
        .contains("not:           none");
  }

  @Test
  void compatKernelListsRustReleasesAndDistros() throws IOException {
    RunKrt.Result r = krt("compat", "--kernel", "7.1", "--date", "2026-11-24", "--format", "json");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode j = json(r);
    List<String> accepted = new ArrayList<>();
    for (JsonNode x : j.get("rust")) {
      if (!x.get("verdict").asText().equals("not_available")) {
        accepted.add(x.get("version").asText());
      }
    }
    assertThat(accepted)
        .startsWith("1.85.0", "1.85.1")
        .contains("1.100.0", "1.101.0", "1.102.0")
        .doesNotContain("1.84.1");
    for (JsonNode x : j.get("rust")) {
      if (x.get("version").asText().equals("1.101.0")) {
        assertThat(x.get("channel").asText()).isEqualTo("beta");
      }
    }
    Map<String, String> distros = new HashMap<>();
    for (JsonNode d : j.get("distros")) {
      distros.merge(
          d.get("distro").asText(),
          d.get("verdict").asText(),
          (a, b) -> a.equals("available") ? a : b);
    }
    assertThat(distros.get("debian-13")).isEqualTo("available");
    assertThat(distros.get("debian-12")).isEqualTo("not_available");
    assertThat(distros.get("opensuse-slowroll")).isEqualTo("unknown");
  }

  /**
   * Debian's 6.12 tree as the next stable release would be: its own checker files, SUBLEVEL one
   * past the dataset row's. Every command that reads a tree says so in one line, and that the
   * tree's rules still agree with the row.
   */
  @Test
  void aTreeNewerThanItsRowSaysSoInEachCommand() throws IOException {
    Path real = Zoo.kernel("6.12");
    Path next = tmp.resolve("linux-next-point");
    Files.createDirectories(next.resolve("scripts"));
    try (var s = Files.list(real.resolve("scripts"))) {
      for (Path f :
          s.filter(
                  f ->
                      f.getFileName()
                          .toString()
                          .matches("rust_is_available.*|min-tool-version\\.sh|cc-version\\.sh"))
              .toList()) {
        Files.copy(f, next.resolve("scripts").resolve(f.getFileName()));
      }
    }
    int asOf =
        dev.krt.knowledge.KernelPolicies.builtin()
            .find("6.12.y")
            .orElseThrow()
            .version()
            .sublevel();
    String makefile =
        Files.readString(real.resolve("Makefile"), java.nio.charset.StandardCharsets.ISO_8859_1);
    Files.writeString(
        next.resolve("Makefile"),
        makefile.replaceFirst("(?m)^SUBLEVEL = \\d+", "SUBLEVEL = " + (asOf + 1)),
        java.nio.charset.StandardCharsets.ISO_8859_1);
    String expected =
        "newer than krt's 6.12.y row (as of 6.12."
            + asOf
            + "): krt follows this tree's own scripts, which agree with the row";

    RunKrt.Result check =
        krt(
            "check",
            "--kernel",
            next.toString(),
            "--rustc",
            Zoo.bin("rustc-web-1.96", "rustc"),
            "--bindgen",
            Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
            "--cc",
            "clang-19");
    assertThat(check.exitCode()).as(check.stderr()).isZero();
    assertThat(check.stdout().lines().filter(l -> l.contains(expected)).count()).isEqualTo(1);
    assertThat(
            json(krt(
                    "check",
                    "--kernel",
                    next.toString(),
                    "--rustc",
                    "/nonexistent/rustc",
                    "--format",
                    "json"))
                .at("/kernel/dataset_note")
                .asText())
        .isEqualTo(expected);
    assertThat(krt("kernel", "--kernel", next.toString()).stdout()).contains("(" + expected + ")");
    assertThat(
            json(krt("kernel", "--kernel", next.toString(), "--format", "json"))
                .at("/dataset_note")
                .asText())
        .isEqualTo(expected);
    JsonNode compat =
        json(
            krt("compat", "--kernel", next.toString(), "--date", "2026-11-24", "--format", "json"));
    assertThat(compat.at("/kernel/version").asText()).isEqualTo("6.12." + (asOf + 1));
    assertThat(compat.at("/kernel/note").asText()).isEqualTo(expected);
    // The real tree itself: news only once Debian has moved it past the row.
    JsonNode mine =
        json(krt(
                "check",
                "--kernel",
                real.toString(),
                "--rustc",
                "/nonexistent/rustc",
                "--format",
                "json"))
            .at("/kernel/dataset_note");
    if (dev.krt.kernel.KernelVersion.parse(Zoo.kernelVersion("6.12")).orElseThrow().sublevel()
        > asOf) {
      assertThat(mine.asText()).startsWith("newer than krt's 6.12.y row");
    } else {
      assertThat(mine.isNull()).as(mine.toString()).isTrue();
    }
  }

  @Test
  void compatOnARealTreeUsesThatTreesRules() throws IOException {
    Zoo.require();
    JsonNode j =
        json(
            krt(
                "compat",
                "--kernel",
                Zoo.kernel("6.12").toString(),
                "--date",
                "2026-11-24",
                "--format",
                "json"));
    assertThat(j.at("/kernel/version").asText()).isEqualTo(Zoo.kernelVersion("6.12"));
    assertThat(j.at("/kernel/era").asText()).isEqualTo("6.12.y");
    assertThat(j.at("/kernel/policy/rustc").asText()).isEqualTo("1.78.0");
    JsonNode viaRow =
        json(krt("compat", "--kernel", "6.12.y", "--date", "2026-11-24", "--format", "json"));
    assertThat(j.get("rust")).isEqualTo(viaRow.get("rust"));
    // A stable release krt has no row for: its line's row from that row's release on, else the
    // series.
    JsonNode later = json(krt("compat", "--kernel", "6.12.200", "--format", "json"));
    assertThat(later.at("/kernel/release/name").asText()).isEqualTo("6.12.y");
    assertThat(later.at("/kernel/note").asText()).contains("no row for 6.12.200");
    JsonNode earlier = json(krt("compat", "--kernel", "6.12.50", "--format", "json"));
    assertThat(earlier.at("/kernel/release/name").asText()).isEqualTo("6.12");
    assertThat(earlier.at("/kernel/note").asText()).contains("6.12.y");
  }

  @Test
  void compatDistroSaysWhatItBuilds() throws IOException {
    RunKrt.Result r = krt("compat", "--distro", "debian-12");
    assertThat(r.exitCode()).isZero(); // 6.1 accepts it, with warnings
    assertThat(r.stdout())
        .contains("bindgen 0.60.1 is older than the minimum 0.65.1")
        .contains("6.11 - 7.0");
    JsonNode j = json(krt("compat", "--distro", "debian-13", "--format", "json"));
    JsonNode def = j.get("options").get(0);
    assertThat(def.at("/option/rustc").asText()).startsWith("1.85");
    assertThat(kernel(def.get("kernels"), "7.1").get("verdict").asText()).isEqualTo("available");
  }

  @Test
  void aReleaseBeforeRustSupportAcceptsNothing() throws IOException {
    RunKrt.Result r = krt("compat", "--kernel", "5.15");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("Linux 5.15").contains("no Rust support");
  }

  @Test
  void releasesOnADay() throws IOException {
    RunKrt.Result r = krt("releases", "--date", "2026-11-24", "--format", "json");
    assertThat(r.exitCode()).isZero();
    JsonNode j = json(r);
    assertThat(j.at("/channels/stable/version").asText()).isEqualTo("1.100.0");
    assertThat(j.at("/channels/beta/version").asText()).isEqualTo("1.101.0");
    assertThat(j.at("/channels/nightly/version").asText()).isEqualTo("1.102.0");
    for (JsonNode x : j.get("releases")) {
      if (x.get("version").asText().equals("1.78.0")) {
        assertThat(x.get("pinned_by").toString()).contains("6.10");
        assertThat(x.get("minimum_of").toString())
            .contains("6.11")
            .contains("7.0")
            .doesNotContain("7.1");
      }
    }
    String text = krt("releases", "--date", "2026-11-24").stdout();
    assertThat(text)
        .contains("stable   1.100.0")
        .contains("1.101.0-beta")
        .contains("1.102.0-nightly");
  }

  @Test
  void releasesBeforeOneDotZeroAndFarAhead() throws IOException {
    RunKrt.Result before = krt("releases", "--date", "2015-01-01");
    assertThat(before.exitCode()).isEqualTo(1);
    assertThat(before.stdout()).contains("no stable Rust yet");
    RunKrt.Result ahead = krt("releases", "--date", "2100-01-01");
    assertThat(ahead.exitCode()).isZero();
    assertThat(ahead.stdout()).contains("projected");
  }

  @Test
  void distrosTable() throws IOException {
    RunKrt.Result r = krt("distros");
    assertThat(r.exitCode()).isZero();
    assertThat(r.stdout())
        .contains("debian-13")
        .contains("ubuntu-24.04")
        .contains("fedora-44")
        .contains("nix");
  }

  @Test
  void badInputIsOneLineWithExitTwo() throws IOException {
    assertUsage(krt("compat"), "say what to look up");
    assertUsage(krt("compat", "--rustc", "1.85.0", "--distro", "debian-13"), "not several");
    assertUsage(krt("compat", "--rustc", "abc"), "--rustc: not a version: 'abc'");
    assertUsage(krt("compat", "--kernel", "6.99"), "unknown kernel release '6.99'");
    assertUsage(krt("compat", "--kernel", "6.99"), "6.9,");
    assertUsage(krt("compat", "--distro", "debian-14"), "closest: debian-13,");
    assertUsage(krt("compat", "--distro", "ubuntu-24.10"), "ubuntu-24.04");
    assertUsage(krt("compat", "--kernel", "/no/such/tree"), "no such file or directory");
    assertUsage(krt("compat", "--kernel", "v"), "neither a kernel release krt knows");
    assertUsage(krt("compat", "--distro", "ubuntu"), "did you mean ubuntu-22.04, ubuntu-24.04");
    assertUsage(krt("compat", "--distro", "trixie"), "did you mean debian-13");
    assertUsage(
        krt("compat", "--rustc", "1.85.0", "--date", "2026-11-24"), "--date goes with --kernel");
    assertUsage(krt("releases", "--date", "2026-13-01"), "not a date");
    assertUsage(krt("releases", "--date", "+999999-01-01"), "too far ahead");
    assertUsage(krt("compat", "--kernel", "6.12", "--date", "2200-01-01"), "too far ahead");
    assertUsage(
        krt("compat", "--bindgen", "0.71.1", "--patched-bindgen", "--arch", "x86 64"),
        "not a kernel ARCH");
    assertUsage(krt("compat", "--rustc", "1.85.0", "--arch", "armm64"), "closest: arm64");
    assertUsage(
        krt("kb", "scan", "--git", tmp.resolve("nothing").toString()), "no such git repository");
  }

  private static void assertUsage(RunKrt.Result r, String part) {
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stderr()).contains(part);
    assertThat(r.stderr().strip().split("\n")[0]).startsWith("krt: ");
    assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void kbScanOfARepositoryWithoutTags() throws Exception {
    Path repo = tmp.resolve("empty-repo");
    try (org.eclipse.jgit.api.Git git =
        org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
      // no commits, no tags
    }
    RunKrt.Result r = krt("kb", "scan", "--git", repo.toString());
    assertUsage(r, "no release tags");
  }
}
