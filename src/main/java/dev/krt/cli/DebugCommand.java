package dev.krt.cli;

import dev.krt.check.CheckInputs;
import dev.krt.check.CheckReport;
import dev.krt.check.RustIsAvailable;
import dev.krt.check.ToolchainCheck;
import dev.krt.check.ToolchainFacts;
import dev.krt.check.Transcript;
import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.knowledge.BuiltinKernels;
import dev.krt.report.CheckJson;
import dev.krt.report.CheckText;
import dev.krt.toolchain.CheckerProbes;
import dev.krt.toolchain.Run;
import dev.krt.toolchain.Toolchain;
import dev.krt.version.RustcVersion;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** Hidden tools for developers. */
@Command(
    name = "debug",
    hidden = true,
    description = "Developer tools.",
    subcommands = {DebugCommand.Warmup.class})
public final class DebugCommand implements Runnable {
  @Override
  public void run() {}

  /**
   * Exercises the common code paths in memory (no programs run, no files written) so the launcher
   * can record a class-data-sharing archive of them.
   */
  @Command(
      name = "warmup",
      description = "Run the main code paths in memory (for the CDS archive).")
  public static final class Warmup implements Callable<Integer> {
    @Override
    public Integer call() throws Exception {
      KernelTree builtin = BuiltinKernels.newest();
      for (KernelVersion v :
          List.of(
              KernelVersion.parse("6.1.192").get(),
              KernelVersion.parse("6.12.117").get(),
              KernelVersion.parse("7.1").get())) {
        CheckerEra era =
            CheckerEra.infer(
                v,
                Set.of(
                    CheckerEra.HEADER_LIBCLANG,
                    CheckerEra.HEADER_066,
                    CheckerEra.HEADER_CONCAT,
                    CheckerEra.HEADER_22));
        CheckInputs in =
            new CheckInputs(
                Optional.of("rustc"),
                Optional.of("bindgen"),
                Optional.of("clang"),
                Optional.empty(),
                Optional.empty(),
                "scripts/rust_is_available.sh",
                true);
        Transcript t = RustIsAvailable.run(era, in, new Canned(builtin));
        t.stderr();
      }
      RustcVersion.parse("rustc 1.96.0 (ac68faa20 2026-05-25) (built from a source tarball)");
      Toolchain tc =
          new Toolchain(
              "warmup",
              "path",
              "rustc",
              Optional.of("rustdoc"),
              Optional.empty(),
              Optional.empty(),
              "bindgen",
              "clang",
              Optional.empty(),
              Optional.empty(),
              Map.of(),
              "warm-up");
      ToolchainFacts f =
          new ToolchainFacts(
              Optional.of("rustc"),
              Optional.of("rustc 1.96.0"),
              Optional.of("1.96.0"),
              Optional.of("stable"),
              Optional.of("22.1.8"),
              Optional.of("x86_64-unknown-linux-gnu"),
              Optional.of("/usr"),
              Optional.of("/usr/lib/rustlib/src/rust/library/core/src/lib.rs"),
              true,
              Optional.of("bindgen"),
              Optional.of("0.72.1"),
              Optional.of("22.1.8"),
              Optional.of("Clang 22.1.8"),
              Optional.empty(),
              Optional.empty(),
              Optional.empty());
      CheckReport r =
          new CheckReport(
              builtin,
              "",
              java.util.Optional.empty(),
              builtin.policy(Arch.host()),
              List.of(
                  new ToolchainCheck(
                      tc,
                      f,
                      dev.krt.check.Verdict.AVAILABLE,
                      0,
                      List.of(),
                      "",
                      1,
                      java.util.Optional.empty())),
              0,
              0,
              1);
      PrintStream sink =
          new PrintStream(
              new ByteArrayOutputStream(), true, java.nio.charset.StandardCharsets.UTF_8);
      CheckText.write(r, sink, true);
      CheckJson.write(r, sink);
      // The real command paths, on programs that answer at once and without the probe cache.
      Map<String, String> env = Map.of("PATH", "/usr/bin:/bin");
      java.nio.file.Path cwd = java.nio.file.Path.of("/");
      new Main(sink, sink, env, cwd)
          .run(
              "check",
              "--rustc",
              "/bin/true",
              "--bindgen",
              "/bin/true",
              "--cc",
              "/bin/true",
              "--no-cache");
      new Main(sink, sink, env, cwd)
          .run(
              "check",
              "--rustc",
              "/bin/true",
              "--bindgen",
              "/bin/true",
              "--cc",
              "/bin/true",
              "--no-cache",
              "--format",
              "json");
      new Main(sink, sink, env, cwd).run("kernel", "--format", "json");
      new Main(sink, sink, env, cwd).run("toolchains");
      new Main(sink, sink, env, cwd).run("compat", "--rustc", "1.85.0");
      new Main(sink, sink, env, cwd).run("compat", "--kernel", "6.12", "--format", "json");
      new Main(sink, sink, env, cwd).run("releases");
      new Main(sink, sink, env, cwd).run("distros");
      // krt features' scanner and rules, on a tiny tree in a temporary directory (removed after).
      java.nio.file.Path t = java.nio.file.Files.createTempDirectory("krt-warmup-");
      try {
        java.nio.file.Files.writeString(
            t.resolve("Makefile"),
            "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nKBUILD_RUSTFLAGS += -Zfunction-sections=n $(if $(call rustc-min-version,108800),,-Zx)\n");
        java.nio.file.Files.createDirectories(t.resolve("rust/kernel"));
        java.nio.file.Files.writeString(
            t.resolve("rust/kernel/lib.rs"),
            "#![feature(a)]\n#![cfg_attr(CONFIG_RUSTC_HAS_B, feature(b))]\n");
        java.nio.file.Files.writeString(
            t.resolve("Kconfig"), "config RUSTC_HAS_B\n\tdef_bool RUSTC_VERSION >= 108800\n");
        try (dev.krt.kernel.source.DirectorySource src =
            new dev.krt.kernel.source.DirectorySource(t)) {
          dev.krt.features.FeatureUsage u = dev.krt.features.FeatureScanner.scan(src);
          dev.krt.features.VersionGates.under(u, dev.krt.version.Version.of(1, 85, 0));
          dev.krt.features.FeatureDiagnostics.classify(
              u.featureNames(),
              "{\"message\":\"unknown feature\",\"code\":{\"code\":\"E0635\"},\"spans\":[{\"line_start\":3,\"is_primary\":true}]}\n");
        }
      } finally {
        try (java.util.stream.Stream<java.nio.file.Path> w = java.nio.file.Files.walk(t)) {
          w.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
      }
      dev.krt.toolchain.ToolchainsFile.parse(
          "[toolchain.a]\nrustc = \"/bin/true\"\nenv = { X = \"1\" }\n", "warm-up", "gcc");
      return 0;
    }
  }

  /** Answers like a working rustc 1.96 / bindgen 0.72.1 / clang 22 toolchain. */
  private record Canned(KernelTree tree) implements CheckerProbes {
    @Override
    public boolean commandExists(String name) {
      return true;
    }

    @Override
    public Run rustcVersion() {
      return Run.of(0, "rustc 1.96.0 (ac68faa20 2026-05-25)\n", "");
    }

    @Override
    public Run bindgenVersion(boolean dummyArg) {
      return Run.of(0, "bindgen 0.72.1\n", "");
    }

    @Override
    public Run bindgenLibclang() {
      return Run.of(
          0,
          "scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version 22.1.8 (1~deb12u1) [-W#pragma-messages]\n",
          "");
    }

    @Override
    public Run bindgenHeader(String header) {
      return Run.of(0, "pub foo: i32; foofoo\n", "");
    }

    @Override
    public Run ccPreprocess(List<String> ccWords, String input) {
      return Run.of(0, "Clang 22 1 8\n", "");
    }

    @Override
    public Run ccVersionText(List<String> ccWords) {
      return Run.of(0, "Debian clang version 22.1.8 (1~deb12u1)\n", "");
    }

    @Override
    public Run rustcSysroot(List<String> krustflags) {
      return Run.of(0, "/usr\n", "");
    }

    @Override
    public Run minToolVersion(String tool) {
      return Run.of(
          0,
          tree.minVersions().query(tool, Arch.host()).version().map(v -> v + "\n").orElse(""),
          "");
    }

    @Override
    public boolean pathExists(String path) {
      return true;
    }

    @Override
    public Optional<String> ccVersionScript() {
      return Optional.empty();
    }
  }
}
