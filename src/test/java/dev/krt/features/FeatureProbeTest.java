package dev.krt.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.process.ProcessRunner;
import dev.krt.testing.RealProcess;
import dev.krt.testing.Zoo;
import dev.krt.toolchain.Toolchain;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * The feature probe on real compilers: one run for all features must say what one run per feature
 * says (the line mapping is sound), and what these compilers are known to say.
 */
class FeatureProbeTest {
  @TempDir Path tmp;

  /** The 6.12 tree's features plus controls for every diagnostic kind. */
  static final List<String> FEATURES =
      List.of(
          "arbitrary_self_types",
          "coerce_unsized",
          "compiler_builtins",
          "inline_const",
          "lint_reasons",
          "used_with_arg",
          "asm_goto",
          "box_syntax",
          "generic_const_exprs",
          "receiver_trait",
          "new_uninit",
          "proc_macro_span",
          "derive_smart_pointer",
          "zzz_no_such_feature");

  static final List<String> ZOO =
      List.of("rustc-1.63", "rustc-web-1.85", "rustup-stable", "rustc-web-1.96", "rustup-nightly");

  private FeatureProbe probe(Duration timeout) {
    return new FeatureProbe(
        new ProcessRunner(),
        Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()),
        tmp,
        tmp.resolve("out"),
        timeout);
  }

  static Toolchain zoo(String id) {
    return new Toolchain(
        id,
        "config",
        Zoo.bin(id, "rustc"),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "bindgen",
        "clang",
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        id);
  }

  @TestFactory
  Stream<DynamicTest> oneRunSaysWhatOneRunPerFeatureSays() {
    Zoo.require();
    List<DynamicTest> tests = new ArrayList<>();
    for (String id : ZOO) {
      tests.add(
          DynamicTest.dynamicTest(
              id,
              () -> {
                ToolchainFeatures all = probe(Duration.ofSeconds(120)).probe(zoo(id), FEATURES);
                assertThat(all.problems()).as(id).isEmpty();
                for (String f : FEATURES) {
                  FeatureStatus alone =
                      probe(Duration.ofSeconds(120)).probe(zoo(id), List.of(f)).features().get(f);
                  assertThat(all.features().get(f)).as(id + " " + f).isEqualTo(alone);
                }
              }));
    }
    return tests.stream();
  }

  /**
   * The 6.1 tree (with its vendored alloc: about 70 features) on the toolchain nearest its pinned
   * 1.62.
   */
  @Test
  void the61TreesFeaturesOnRustc163() throws Exception {
    List<String> names;
    try (dev.krt.kernel.source.KernelSource s =
        new dev.krt.kernel.source.DirectorySource(Zoo.kernel("6.1"))) {
      names = FeatureScanner.scan(s).featureNames();
    }
    assertThat(names).hasSizeGreaterThan(50).contains("core_ffi_c", "allocator_api", "box_syntax");
    ToolchainFeatures all = probe(Duration.ofSeconds(120)).probe(zoo("rustc-1.63"), names);
    assertThat(all.problems()).isEmpty();
    for (String f : names) {
      FeatureStatus alone =
          probe(Duration.ofSeconds(120)).probe(zoo("rustc-1.63"), List.of(f)).features().get(f);
      assertThat(all.features().get(f)).as(f).isEqualTo(alone);
    }
    assertThat(kind(all, "core_ffi_c"))
        .isEqualTo(FeatureStatus.Kind.UNSTABLE); // stable only from 1.64.0
  }

  /**
   * Every cell of the 6.12 tree's matrix on seven zoo compilers against an oracle that shares no
   * code with krt: one rustc run per feature, judged by the raw diagnostic code on stderr.
   */
  @Test
  void every612CellIsWhatTheCompilerSaysByItself() throws Exception {
    Zoo.require();
    List<String> names;
    try (dev.krt.kernel.source.KernelSource s =
        new dev.krt.kernel.source.DirectorySource(Zoo.kernel("6.12"))) {
      names = FeatureScanner.scan(s).featureNames();
    }
    for (String id :
        List.of(
            "rustc-1.63",
            "rustc-web-1.78",
            "rustc-web-1.85",
            "rustc-1.85.1",
            "rustup-stable",
            "rustc-web-1.96",
            "rustup-nightly")) {
      ToolchainFeatures all = probe(Duration.ofSeconds(120)).probe(zoo(id), names);
      for (String f : names) {
        Path src = Files.writeString(tmp.resolve("one.rs"), "#![feature(" + f + ")]\n");
        RealProcess.Result r =
            RealProcess.run(
                List.of(
                    Zoo.bin(id, "rustc"),
                    "--crate-type",
                    "lib",
                    "--emit=metadata",
                    "--error-format=json",
                    "--out-dir",
                    Files.createTempDirectory(tmp, "o").toString(),
                    src.toString()),
                Map.of("PATH", "/usr/bin:/bin", "RUSTC_BOOTSTRAP", "1", "HOME", tmp.toString()),
                null,
                tmp,
                Duration.ofSeconds(120));
        String e = r.err();
        String oracle =
            e.contains("\"code\":\"stable_features\"")
                ? "stable"
                : e.contains("\"code\":\"E0557\"")
                    ? "removed"
                    : e.contains("\"code\":\"E0635\"")
                        ? "unknown"
                        : e.contains("\"code\":\"incomplete_features\"")
                            ? "incomplete"
                            : e.contains("\"code\":\"internal_features\"")
                                ? "internal"
                                : "unstable";
        assertThat(all.features().get(f).kind().label())
            .as(id + " " + f + ": " + e)
            .isEqualTo(oracle);
      }
    }
  }

  @Test
  void partialStabilisationNamesTheSuccessor() throws Exception {
    Zoo.require();
    FeatureStatus s =
        probe(Duration.ofSeconds(120))
            .probe(zoo("rustc-web-1.85"), List.of("const_btree_new"))
            .features()
            .get("const_btree_new");
    assertThat(s.kind()).isEqualTo(FeatureStatus.Kind.STABLE);
    assertThat(s.since()).contains("1.66.0");
    assertThat(s.successor()).contains("const_btree_len");
    assertThat(s.cell()).isEqualTo("partial 1.66.0, now const_btree_len");
  }

  private static FeatureStatus.Kind kind(ToolchainFeatures t, String f) {
    return t.features().get(f).kind();
  }

  @Test
  void whatTheseCompilersSay() throws Exception {
    Zoo.require();
    ToolchainFeatures r163 = probe(Duration.ofSeconds(120)).probe(zoo("rustc-1.63"), FEATURES);
    ToolchainFeatures r185 = probe(Duration.ofSeconds(120)).probe(zoo("rustc-web-1.85"), FEATURES);
    ToolchainFeatures rStable =
        probe(Duration.ofSeconds(120)).probe(zoo("rustup-stable"), FEATURES);
    assertThat(r185.version()).contains(Zoo.rustcVersion("rustc-web-1.85"));
    assertThat(r185.features().get("inline_const").since()).contains("1.79.0");
    assertThat(r185.features().get("lint_reasons").cell()).isEqualTo("stable 1.81.0");
    assertThat(kind(r185, "arbitrary_self_types")).isEqualTo(FeatureStatus.Kind.UNSTABLE);
    assertThat(kind(r185, "generic_const_exprs")).isEqualTo(FeatureStatus.Kind.INCOMPLETE);
    assertThat(kind(r185, "compiler_builtins")).isEqualTo(FeatureStatus.Kind.INTERNAL);
    assertThat(kind(r185, "box_syntax")).isEqualTo(FeatureStatus.Kind.REMOVED);
    assertThat(kind(r185, "receiver_trait"))
        .isEqualTo(FeatureStatus.Kind.UNKNOWN); // renamed legacy_receiver_trait
    assertThat(kind(r185, "zzz_no_such_feature")).isEqualTo(FeatureStatus.Kind.UNKNOWN);
    assertThat(kind(r185, "asm_goto")).isEqualTo(FeatureStatus.Kind.UNSTABLE);
    // 1.63: no internal_features lint yet, asm_goto not yet added.
    assertThat(kind(r163, "compiler_builtins")).isEqualTo(FeatureStatus.Kind.UNSTABLE);
    assertThat(kind(r163, "asm_goto")).isEqualTo(FeatureStatus.Kind.UNKNOWN);
    assertThat(kind(r163, "receiver_trait")).isEqualTo(FeatureStatus.Kind.UNSTABLE);
    // rustup's stable (whatever this machine has, 1.87 or later) names the release a feature was
    // removed in.
    assertThat(rStable.features().get("asm_goto").since()).contains("1.87.0");
    assertThat(rStable.features().get("box_syntax").cell()).isEqualTo("removed 1.70.0");
    assertThat(rStable.features().get("box_syntax").note().orElse("")).contains("rustc_box");
  }

  @Test
  void zFlagsAsTheCompilerHasThem() throws Exception {
    Zoo.require();
    ToolchainFeatures r185 = probe(Duration.ofSeconds(120)).probe(zoo("rustc-web-1.85"), List.of());
    ToolchainFeatures rStable =
        probe(Duration.ofSeconds(120)).probe(zoo("rustup-stable"), List.of());
    ToolchainFeatures r163 = probe(Duration.ofSeconds(120)).probe(zoo("rustc-1.63"), List.of());
    assertThat(r185.zflags().get())
        .contains("no-jump-tables", "fixed-x18", "crate-attr", "binary-dep-depinfo");
    assertThat(rStable.zflags().get()).doesNotContain("no-jump-tables").contains("fixed-x18");
    assertThat(r163.zflags().get()).doesNotContain("fixed-x18").contains("crate-attr");
    // The oracle: the compiler itself refusing the flag.
    Path nocore =
        Files.writeString(tmp.resolve("nocore.rs"), "#![feature(no_core)]\n#![no_core]\n");
    for (String id : List.of("rustc-web-1.85", "rustup-stable")) {
      RealProcess.Result r =
          RealProcess.run(
              List.of(
                  Zoo.bin(id, "rustc"),
                  "--crate-type",
                  "lib",
                  "--emit=metadata",
                  "--out-dir",
                  Files.createTempDirectory(tmp, "o").toString(),
                  "-Zno-jump-tables",
                  "--target",
                  "x86_64-unknown-none",
                  nocore.toString()),
              Map.of("PATH", "/usr/bin:/bin", "RUSTC_BOOTSTRAP", "1", "HOME", tmp.toString()),
              null,
              tmp,
              Duration.ofSeconds(120));
      boolean listed =
          (id.equals("rustup-stable") ? rStable : r185).zflags().get().contains("no-jump-tables");
      assertThat(r.err().contains("unknown unstable option"))
          .as(id + ": " + r.err())
          .isEqualTo(!listed);
    }
  }

  private Path fake(String body) throws Exception {
    Path p = tmp.resolve("fake-" + Math.abs(body.hashCode()));
    Files.writeString(p, "#!/bin/sh\n" + body + "\n", StandardCharsets.UTF_8);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }

  private static Toolchain program(Path p) {
    return new Toolchain(
        "fake",
        "explicit",
        p.toString(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        "bindgen",
        "cc",
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        "fake");
  }

  private void neverAClaim(ToolchainFeatures t, String problemPart) {
    assertThat(t.problems()).as(t.problems().toString()).anyMatch(p -> p.contains(problemPart));
    assertThat(t.features().values()).allMatch(s -> s.kind() == FeatureStatus.Kind.INCONCLUSIVE);
  }

  @Test
  void aCrashingHangingOrBabblingCompilerNeverYieldsAStatus() throws Exception {
    List<String> f = List.of("inline_const", "arbitrary_self_types");
    neverAClaim(probe(Duration.ofSeconds(60)).probe(program(fake("kill -SEGV $$")), f), "signal");
    neverAClaim(
        probe(Duration.ofSeconds(2)).probe(program(fake("exec sleep 30")), f), "did not finish");
    neverAClaim(
        probe(Duration.ofSeconds(60))
            .probe(program(fake("echo 'thread main panicked: not JSON' >&2; exit 101")), f),
        "exit 101");
    // JSON that stays silent about the sentinel: silence cannot be read as "unstable".
    String quiet =
        "echo '{\"message\":\"the feature `inline_const` has been stable since 1.79.0\",\"code\":{\"code\":\"stable_features\"},\"level\":\"warning\",\"spans\":[{\"line_start\":1,\"is_primary\":true}]}' >&2; exit 0";
    // A run that fails its own sentinel check proves nothing, not even what it printed.
    neverAClaim(probe(Duration.ofSeconds(60)).probe(program(fake(quiet)), f), "sentinel");
    // Output beyond krt's cap is cut off: no answer from a partial reading.
    neverAClaim(
        probe(Duration.ofSeconds(60))
            .probe(program(fake("head -c 6000000 /dev/zero | tr '\\0' 'x' >&2; exit 1")), f),
        "more than krt reads");
    ToolchainFeatures missing =
        probe(Duration.ofSeconds(60)).probe(program(tmp.resolve("no-such-rustc")), f);
    neverAClaim(missing, "not found");
  }
}
