package dev.krt.toolchain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ToolchainDiscoveryTest {
  @TempDir Path tmp;

  private Path exe(Path p) throws IOException {
    Files.createDirectories(p.getParent());
    Files.writeString(p, "#!/bin/sh\necho fake\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  @Test
  void makeDefaultFollowsKbuildDefaults() {
    ToolchainDiscovery d = new ToolchainDiscovery(Map.of("PATH", "/nonexistent"), tmp, tmp);
    Toolchain t = d.makeDefault();
    assertThat(t.rustc()).isEqualTo("rustc");
    assertThat(t.bindgen()).isEqualTo("bindgen");
    assertThat(t.cc()).isEqualTo("gcc");
    assertThat(t.origin()).isEqualTo("path");
  }

  @Test
  void llvmVariableSelectsClangLikeMake() {
    assertThat(new ToolchainDiscovery(Map.of("LLVM", "1"), tmp, tmp).defaultCc())
        .isEqualTo("clang");
    assertThat(new ToolchainDiscovery(Map.of("LLVM", "-19"), tmp, tmp).defaultCc())
        .isEqualTo("clang-19");
    assertThat(new ToolchainDiscovery(Map.of("LLVM", "/opt/llvm/bin/"), tmp, tmp).defaultCc())
        .isEqualTo("/opt/llvm/bin/clang");
    assertThat(
            new ToolchainDiscovery(Map.of("CROSS_COMPILE", "aarch64-linux-gnu-"), tmp, tmp)
                .makefileCc())
        .isEqualTo("aarch64-linux-gnu-gcc");
    // An exported CC does not change make's CC (the Makefile assigns it); make CC=... does.
    ToolchainDiscovery withCc =
        new ToolchainDiscovery(Map.of("LLVM", "1", "CC", "ccache clang"), tmp, tmp);
    assertThat(withCc.makefileCc()).isEqualTo("clang");
    assertThat(withCc.makeDefault().cc()).isEqualTo("clang");
    assertThat(withCc.fromEnvironment().get().cc()).isEqualTo("ccache clang");
  }

  @Test
  void exportedVariablesMakeAnEnvToolchain() {
    ToolchainDiscovery d =
        new ToolchainDiscovery(
            Map.of(
                "RUSTC",
                "/opt/r/rustc",
                "BINDGEN",
                "/opt/b",
                "RUST_LIB_SRC",
                "/src/library",
                "KRUSTFLAGS",
                "--sysroot=/x"),
            tmp,
            tmp);
    assertThat(d.makeDefault().rustc()).isEqualTo("rustc");
    assertThat(d.makeDefault().rustLibSrc()).contains("/src/library");
    Toolchain t = d.fromEnvironment().orElseThrow();
    assertThat(t.name()).isEqualTo("env");
    assertThat(t.origin()).isEqualTo("env");
    assertThat(t.rustc()).isEqualTo("/opt/r/rustc");
    assertThat(t.bindgen()).isEqualTo("/opt/b");
    assertThat(t.rustLibSrc()).contains("/src/library");
    assertThat(t.krustflags()).contains("--sysroot=/x");
  }

  @Test
  void findsRustupToolchains() throws IOException {
    Path home = tmp.resolve("rustup");
    exe(home.resolve("toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc"));
    exe(home.resolve("toolchains/stable-x86_64-unknown-linux-gnu/bin/rustdoc"));
    exe(home.resolve("toolchains/nightly-2026-05-19-x86_64-unknown-linux-gnu/bin/rustc"));
    Files.createDirectories(home.resolve("toolchains/broken-x86_64-unknown-linux-gnu/bin"));
    ToolchainDiscovery d =
        new ToolchainDiscovery(
            Map.of("RUSTUP_HOME", home.toString(), "PATH", "/nonexistent"), tmp, tmp);
    List<Toolchain> ts = d.rustup();
    assertThat(ts)
        .extracting(Toolchain::name)
        .containsExactly("rustup:nightly-2026-05-19", "rustup:stable");
    Toolchain stable = ts.get(1);
    assertThat(stable.rustdoc())
        .hasValueSatisfying(
            p -> assertThat(p).endsWith("stable-x86_64-unknown-linux-gnu/bin/rustdoc"));
    assertThat(stable.rustfmt()).isEmpty();
  }

  @Test
  void findsUbuntuVersionedPackages() throws IOException {
    exe(tmp.resolve("usr/bin/rustc-1.80"));
    exe(tmp.resolve("usr/bin/rustc-1.85"));
    exe(tmp.resolve("usr/bin/rustdoc-1.85"));
    exe(tmp.resolve("usr/lib/rust-1.85/bin/rustfmt"));
    exe(tmp.resolve("usr/bin/bindgen-0.65"));
    exe(tmp.resolve("usr/bin/bindgen-0.71"));
    ToolchainDiscovery d = new ToolchainDiscovery(Map.of("PATH", "/nonexistent"), tmp, tmp);
    Map<String, Toolchain> byName =
        d.distro().stream().collect(Collectors.toMap(Toolchain::name, t -> t));
    assertThat(byName).containsOnlyKeys("distro:rustc-1.80", "distro:rustc-1.85");
    Toolchain t = byName.get("distro:rustc-1.85");
    assertThat(t.rustc()).endsWith("usr/bin/rustc-1.85");
    assertThat(t.rustdoc()).hasValueSatisfying(p -> assertThat(p).endsWith("usr/bin/rustdoc-1.85"));
    assertThat(t.rustfmt())
        .hasValueSatisfying(p -> assertThat(p).endsWith("usr/lib/rust-1.85/bin/rustfmt"));
    assertThat(t.bindgen()).endsWith("usr/bin/bindgen-0.71");
  }

  @Test
  void findsDebianRustcButNotARustupProxy() throws IOException {
    exe(tmp.resolve("usr/bin/rustc"));
    ToolchainDiscovery d = new ToolchainDiscovery(Map.of("PATH", "/nonexistent"), tmp, tmp);
    assertThat(d.distro()).extracting(Toolchain::name).containsExactly("distro:rustc");
    Path cargo = tmp.resolve("cargo");
    Path rustup = exe(cargo.resolve("bin/rustup"));
    Files.delete(tmp.resolve("usr/bin/rustc"));
    Files.createLink(tmp.resolve("usr/bin/rustc"), rustup);
    d =
        new ToolchainDiscovery(
            Map.of("PATH", "/nonexistent", "CARGO_HOME", cargo.toString()), tmp, tmp);
    assertThat(d.distro()).isEmpty();
  }

  @Test
  void configuredToolchainsOverrideAndDuplicatesCollapse() throws IOException {
    Path rustc = exe(tmp.resolve("bin/rustc"));
    Map<String, String> env = Map.of("PATH", tmp.resolve("bin").toString());
    ToolchainDiscovery d = new ToolchainDiscovery(env, tmp, tmp);
    Toolchain same = d.makeDefault().withName("mine");
    Toolchain other =
        new Toolchain(
            "other",
            "config",
            rustc.toString(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            "bindgen",
            "clang-19",
            java.util.Optional.empty(),
            java.util.Optional.empty(),
            Map.of(),
            "x");
    List<Toolchain> all = d.discoverAll(List.of(same, other));
    // "mine" is the default under another name; "other" differs by CC.
    assertThat(all).extracting(Toolchain::name).containsExactly("default", "other");
  }
}
