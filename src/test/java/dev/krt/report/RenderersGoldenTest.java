package dev.krt.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.app.DistroAnswers;
import dev.krt.app.FeatureScan;
import dev.krt.app.KernelHistory;
import dev.krt.app.ResolvedKernel;
import dev.krt.check.CheckReport;
import dev.krt.check.Finding;
import dev.krt.check.FindingId;
import dev.krt.check.Severity;
import dev.krt.check.ToolchainCheck;
import dev.krt.check.ToolchainFacts;
import dev.krt.check.Verdict;
import dev.krt.features.FeatureStatus;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.SourceLocation;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.Distro;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.Distros;
import dev.krt.knowledge.HypotheticalToolchain;
import dev.krt.knowledge.KbScan;
import dev.krt.knowledge.KernelCompat;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import dev.krt.knowledge.ToolchainCompat;
import dev.krt.knowledge.local.AptPackages;
import dev.krt.knowledge.local.OsRelease;
import dev.krt.knowledge.local.Package;
import dev.krt.matrix.MatrixBisect;
import dev.krt.matrix.MatrixDiff;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.testing.Cells;
import dev.krt.toolchain.Toolchain;
import dev.krt.version.Version;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files for every renderer: {@code src/test/resources/report/<case>} is what a writer prints
 * for a result object built here, from krt's built-in datasets on a fixed day and from constructed
 * check results (no zoo, no machine state). A changed output fails until the file is rewritten: run
 * with {@code -Dkrt.golden.update=true}, then review the diff like code.
 */
class RenderersGoldenTest {
  static final Path DIR = Path.of("src/test/resources/report");
  static final LocalDate DAY = LocalDate.of(2026, 11, 24);
  static final Arch X86 = Arch.of("x86_64");

  interface Render {
    void to(PrintStream out) throws IOException;
  }

  record Case(String file, Render render) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Case> cases() {
    KernelPolicies kernels = KernelPolicies.builtin();
    ReleaseTable releases =
        ReleaseTable.compute(RustReleases.builtin(), kernels, X86, DAY, DAY, false);
    List<DistroCompat> distros = DistroAnswers.all(X86);
    ToolchainCompat rustc =
        ToolchainCompat.compute(
            kernels,
            X86,
            new HypotheticalToolchain(
                Optional.of(Version.of(1, 85, 0)),
                Optional.of(Version.of(0, 71, 1)),
                Optional.of(Version.of(19, 1, 7)),
                true,
                true));
    KernelRelease k612 = kernels.find("6.12.y").orElseThrow();
    KernelCompat kernel =
        KernelCompat.compute(
            k612.tree(),
            Optional.of(k612),
            Optional.empty(),
            X86,
            DAY,
            RustReleases.builtin(),
            Distros.builtin());
    Distro debian13 = Distros.builtin().find("debian-13").orElseThrow();
    DistroCompat distro = DistroCompat.compute(kernels, X86, debian13);
    DistroAnswers.LocalReport local = local();
    CheckReport check = check(kernels.find("6.12").orElseThrow().tree());
    CheckReport kconfig = withKconfig(check);
    KernelTree old = KernelPolicies.withoutRust(KernelVersion.parse("5.15").orElseThrow());
    CheckReport noRust =
        new CheckReport(old, "", Optional.empty(), old.policy(X86), List.of(), 0, 0, 3);
    ResolvedKernel resolved =
        new ResolvedKernel(
            kernels.find("7.1").orElseThrow().tree(),
            "no --kernel and the current directory is not a kernel tree: using krt's built-in policy",
            Optional.empty());
    List<Arch> arches = Arch.RUST_ARCHES.stream().map(Arch::of).toList();
    KernelTree k71 = kernels.find("7.1").orElseThrow().tree();
    FeatureScan.Scanned scanned =
        new FeatureScan.Scanned(k71, usage(), Optional.of(Version.of(1, 85, 0)));
    FeaturesReport features =
        new FeaturesReport(
            k71,
            scanned.minimum(),
            scanned.usage(),
            List.of(
                probed("rustc-web-1.85", "1.85.0", false),
                probed("rustup:nightly", "1.97.0-nightly", true)));
    VersionGates.Analysis gates = VersionGates.under(scanned.usage(), Version.of(1, 88, 0));
    KernelHistory.Report history = history(kernels);
    Map<RunRow, List<CellRow>> runs = new java.util.LinkedHashMap<>();
    runs.put(
        run("20261125-b"),
        List.of(
            Cells.cell("B", "stable", "pass", null),
            Cells.cell("B", "beta", "fail", "rustc-error")));
    runs.put(run("20261124-a"), List.of(Cells.cell("A", "stable", "pass", null)));
    List<String> order = List.of("rustc-web-1.85", "rustup:stable", "rustup:beta");
    MatrixBisect.Result bisect =
        new MatrixBisect.Result(
            order,
            Optional.of(1),
            Optional.of(2),
            List.of(
                new MatrixBisect.Probe(
                    0, order.get(0), Cells.cell("B", order.get(0), "pass", null)),
                new MatrixBisect.Probe(
                    2, order.get(2), Cells.cell("B", order.get(2), "fail", "rustc-error")),
                new MatrixBisect.Probe(
                    1, order.get(1), Cells.cell("B", order.get(1), "pass", null))));
    RunRow runA = run("20261124-a");
    RunRow runB = run("20261125-b");
    MatrixDiff diff =
        MatrixDiff.of(
            List.of(
                Cells.cell("A", "stable", "pass", null, "unused import [rust/kernel/a.rs]"),
                Cells.cell("A", "beta", "fail", "rustc-error"),
                Cells.cell("A", "nightly", "pass", null),
                Cells.cell("A", "old", "fail", "rust-unavailable"),
                Cells.cell("A", "gone", "pass", null)),
            List.of(
                Cells.cell(
                    "B",
                    "stable",
                    "pass",
                    null,
                    "unused import [rust/kernel/a.rs]",
                    "dead code [rust/kernel/b.rs]"),
                Cells.cell("B", "beta", "pass", null),
                Cells.cell("B", "nightly", "fail", "lint-denied"),
                Cells.cell("B", "old", "fail", "kconfig-refused-rust"),
                Cells.cell("B", "new", "error", "krt-error")));
    List<Toolchain> toolchains =
        List.of(
            toolchain(
                "rustup:stable",
                "/root/.rustup/toolchains/stable-x86_64-unknown-linux-gnu/bin/rustc"),
            toolchain("rustc-web-1.85", "/usr/lib/rust-web-1.85/bin/rustc"));
    return Stream.of(
        new Case("check.txt", out -> CheckText.write(check, out, false)),
        new Case("check-verbose.txt", out -> CheckText.write(check, out, true)),
        new Case("check.json", out -> CheckJson.write(check, out)),
        new Case("check-kconfig.txt", out -> CheckText.write(kconfig, out, false)),
        new Case("check-kconfig.json", out -> CheckJson.write(kconfig, out)),
        new Case("check-no-rust.txt", out -> CheckText.write(noRust, out, false)),
        new Case("check-no-rust.json", out -> CheckJson.write(noRust, out)),
        new Case("releases.txt", out -> ReleasesText.write(releases, out)),
        new Case("releases.json", out -> ReleasesJson.write(releases, out)),
        new Case("distros.txt", out -> DistrosText.write(distros, X86, out)),
        // Two releases: the writer does the same for each, and the file stays reviewable.
        new Case("distros.json", out -> DistrosJson.write(distros.subList(0, 2), X86, out)),
        new Case("distros-local.txt", out -> DistrosText.writeLocal(local, out)),
        new Case("distros-local.json", out -> DistrosJson.writeLocal(local, out)),
        new Case("compat-rustc.txt", out -> CompatText.write(rustc, out)),
        new Case("compat-rustc.json", out -> CompatJson.write(rustc, out)),
        new Case("compat-kernel.txt", out -> CompatText.write(kernel, out)),
        new Case("compat-kernel.json", out -> CompatJson.write(kernel, out)),
        new Case("compat-distro.txt", out -> CompatText.write(distro, out)),
        new Case("compat-distro.json", out -> CompatJson.write(distro, out)),
        new Case("kernel.txt", out -> KernelText.write(resolved, X86, arches, out)),
        new Case("kernel.json", out -> KernelJson.write(resolved, X86, arches, out)),
        new Case("toolchains.txt", out -> ToolchainsText.write(toolchains, out)),
        new Case("toolchains.json", out -> ToolchainsJson.write(toolchains, out)),
        new Case("toolchains-none.txt", out -> ToolchainsText.write(List.of(), out)),
        new Case("features.txt", out -> FeaturesText.report(features, out)),
        new Case("features.json", out -> FeaturesJson.report(features, out)),
        new Case("features.md", out -> FeaturesMarkdown.report(features, out)),
        new Case("features-gates.txt", out -> FeaturesText.gates(scanned, gates, out)),
        new Case("features-gates.json", out -> FeaturesJson.gates(scanned, gates, out)),
        new Case("features-gates.md", out -> FeaturesMarkdown.gates(scanned, gates, out)),
        new Case("matrix-diff.txt", out -> MatrixDiffText.write(runA, runB, diff, out)),
        new Case("matrix-diff.json", out -> MatrixDiffJson.write(runA, runB, diff, out)),
        new Case(
            "matrix-show.txt",
            out ->
                MatrixText.show(
                    run("20261125-b"),
                    List.of(
                        Cells.cell("B", "stable", "pass", null),
                        Cells.cell("B", "beta", "fail", "rustc-error"),
                        Cells.cell("B", "old", "error", "krt-error")),
                    out)),
        new Case(
            "matrix-show.json",
            out ->
                Json.print(
                    MatrixJson.full(
                        run("20261125-b"),
                        List.of(
                            Cells.cell("B", "stable", "pass", null),
                            Cells.cell("B", "beta", "fail", "rustc-error")),
                        c ->
                            c.status() == CellStatus.PASS
                                ? List.of(
                                    new StepRow(
                                        "defconfig",
                                        StepStatus.PASS,
                                        Optional.of(0),
                                        1200,
                                        Optional.empty(),
                                        Optional.empty()))
                                : List.of(
                                    new StepRow(
                                        "rust",
                                        StepStatus.FAIL,
                                        Optional.of(2),
                                        60000,
                                        Optional.of("rustc-error"),
                                        Optional.of("error[E0425]: cannot find value `x`")))),
                    out)),
        new Case(
            "matrix-run-summary.txt",
            out -> {
              for (RunStatus st : RunStatus.values()) {
                out.println(
                    MatrixText.summary(
                        new MatrixRunner.Summary("20261125-b", st, 6, 4, 2, 3, 2, 1)));
              }
            }),
        new Case("matrix-runs.txt", out -> MatrixRunsText.write(runs, "sqlite:/data/krt.db", out)),
        new Case("matrix-runs.json", out -> MatrixRunsJson.write(runs, out)),
        new Case(
            "matrix-runs-none.txt",
            out -> MatrixRunsText.write(Map.of(), "sqlite:/data/krt.db", out)),
        new Case("matrix-bisect.txt", out -> MatrixBisectText.write("20261125-b", bisect, out)),
        new Case("matrix-bisect.json", out -> MatrixBisectJson.write("20261125-b", bisect, out)),
        new Case(
            "matrix-bisect-none.txt",
            out ->
                MatrixBisectText.write(
                    "20261125-b",
                    new MatrixBisect.Result(
                        bisect.order(), Optional.of(2), Optional.empty(), bisect.probes()),
                    out)),
        new Case("kb-scan.txt", out -> KbScanText.table(history, out)),
        new Case("kb-scan.json", out -> KbScanJson.write(history, out)),
        new Case("kb-scan-diff.txt", out -> KbScanText.differences(history, out)),
        new Case(
            "kb-scan-diff-none.txt",
            out ->
                KbScanText.differences(
                    new KernelHistory.Report(history.repo(), history.scanned(), true, List.of()),
                    out)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsTheGoldenFile(Case c) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (PrintStream out = new PrintStream(b, true, StandardCharsets.UTF_8)) {
      c.render().to(out);
    }
    String actual = b.toString(StandardCharsets.UTF_8);
    Path golden = DIR.resolve(c.file());
    if (Boolean.getBoolean("krt.golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (write it with -Dkrt.golden.update=true)").isRegularFile();
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
    if (c.file().endsWith(".json")) {
      List<String> camel = new ArrayList<>();
      camelCaseKeys(Json.M.readTree(actual), "", camel);
      assertThat(camel).as("keys are snake_case (docs/json-schemas.md)").isEmpty();
    }
  }

  private static void camelCaseKeys(JsonNode n, String at, List<String> out) {
    n.fields()
        .forEachRemaining(
            e -> {
              if (e.getKey().matches(".*[a-z][A-Z].*")) {
                out.add(at + "/" + e.getKey());
              }
              camelCaseKeys(e.getValue(), at + "/" + e.getKey(), out);
            });
    if (n.isArray()) {
      for (int i = 0; i < n.size(); i++) {
        camelCaseKeys(n.get(i), at + "/" + i, out);
      }
    }
  }

  private static Toolchain toolchain(String name, String rustc) {
    Path bin = Path.of(rustc).getParent();
    return new Toolchain(
        name,
        name.startsWith("rustup:") ? "rustup" : "debian",
        rustc,
        Optional.of(bin.resolve("rustdoc").toString()),
        Optional.of(bin.resolve("rustfmt").toString()),
        Optional.empty(),
        "/usr/bin/bindgen-0.71",
        "clang-19",
        Optional.empty(),
        Optional.empty(),
        Map.of(),
        "a toolchain for the golden files");
  }

  /**
   * {@code --config defconfig}: the accepted toolchain's rustc below 6.12's CALL_PADDING gate, as
   * Kconfig would leave it, with the tree's {@code config RUST} lines as 6.12 has them.
   */
  private static CheckReport withKconfig(CheckReport r) {
    var rk =
        dev.krt.kernel.kconfig.RustKconfig.of(
                Map.of(
                    "init/Kconfig",
                    "config RUST\n\tbool \"Rust support\"\n\tdepends on HAVE_RUST\n\tdepends on !CALL_PADDING || RUSTC_VERSION >= 108100\n\tdepends on !(MITIGATION_RETHUNK && KASAN) || RUSTC_VERSION >= 108300\n"))
            .orElseThrow();
    var config =
        dev.krt.kernel.kconfig.DotConfig.parse(
            "CONFIG_HAVE_RUST=y\nCONFIG_CALL_PADDING=y\nCONFIG_RUSTC_VERSION=107800\nCONFIG_MITIGATION_RETHUNK=y\n");
    var culprits = dev.krt.kernel.kconfig.RustRefusal.of(rk, config);
    ToolchainCheck ok = r.toolchains().get(0);
    ToolchainCheck refused =
        ok.withKconfig(
            new dev.krt.check.KconfigVerdict(
                "defconfig", false, culprits, Optional.empty(), false, 9100),
            Optional.of(
                dev.krt.check.KconfigFindings.refused(
                    "defconfig",
                    culprits,
                    Map.of("rustc-web-1.96", dev.krt.version.Version.of(1, 96, 0)))),
            Verdict.NOT_AVAILABLE);
    ToolchainCheck gated =
        r.toolchains()
            .get(0)
            .with(
                dev.krt.check.KconfigFindings.gated(
                        rk, dev.krt.version.Version.of(1, 78, 0), Optional.empty())
                    .orElseThrow());
    return new CheckReport(
        r.kernel(),
        r.kernelNote(),
        r.datasetNote(),
        r.policy(),
        List.of(refused, gated),
        r.probesRun(),
        r.probesCached(),
        r.millis());
  }

  /** Two toolchains against 6.12: one the kernel accepts, one it refuses, with krt's advice. */
  private static CheckReport check(KernelTree tree) {
    Toolchain ok = toolchain("rustc-web-1.85", "/usr/lib/rust-web-1.85/bin/rustc");
    ToolchainFacts okFacts =
        new ToolchainFacts(
            Optional.of(ok.rustc()),
            Optional.of("rustc 1.85.0 (4d91de4e4 2025-02-17) (built from a source tarball)"),
            Optional.of("1.85.0"),
            Optional.of("stable"),
            Optional.of("19.1.7"),
            Optional.of("x86_64-unknown-linux-gnu"),
            Optional.of("/usr/lib/rust-web-1.85"),
            Optional.of("/usr/lib/rust-web-1.85/lib/rustlib/src/rust/library/core/src/lib.rs"),
            true,
            Optional.of("/usr/bin/bindgen-0.71"),
            Optional.of("0.71.1"),
            Optional.of("19.1.7"),
            Optional.of("Debian clang version 19.1.7 (3+b1)"),
            Optional.of("rustdoc 1.85.0"),
            Optional.of("rustfmt 1.8.0-stable"),
            Optional.empty());
    Toolchain old = toolchain("rustc-1.63", "/usr/lib/rust-1.63/bin/rustc");
    ToolchainFacts oldFacts =
        new ToolchainFacts(
            Optional.of(old.rustc()),
            Optional.of("rustc 1.63.0"),
            Optional.of("1.63.0"),
            Optional.of("stable"),
            Optional.of("13.0.1"),
            Optional.of("x86_64-unknown-linux-gnu"),
            Optional.of("/usr/lib/rust-1.63"),
            Optional.of("/usr/lib/rust-1.63/lib/rustlib/src/rust/library/core/src/lib.rs"),
            false,
            Optional.of("/usr/bin/bindgen-0.71"),
            Optional.of("0.71.1"),
            Optional.of("19.1.7"),
            Optional.of("Debian clang version 19.1.7 (3+b1)"),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());
    Finding tooOld =
        Finding.kernel(
                FindingId.RUSTC_TOO_OLD,
                Severity.ERROR,
                List.of(
                    "***",
                    "*** Rust compiler '/usr/lib/rust-1.63/bin/rustc' is too old.",
                    "***   Your version:    1.63.0",
                    "***   Minimum version: 1.78.0",
                    "***"))
            .withAdvice(
                List.of(
                    "apt install rustc-web  (Debian 12's rustc-web is 1.85.0)",
                    "note: krt check --all lists every toolchain on this machine"));
    Finding noSrc =
        Finding.krt(
                FindingId.RUST_SRC_MISSING,
                Severity.WARNING,
                List.of("source code for the 'core' standard library could not be found"))
            .withAdvice(List.of("apt install rust-1.63-src"));
    String stderr =
        "***\n*** Rust compiler '/usr/lib/rust-1.63/bin/rustc' is too old.\n***   Your version:    1.63.0\n***   Minimum version: 1.78.0\n***\n";
    return new CheckReport(
        tree,
        "",
        Optional.of("krt's 6.12 row, as released"),
        tree.policy(X86),
        List.of(
            new ToolchainCheck(
                ok, okFacts, Verdict.AVAILABLE, 0, List.of(), "", 812, Optional.empty()),
            new ToolchainCheck(
                old,
                oldFacts,
                Verdict.NOT_AVAILABLE,
                1,
                List.of(tooOld, noSrc),
                stderr,
                95,
                Optional.empty())),
        14,
        3,
        1234);
  }

  /**
   * A tree's use of unstable Rust: features from a crate root and the Makefile, -Z flags, gates.
   */
  private static FeatureUsage usage() {
    SourceLocation lib = new SourceLocation("rust/kernel/lib.rs", 14);
    return new FeatureUsage(
        List.of(
            new FeatureUsage.Feature(
                "arbitrary_self_types", lib, "crate attribute", Optional.empty()),
            new FeatureUsage.Feature(
                "new_range_api",
                new SourceLocation("rust/kernel/lib.rs", 21),
                "cfg_attr",
                Optional.of("CONFIG_RUSTC_HAS_NEW_RANGE")),
            new FeatureUsage.Feature(
                "asm_goto",
                new SourceLocation("scripts/Makefile.build", 312),
                "rust_allowed_features",
                Optional.empty()),
            new FeatureUsage.Feature(
                "lint_reasons",
                new SourceLocation("scripts/Makefile.build", 312),
                "rust_allowed_features",
                Optional.empty())),
        List.of(
            new FeatureUsage.ZFlag(
                "function-sections",
                Optional.of("n"),
                new SourceLocation("Makefile", 470),
                Optional.empty()),
            new FeatureUsage.ZFlag(
                "crate-attr",
                Optional.of("no_std"),
                new SourceLocation("rust/Makefile", 88),
                Optional.of(new FeatureUsage.Comparison(">=", 108700)))),
        List.of(
            new FeatureUsage.VersionGate(
                "kconfig",
                new SourceLocation("init/Kconfig", 2064),
                "RUSTC_VERSION >= 108700",
                List.of(new FeatureUsage.Comparison(">=", 108700)),
                Optional.empty(),
                "depends on RUSTC_VERSION >= 108700"),
            new FeatureUsage.VersionGate(
                "symbol",
                new SourceLocation("init/Kconfig", 2080),
                "RUSTC_VERSION >= 108900",
                List.of(new FeatureUsage.Comparison(">=", 108900)),
                Optional.of("RUSTC_HAS_NEW_RANGE"),
                "def_bool RUSTC_VERSION >= 108900"),
            new FeatureUsage.VersionGate(
                "rustc-min-version",
                new SourceLocation("rust/Makefile", 120),
                "RUSTC_VERSION >= 108600",
                List.of(new FeatureUsage.Comparison(">=", 108600)),
                Optional.empty(),
                "$(call rustc-min-version, 108600)")),
        List.of(
            new FeatureUsage.SymbolUse(
                "RUSTC_HAS_NEW_RANGE",
                new SourceLocation("rust/kernel/lib.rs", 21),
                "#![cfg_attr(CONFIG_RUSTC_HAS_NEW_RANGE, feature(new_range_api))]")),
        List.of());
  }

  /** One compiler's answers; the nightly knows the newer feature, the older one does not. */
  private static ToolchainFeatures probed(String name, String version, boolean nightly) {
    Map<String, FeatureStatus> f = new java.util.LinkedHashMap<>();
    f.put(
        "arbitrary_self_types",
        new FeatureStatus(
            "arbitrary_self_types",
            FeatureStatus.Kind.UNSTABLE,
            Optional.empty(),
            Optional.empty(),
            Optional.empty()));
    f.put(
        "new_range_api",
        nightly
            ? new FeatureStatus(
                "new_range_api",
                FeatureStatus.Kind.UNSTABLE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty())
            : new FeatureStatus(
                "new_range_api",
                FeatureStatus.Kind.UNKNOWN,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    f.put(
        "asm_goto",
        nightly
            ? new FeatureStatus(
                "asm_goto",
                FeatureStatus.Kind.STABLE,
                Optional.of("1.87.0"),
                Optional.empty(),
                Optional.empty())
            : new FeatureStatus(
                "asm_goto",
                FeatureStatus.Kind.UNSTABLE,
                Optional.empty(),
                Optional.empty(),
                Optional.empty()));
    f.put(
        "lint_reasons",
        new FeatureStatus(
            "lint_reasons",
            FeatureStatus.Kind.STABLE,
            Optional.of("1.81.0"),
            Optional.empty(),
            Optional.empty()));
    Set<String> z =
        nightly ? Set.of("function-sections") : Set.of("function-sections", "crate-attr");
    return new ToolchainFeatures(
        toolchain(name, "/opt/" + name + "/bin/rustc"),
        Optional.of(version),
        Optional.of("rustc " + version),
        f,
        Optional.of(new java.util.TreeSet<>(z)),
        List.of());
  }

  /**
   * Two tags of a kernel repository as krt reads them, one it could not read, one from before Rust.
   */
  private static KernelHistory.Report history(KernelPolicies kernels) {
    KernelTree t = kernels.find("6.12").orElseThrow().tree();
    Map<String, ToolPolicy> pol = new java.util.TreeMap<>();
    for (String a : List.of("arm64", "riscv", "x86_64")) {
      pol.put(a, t.policy(Arch.of(a)));
    }
    List<KbScan.Scanned> scanned =
        List.of(
            new KbScan.Scanned(
                "v5.15",
                "8bb7eca972ad531c9b149c0a51ab43a417385813",
                KernelVersion.parse("5.15"),
                Optional.empty(),
                Map.of(),
                Optional.empty()),
            new KbScan.Scanned(
                "v6.12",
                "adc218676eef25575469234709c2d87185ca223a",
                KernelVersion.parse("6.12"),
                t.era(),
                pol,
                Optional.empty()),
            new KbScan.Scanned(
                "v6.13-bad",
                "0000000000000000000000000000000000000000",
                Optional.empty(),
                Optional.empty(),
                Map.of(),
                Optional.of("no Makefile at the tag")));
    List<KbScan.Difference> diff =
        List.of(new KbScan.Difference("v6.12", "6.12", "bindgen minimum", "0.65.1", "0.65.0"));
    return new KernelHistory.Report(Path.of("/src/linux"), scanned, true, diff);
  }

  private static RunRow run(String id) {
    return new RunRow(
        id,
        1764000000000L,
        Optional.of(1764000600000L),
        RunStatus.DONE,
        "matrix.yaml",
        "",
        2,
        "builder");
  }

  /**
   * What apt on a Debian 12 machine might offer: rustc-web 1.85 and bindgen, libclang 14 and 19.
   */
  private static DistroAnswers.LocalReport local() {
    OsRelease os = new OsRelease("debian", "", "Debian GNU/Linux 12 (bookworm)", "12");
    List<Package> pkgs =
        List.of(
            new Package("rustc-web", Optional.empty(), Optional.of("1.85.0+dfsg3-1~deb12u3")),
            new Package("rust-web-src", Optional.empty(), Optional.of("1.85.0+dfsg3-1~deb12u3")),
            new Package("rustc", Optional.of("1.63.0+dfsg1-2"), Optional.of("1.63.0+dfsg1-2")),
            new Package("bindgen", Optional.empty(), Optional.of("0.60.1-2+b2")),
            new Package("libclang1-14", Optional.of("1:14.0.6-12"), Optional.of("1:14.0.6-12")),
            new Package("libclang1-19", Optional.empty(), Optional.of("1:19.1.7-3~deb12u1")));
    AptPackages apt = new AptPackages(null, Path.of("/usr/bin/apt-cache"), os);
    Distro d =
        new Distro(
            "local",
            os.prettyName() + " (this machine)",
            os.id(),
            apt.name(),
            Optional.empty(),
            false,
            Optional.empty(),
            apt.options(pkgs));
    return new DistroAnswers.LocalReport(
        os, apt.name(), pkgs, DistroCompat.compute(KernelPolicies.builtin(), X86, d));
  }
}
