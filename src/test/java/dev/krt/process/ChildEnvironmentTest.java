package dev.krt.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets in krt's environment never reach a child program. Spies stand in for rustc, bindgen and
 * make: each writes the environment it was given to a file, then runs the real program, so the
 * commands still do their real work.
 */
@Timeout(300)
class ChildEnvironmentTest {
  private static final String SECRET = "s3cr3t-value";

  @TempDir Path tmp;
  Path spies;
  Path dumps;
  Map<String, String> env;

  @BeforeEach
  void spies() throws IOException {
    spies = Files.createDirectories(tmp.resolve("spies"));
    dumps = Files.createDirectories(tmp.resolve("dumps"));
    env = new HashMap<>();
    env.put("PATH", spies + ":/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
    env.put("KRT_TOKEN", SECRET);
    // A store URL can carry a password; the secret here is in the file name.
    env.put("KRT_DB", "jdbc:sqlite:" + tmp.resolve("krt-" + SECRET + ".db"));
    env.put("AWS_SECRET_ACCESS_KEY", SECRET);
    env.put("GITHUB_TOKEN", SECRET);
    env.put("MAKEFLAGS", "-j99 O=/tmp/elsewhere");
    env.put("GNUMAKEFLAGS", "--eval=$(shell touch /tmp/pwned)");
    env.put("MAKEFILES", "/tmp/evil.mk");
    env.put("KBUILD_OUTPUT", "/tmp/elsewhere");
  }

  /** A program that appends its environment to a dump, then runs {@code real}. */
  private Path spy(String name, String real) throws IOException {
    Path p = spies.resolve(name);
    Files.writeString(
        p,
        "#!/bin/sh\nenv >> '"
            + dumps.resolve(name)
            + "'\necho ==== >> '"
            + dumps.resolve(name)
            + "'\nexec '"
            + real
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  /**
   * Every run of {@code program} saw none of krt's secrets or make settings. Under make, a program
   * sees make's own MAKEFLAGS (Kbuild's sub-makes need it), but never what krt's caller set.
   */
  private void assertNoSecretIn(String program) throws IOException {
    assertNoSecretIn(program, true);
  }

  private void assertNoSecretIn(String program, boolean krtRunsIt) throws IOException {
    Path dump = dumps.resolve(program);
    assertThat(dump).as(program + " was run").isRegularFile();
    String all = Files.readString(dump);
    for (String bad : List.of(SECRET, "KRT_", "-j99", "/tmp/elsewhere", "pwned", "evil.mk")) {
      assertThat(all).as("environment of " + program).doesNotContain(bad);
    }
    // The first run is krt's own child (later ones may be make's).
    String seen = all.substring(0, all.indexOf("===="));
    if (!krtRunsIt) {
      assertThat(seen).as("PATH still reaches " + program).contains("PATH=");
      return;
    }
    assertThat(seen).as("PATH still reaches " + program).contains("PATH=");
    assertThat(seen).as("environment of " + program).doesNotContain(SECRET);
    for (String name :
        List.of("KRT_TOKEN=", "KRT_DB=", "MAKEFLAGS=", "GNUMAKEFLAGS=", "MAKEFILES=")) {
      assertThat(seen.lines().filter(l -> l.startsWith(name)))
          .as(name + " in the environment of " + program)
          .isEmpty();
    }
    assertThat(seen.lines().filter(l -> l.startsWith("KBUILD_OUTPUT="))).isEmpty();
  }

  @Test
  void theAllowlistKeepsWhatToolchainsReadAndDropsTheRest() {
    Map<String, String> in = new HashMap<>();
    for (String k :
        List.of(
            "PATH",
            "HOME",
            "LC_ALL",
            "RUSTUP_TOOLCHAIN",
            "LIBCLANG_PATH",
            "BINDGEN_EXTRA_CLANG_ARGS_x86_64_unknown_linux_gnu",
            "KBUILD_BUILD_TIMESTAMP",
            "RUSTC_BOOTSTRAP")) {
      in.put(k, "kept");
    }
    for (String k :
        List.of(
            "KRT_TOKEN",
            "KRT_DB",
            "AWS_SECRET_ACCESS_KEY",
            "CARGO_REGISTRY_TOKEN",
            "MAKEFLAGS",
            "GNUMAKEFLAGS",
            "MAKEFILES",
            "O",
            "KBUILD_OUTPUT",
            "SSH_AUTH_SOCK")) {
      in.put(k, "dropped");
    }
    assertThat(ChildEnvironment.inherited(in)).doesNotContainValue("dropped").hasSize(8);
    assertThat(ChildEnvironment.forChild(Map.of("KRT_X", "1", "O", "/x", "FOO", "declared")))
        .containsOnlyKeys("FOO");
  }

  @Test
  void krtCheckGivesRustcAndBindgenNoSecret() throws IOException {
    Path rustc = spy("rustc", Zoo.bin("rustc-web-1.85", "rustc"));
    Path bindgen = spy("bindgen", Zoo.bin("bindgen-0.71.1-lc19", "bindgen"));
    RunKrt.Result r =
        RunKrt.run(
            env,
            tmp,
            "check",
            "--kernel",
            Zoo.kernel("6.12").toString(),
            "--rustc",
            rustc.toString(),
            "--bindgen",
            bindgen.toString(),
            "--cc",
            "clang-19");
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    assertNoSecretIn("rustc");
    assertNoSecretIn("bindgen");
  }

  @Test
  void theDropInGivesTheKernelsProgramsNoSecret() throws IOException {
    Path rustc = spy("rustc", Zoo.bin("rustc-web-1.85", "rustc"));
    Path bindgen = spy("bindgen", Zoo.bin("bindgen-0.71.1-lc19", "bindgen"));
    Map<String, String> kbuild = new HashMap<>(env);
    kbuild.put("RUSTC", rustc.toString());
    kbuild.put("BINDGEN", bindgen.toString());
    kbuild.put("CC", "clang-19");
    RunKrt.Result r = RunKrt.run(kbuild, Zoo.kernel("6.12"), "rust-is-available");
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    assertNoSecretIn("rustc");
    assertNoSecretIn("bindgen");
  }

  /**
   * A matrix step's make, and the rustc the kernel's Makefile runs, get neither krt's secrets nor
   * make flags that the toolchain's {@code env:} tries to bring back; what it declares otherwise
   * reaches them.
   */
  @Test
  void aMatrixStepsMakeAndRustcGetNoSecret() throws IOException {
    spy("make", "/usr/bin/make");
    Path rustc = spy("rustc", Zoo.bin("rustc-web-1.85", "rustc"));
    Path bindgen = spy("bindgen", Zoo.bin("bindgen-0.71.1-lc19", "bindgen"));
    Path m = tmp.resolve("m.yaml");
    Files.writeString(
        m,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains:
          - name: spy
            rustc: %s
            bindgen: %s
            llvm: "-19"
            env: {MAKEFLAGS: "-j99", O: /tmp/elsewhere, KRT_TOKEN: %s, DECLARED_BY_TOOLCHAIN: yes}
        configs: [defconfig]
        steps: [rustavailable]
        """
            .formatted(Zoo.kernel("6.12"), rustc, bindgen, SECRET));
    RunKrt.Result r = RunKrt.run(env, tmp, "matrix", "run", m.toString());
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isIn(0, 1);
    assertNoSecretIn("make", false);
    assertNoSecretIn("rustc", false);
    assertThat(Files.readString(dumps.resolve("make"))).contains("DECLARED_BY_TOOLCHAIN=yes");
    try (Stream<Path> s = Files.list(dumps)) {
      assertThat(s.map(p -> p.getFileName().toString())).contains("make", "rustc");
    }
  }
}
