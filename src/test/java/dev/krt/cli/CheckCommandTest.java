package dev.krt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.kernel.CheckerEra;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code krt check} end to end, in-process, on the real zoo toolchains and Debian's kernels. */
class CheckCommandTest {
  @TempDir Path tmp;
  private CliHarness cli;
  private Map<String, String> env;

  @BeforeEach
  void env() throws IOException {
    cli = new CliHarness(tmp);
    env = cli.env;
  }

  private RunKrt.Result krt(String... args) throws IOException {
    return cli.run(args);
  }

  private static JsonNode json(RunKrt.Result r) throws IOException {
    return CliHarness.json(r);
  }

  @Test
  void availableToolchainExitsZeroWithSchema() throws IOException {
    Zoo.require();
    RunKrt.Result r =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--rustc",
            Zoo.bin("rustc-web-1.96", "rustc"),
            "--bindgen",
            Zoo.bin("bindgen-0.72.1-lc22", "bindgen"),
            "--cc",
            "clang-22",
            "--format",
            "json");
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    JsonNode j = json(r);
    assertThat(j.get("schema").asText()).isEqualTo("krt.check/2");
    // Debian moves the tree and the tools: expectations come from the parts themselves.
    assertThat(j.at("/kernel/version").asText()).isEqualTo(Zoo.kernelVersion("6.12"));
    assertThat(j.at("/kernel/era/name").asText())
        .isEqualTo(
            CheckerEra.fromScript(
                    Files.readString(
                        Zoo.kernel("6.12").resolve("scripts/rust_is_available.sh"),
                        StandardCharsets.ISO_8859_1))
                .name());
    assertThat(j.at("/kernel/policy/rustc").asText())
        .isEqualTo(Zoo.minToolVersion("6.12", "rustc", "x86_64", "x86"));
    JsonNode t = j.at("/toolchains/0");
    assertThat(t.get("verdict").asText()).isEqualTo("available");
    assertThat(t.get("kernel_exit_code").asInt()).isZero();
    assertThat(t.at("/found/rustc/version").asText()).isEqualTo(Zoo.rustcVersion("rustc-web-1.96"));
    assertThat(t.at("/found/rustc/llvm").asText()).isEqualTo(Zoo.rustcLlvm("rustc-web-1.96"));
    assertThat(t.at("/found/libclang").asText()).isEqualTo(Zoo.libclangOf("bindgen-0.72.1-lc22"));
    assertThat(t.at("/found/cc").asText()).isEqualTo("Clang " + Zoo.ccVersion("clang-22"));
    assertThat(t.at("/found/core_source/found").asBoolean()).isTrue();
    assertThat(j.at("/summary/ok").asBoolean()).isTrue();
  }

  @Test
  void everyZooToolchainGetsTheKernelsVerdict() throws IOException {
    Path zoo = Zoo.require();
    RunKrt.Result r =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--all",
            "--toolchains",
            zoo.resolve("toolchains.toml").toString(),
            "--format",
            "json");
    assertThat(r.exitCode()).isEqualTo(1);
    Map<String, String> verdicts = new LinkedHashMap<>();
    for (JsonNode t : json(r).get("toolchains")) {
      verdicts.put(t.get("name").asText(), t.get("verdict").asText());
    }
    assertThat(verdicts)
        .containsEntry("rustc-1.48", "not_available")
        .containsEntry("rustc-1.63", "not_available")
        .containsEntry("rustc-web-1.78", "available")
        .containsEntry("rustc-web-1.85", "available")
        .containsEntry("rustc-1.85.1", "available")
        .containsEntry("rustc-web-1.96", "available")
        .containsEntry("rustup-stable", "available")
        .containsEntry("rustup-nightly", "available");
    // 6.1 pins 1.62.0: every real toolchain passes with "too new" warnings or fails as too old.
    RunKrt.Result r61 =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.1").toString(),
            "--toolchain",
            "rustc-1.63",
            "--toolchains",
            zoo.resolve("toolchains.toml").toString(),
            "--format",
            "json");
    JsonNode t = json(r61).at("/toolchains/0");
    assertThat(t.get("verdict").asText()).isEqualTo("available_with_warnings");
    assertThat(t.get("findings").findValuesAsText("id"))
        .contains("rustc-too-new", "bindgen-too-new");
  }

  @Test
  void secondRunIsServedFromTheProbeCache() throws IOException {
    Zoo.require();
    String[] args = {
      "check",
      "--kernel",
      Zoo.kernel("6.12").toString(),
      "--rustc",
      Zoo.bin("rustc-web-1.85", "rustc"),
      "--bindgen",
      Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
      "--cc",
      "clang-19",
      "--format",
      "json"
    };
    JsonNode first = json(krt(args));
    JsonNode second = json(krt(args));
    assertThat(first.at("/probes/run").asInt()).isPositive();
    assertThat(second.at("/probes/run").asInt()).isZero();
    assertThat(second.at("/toolchains/0/findings")).isEqualTo(first.at("/toolchains/0/findings"));
    assertThat(second.at("/toolchains/0/kernel_stderr"))
        .isEqualTo(first.at("/toolchains/0/kernel_stderr"));
  }

  @Test
  void missingRustSrcGetsAMatchingLibraryAsAdvice() throws IOException {
    Zoo.require();
    RunKrt.Result r =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--rustc",
            Zoo.bin("rustup-stable", "rustc"),
            "--bindgen",
            Zoo.bin("bindgen-0.72.1-lc22", "bindgen"),
            "--cc",
            "clang-22",
            "--format",
            "json");
    assertThat(r.exitCode()).isEqualTo(1);
    JsonNode f = json(r).at("/toolchains/0/findings/0");
    assertThat(f.get("id").asText()).isEqualTo("rust-src-missing");
    assertThat(f.get("origin").asText()).isEqualTo("kernel");
    assertThat(f.get("message").toString())
        .contains("Source code for the 'core' standard library could not be found");
  }

  @Test
  void textOutputNamesVerdictAndFix() throws IOException {
    Zoo.require();
    RunKrt.Result r =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--rustc",
            Zoo.bin("rustc-1.63", "rustc"),
            "--bindgen",
            Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
            "--cc",
            "clang-19");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout())
        .contains("NOT AVAILABLE")
        .contains("error [rustc-too-old]")
        .contains("Your version: 1.63.0")
        .contains("fix: ");
    assertThat(r.stderr()).isEmpty();
  }

  @Test
  void tarballGivesTheSameVerdictAsTheTree() throws IOException {
    Zoo.require();
    Path tarball = Zoo.tarball("6.12");
    String[] tc = {
      "--rustc",
      Zoo.bin("rustc-web-1.96", "rustc"),
      "--bindgen",
      Zoo.bin("bindgen-0.71.1-lc22", "bindgen"),
      "--cc",
      "clang-22",
      "--format",
      "json"
    };
    JsonNode fromTree =
        json(krt(concat(new String[] {"check", "--kernel", Zoo.kernel("6.12").toString()}, tc)));
    JsonNode fromTarball =
        json(krt(concat(new String[] {"check", "--kernel", tarball.toString()}, tc)));
    assertThat(fromTarball.at("/kernel/era")).isEqualTo(fromTree.at("/kernel/era"));
    assertThat(fromTarball.at("/toolchains/0/verdict"))
        .isEqualTo(fromTree.at("/toolchains/0/verdict"));
    assertThat(fromTarball.at("/toolchains/0/findings").findValuesAsText("id"))
        .isEqualTo(fromTree.at("/toolchains/0/findings").findValuesAsText("id"));
    assertThat(fromTarball.at("/toolchains/0/findings").findValuesAsText("id"))
        .contains("bindgen-libclang-22-bug");
  }

  private static String[] concat(String[] a, String[] b) {
    return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
  }

  @Test
  void withoutKernelUsesTheNewestBuiltinPolicyAndSaysSo() throws IOException {
    RunKrt.Result r = krt("check", "--rustc", "/nonexistent/rustc", "--format", "json");
    JsonNode j = json(r);
    assertThat(j.at("/kernel/builtin").asBoolean()).isTrue();
    assertThat(j.at("/kernel/version").asText()).isEqualTo("7.1");
    assertThat(j.at("/kernel/chosen_because").asText()).contains("built-in policy of Linux 7.1");
    assertThat(j.at("/toolchains/0/findings/0/id").asText()).isEqualTo("rustc-not-found");
    assertThat(r.exitCode()).isEqualTo(1);
  }

  @Test
  void currentDirectoryKernelTreeIsUsed() throws IOException {
    Zoo.require();
    RunKrt.Result r =
        RunKrt.run(
            env, Zoo.kernel("6.1"), "check", "--rustc", "/nonexistent/rustc", "--format", "json");
    assertThat(json(r).at("/kernel/version").asText()).isEqualTo(Zoo.kernelVersion("6.1"));
    assertThat(json(r).at("/kernel/chosen_because").asText()).isEqualTo("the current directory");
  }

  // ---- bad input: one line on stderr, exit 2, no stack trace ----

  private void badInput(RunKrt.Result r, String fragment) {
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stdout()).isEmpty();
    assertThat(r.stderr()).contains(fragment).doesNotContain("Exception").doesNotContain("\tat ");
    assertThat(r.stderr().strip().lines().count()).isLessThanOrEqualTo(2);
  }

  @Test
  void nonexistentKernel() throws IOException {
    badInput(krt("check", "--kernel", tmp.resolve("nope").toString()), "no such file or directory");
  }

  @Test
  void directoryThatIsNotAKernel() throws IOException {
    badInput(krt("check", "--kernel", tmp.toString()), "not a kernel tree");
  }

  @Test
  void corruptTarball() throws IOException {
    Path bad = tmp.resolve("linux.tar.xz");
    Files.write(bad, new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0, 1, 2, 3, 4, 5, 6, 7, 8});
    badInput(krt("check", "--kernel", bad.toString()), "linux.tar.xz");
    Path junk = tmp.resolve("junk.tar.xz");
    Files.writeString(junk, "this is not a tarball at all");
    badInput(krt("check", "--kernel", junk.toString()), "not an xz, gzip or tar file");
  }

  @Test
  void truncatedTarball() throws IOException {
    Zoo.require();
    Path t = tmp.resolve("truncated.tar.xz");
    try (var in = Files.newInputStream(Zoo.tarball("6.12"));
        var out = Files.newOutputStream(t)) {
      out.write(in.readNBytes(5 << 20));
    }
    badInput(krt("check", "--kernel", t.toString()), "truncated.tar.xz");
  }

  @Test
  void unknownGitRef() throws Exception {
    Path repo = tmp.resolve("repo");
    try (org.eclipse.jgit.api.Git g =
        org.eclipse.jgit.api.Git.init().setDirectory(repo.toFile()).call()) {
      Files.writeString(repo.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n");
      g.add().addFilepattern(".").call();
      g.commit()
          .setMessage("m")
          .setAuthor("t", "t@example.org")
          .setCommitter("t", "t@example.org")
          .setSign(false)
          .call();
    }
    badInput(krt("check", "--kernel", repo + "@v9.99"), "unknown git ref 'v9.99'");
  }

  @Test
  void unknownToolchainSuggestsTheClosest() throws IOException {
    Path zoo = Zoo.require();
    badInput(
        krt(
            "check",
            "--toolchains",
            zoo.resolve("toolchains.toml").toString(),
            "--toolchain",
            "rustc-web-196"),
        "did you mean 'rustc-web-1.96'");
  }

  @Test
  void conflictingSelections() throws IOException {
    badInput(krt("check", "--all", "--rustc", "rustc"), "choose one of");
    badInput(krt("check", "--probe-timeout", "0"), "--probe-timeout");
    badInput(krt("check", "--format", "yaml"), "--format");
    badInput(krt("check", "--arch", "x86 64"), "not a kernel ARCH");
  }

  @Test
  void kernelWithoutRustSupport() throws IOException {
    Path k = Files.createDirectories(tmp.resolve("linux-5.15/scripts"));
    Files.writeString(
        k.getParent().resolve("Makefile"),
        "VERSION = 5\nPATCHLEVEL = 15\nSUBLEVEL = 0\nEXTRAVERSION =\n");
    Files.writeString(
        k.resolve("min-tool-version.sh"),
        "#!/bin/sh\ncase \"$1\" in\ngcc) echo 5.1.0 ;;\n*) echo \"$1: unknown tool\" >&2; exit 1 ;;\nesac\n");
    RunKrt.Result r = krt("check", "--kernel", k.getParent().toString());
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stdout()).contains("no Rust support");
  }

  @Test
  void hangingToolIsReportedAsSuch() throws IOException {
    Zoo.require();
    Path rustc = tmp.resolve("hang/rustc");
    Files.createDirectories(rustc.getParent());
    Files.writeString(rustc, "#!/bin/sh\nexec sleep 600\n");
    rustc.toFile().setExecutable(true);
    long t0 = System.nanoTime();
    RunKrt.Result r =
        krt(
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--rustc",
            rustc.toString(),
            "--bindgen",
            Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
            "--probe-timeout",
            "2",
            "--format",
            "json");
    assertThat((System.nanoTime() - t0) / 1e9).isLessThan(60);
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(json(r).at("/toolchains/0/findings").findValuesAsText("id"))
        .contains("rustc-timeout");
  }

  @Test
  void writesNothingOutsideItsCache() throws IOException {
    Zoo.require();
    Path cwd = Files.createDirectories(tmp.resolve("cwd"));
    krt(
        "check",
        "--kernel",
        Zoo.tarball("6.1").toString(),
        "--rustc",
        Zoo.bin("rustc-1.63", "rustc"));
    try (Stream<Path> s = Files.list(cwd)) {
      assertThat(s).isEmpty();
    }
    try (Stream<Path> s = Files.list(tmp.resolve("home"))) {
      assertThat(s).isEmpty();
    }
    assertThat(tmp.resolve("cache/krt")).isDirectory();
  }

  @Test
  void worksWithoutHome() throws IOException {
    Map<String, String> bare = new HashMap<>();
    bare.put("PATH", "/usr/bin:/bin");
    RunKrt.Result r =
        RunKrt.run(bare, tmp, "check", "--rustc", "/nonexistent/rustc", "--format", "json");
    assertThat(r.exitCode()).isEqualTo(1);
    assertThat(r.stderr()).isEmpty();
  }
}
