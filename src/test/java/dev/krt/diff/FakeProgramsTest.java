package dev.krt.diff;

import static dev.krt.diff.Fakes.Answer.err;
import static dev.krt.diff.Fakes.Answer.exit;
import static dev.krt.diff.Fakes.Answer.out;
import static dev.krt.diff.Fakes.Answer.signal;

import dev.krt.diff.Diff.Outcome;
import dev.krt.testing.Zoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs no real toolchain produces, made with generated fake programs (as the kernel's own {@code
 * rust_is_available_test.py} does), run through the real script of the 6.12 and 6.1 trees and
 * through krt's drop-in: both must print the same stderr and exit the same way.
 *
 * <p>Like the kernel's test suite, the environment holds only RUSTC, BINDGEN and CC (dash then
 * searches its default PATH) unless a case says {@code withPath} (cases that run real programs).
 * Each case also runs through {@code krt check}, whose kernel verdict and exit code must agree with
 * the script (where the case can be written as {@code krt check} options).
 *
 * <p>To read what every case produced: {@code -Dkrt.diff.dump=/some/dir}.
 */
@Timeout(120)
class FakeProgramsTest {
  @TempDir Path tmp;

  @TempDir static Path cacheHome;

  /** The environment under construction: RUSTC/BINDGEN/CC default to the tree's minimum fakes. */
  static final class Env {
    final Fakes f;
    final Map<String, String> vars = new LinkedHashMap<>();
    boolean withPath;

    Env(Fakes f) {
      this.f = f;
    }

    Env rustc(Object program) {
      return set("RUSTC", program);
    }

    Env bindgen(Object program) {
      return set("BINDGEN", program);
    }

    Env cc(Object program) {
      return set("CC", program);
    }

    Env set(String var, Object value) {
      vars.put(var, value.toString());
      return this;
    }

    Env unset(String var) {
      vars.put(var, null);
      return this;
    }

    Env withPath() {
      withPath = true;
      return this;
    }

    Map<String, String> build() {
      Map<String, String> e = new LinkedHashMap<>();
      if (withPath) {
        e.put("PATH", Diff.PATH);
      }
      if (!vars.containsKey("RUSTC")) {
        e.put("RUSTC", f.rustc().install().toString());
      }
      if (!vars.containsKey("BINDGEN")) {
        e.put("BINDGEN", f.bindgen().install().toString());
      }
      if (!vars.containsKey("CC")) {
        e.put("CC", f.clang().install().toString());
      }
      vars.forEach(
          (k, v) -> {
            if (v != null) {
              e.put(k, v);
            }
          });
      return e;
    }
  }

  /** One case: a name and how it changes the default environment. */
  /**
   * @param checkable whether {@code krt check} options can express the case (not for unset
   *     variables, nor for ARCH/SRCARCH given to the bare script, which Kbuild would derive)
   */
  record Case(String name, Consumer<Env> setup, boolean checkable) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Case c(String name, Consumer<Env> setup) {
    return new Case(name, setup, true);
  }

  /** A case only the drop-in can take (see {@link Case#checkable}). */
  static Case dropInOnly(String name, Consumer<Env> setup) {
    return new Case(name, setup, false);
  }

  static List<Case> cases() {
    List<Case> l = new ArrayList<>();
    l.add(c("defaults: every tool at the tree's minimum", e -> {}));

    // bindgen 0.66.0 / 0.66.1 and the _0_66.h probe (6.11+ and 6.12.y; 6.1 has no probe).
    for (String v : List.of("0.66.0", "0.66.1")) {
      l.add(
          c(
              "bindgen " + v + ", 0_66 probe fails (unpatched)",
              e ->
                  e.bindgen(
                      e.f
                          .bindgen()
                          .version("bindgen " + v)
                          .on(
                              "*_0_66.h*",
                              err("thread 'main' panicked at 'assertion failed'\n").withCode(1))
                          .install())));
      l.add(
          c(
              "bindgen " + v + ", 0_66 probe passes (patched)",
              e ->
                  e.bindgen(
                      e.f
                          .bindgen()
                          .version("bindgen " + v)
                          .on(
                              "*_0_66.h*",
                              out("/* generated */\npub const A: &[u8; 2] = b\"\\0\\0\";\n"))
                          .install())));
    }
    l.add(
        c(
            "bindgen 0.66.1, 0_66 probe killed by SIGSEGV",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .version("bindgen 0.66.1")
                        .on("*_0_66.h*", signal("SEGV"))
                        .install())));

    // bindgen < 0.69.5 with libclang >= 19.1 (_libclang_concat.h probe, 6.13+ and 6.12.y).
    l.add(
        c(
            "bindgen 0.69.4 x libclang 19.1.0, concat probe without foofoo",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "bindgen 0.69.4 x libclang 19.1.0, concat probe with foofoo (patched)",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .on("*_concat.h*", out(Fakes.CONCAT_PATCHED))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "bindgen 0.69.4 x libclang 19.1.0, concat probe fails and writes stderr",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .on(
                                "*_concat.h*",
                                err("Failed to run rustfmt: cannot find binary path (non-fatal, continuing)\n")
                                    .withCode(1))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "bindgen 0.69.5 x libclang 19.1.0 (no probe)",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.5")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "bindgen 0.69.4 x libclang 19.0.9 (no probe)",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.0.9")))
                            .install())
                    .cc(e.f.clang("19.0.9").install())));

    // bindgen < 0.72.1 with libclang >= 22 (_libclang_22.h probe, 6.12.y >= 6.12.109).
    l.add(
        c(
            "bindgen 0.71.1 x libclang 22.0.0, 22 probe without pub foo",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.71.1")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.0.0")))
                            .install())
                    .cc(e.f.clang("22.0.0").install())));
    l.add(
        c(
            "bindgen 0.71.1 x libclang 22.0.0, 22 probe with pub foo (fixed)",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.71.1")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.0.0")))
                            .on("*_22.h*", out(Fakes.LC22_PATCHED))
                            .install())
                    .cc(e.f.clang("22.0.0").install())));
    l.add(
        c(
            "bindgen 0.71.1 x libclang 22.0.0, 22 probe writes stderr",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.71.1")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.0.0")))
                            .on(
                                "*_22.h*",
                                err(
                                    "Failed to run rustfmt: No such file or directory (os error 2) (non-fatal, continuing)\n"))
                            .install())
                    .cc(e.f.clang("22.0.0").install())));
    l.add(
        c(
            "bindgen 0.72.0 x libclang 22.0.0, 22 probe without pub foo",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.72.0")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.0.0")))
                            .install())
                    .cc(e.f.clang("22.0.0").install())));
    l.add(
        c(
            "bindgen 0.72.1 x libclang 22.0.0 (no probe)",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.72.1")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.0.0")))
                            .install())
                    .cc(e.f.clang("22.0.0").install())));
    l.add(
        c(
            "bindgen 0.69.0 x libclang 22.1.0, both probes fire",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.0")
                            .on("*_libclang.h*", err(Fakes.libclangLine("22.1.0")))
                            .install())
                    .cc(e.f.clang("22.1.0").install())));

    // Odd rustc versions.
    for (String v :
        List.of(
            "rustc 1.078.0",
            "rustc 1.78",
            "rustc 1.78.0.1",
            "xx rustc 1.78.0 yy",
            "rustc 1.78.0junk",
            "rustc 1.80.0-nightly (a1b2c3d4e 2024-05-01)",
            "rustc 1.80.0-beta.2 (a1b2c3d4e 2024-06-01)",
            "rustc 1.100.0 (a1b2c3d4e 2026-12-01)",
            "rustc 1.99999.0",
            "rustc 0.78.0",
            "rustc 1.09.0",
            "rustc 1.8.0",
            "rustc  1.78.0",
            "Rustc 1.78.0",
            "rustc 1.78.0\nrustc 1.60.0",
            "info: syncing channel updates\nrustc 1.78.0")) {
      l.add(
          c(
              "rustc prints '" + v.replace("\n", "\\n") + "'",
              e -> e.rustc(e.f.rustc().version(v).install())));
    }
    l.add(c("rustc prints nothing", e -> e.rustc(e.f.rustc().version(out("")).install())));
    l.add(
        c(
            "rustc prints its version without a newline",
            e -> e.rustc(e.f.rustc().version(out("rustc " + e.f.rustcMin())).install())));
    l.add(
        c(
            "rustc prints its version on stderr",
            e -> e.rustc(e.f.rustc().version(err("rustc " + e.f.rustcMin() + "\n")).install())));

    // Odd bindgen versions.
    for (String v :
        List.of(
            "bindgen 0.065.1",
            "bindgen 0.65.01",
            "bindgen 0.65",
            "bindgen 0.65.1-dev",
            "bindgen 0.65.1-0.999.0",
            "unexpected 0.65.1",
            "bindgen unexpected",
            "bindgen 0.100.0",
            "bindgen-cli 0.71.1",
            "bindgen 1.0.0")) {
      l.add(c("bindgen prints '" + v + "'", e -> e.bindgen(e.f.bindgen().version(v).install())));
    }

    // libclang probe output.
    l.add(
        c(
            "libclang: two 'clang version' lines (13.0.1 then 19.1.0)",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(Fakes.libclangLine(e.f.llvmMin()) + Fakes.libclangLine("19.1.0")))
                        .install())));
    l.add(
        c(
            "libclang: two 'clang version' lines (19.1.0 then 13.0.1)",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(Fakes.libclangLine("19.1.0") + Fakes.libclangLine(e.f.llvmMin())))
                        .install())));
    l.add(
        c(
            "libclang: version inside the header path too",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(
                                "/opt/clang version 99.9.9/scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version "
                                    + e.f.llvmMin()
                                    + " [-W#pragma-messages], err: false\n"))
                        .install())));
    l.add(
        c(
            "libclang: llvm-project URL and two spaces",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(
                                "scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version "
                                    + e.f.llvmMin()
                                    + "  (https://github.com/llvm/llvm-project.git 4a2c05b05ed07f1f620e94f6524a8b4b2760a0b1) [-W#pragma-messages], err: false\n"))
                        .install())));
    l.add(
        c(
            "libclang: leading blank line and a setlocale warning",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(
                                "\n/nix/store/x-bash/bin/bash: warning: setlocale: LC_ALL: cannot change locale (c)\n"
                                    + Fakes.libclangLine(e.f.llvmMin())))
                        .install())));
    l.add(
        c(
            "libclang: 'clang version unexpected'",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err(
                                "scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version unexpected [-W#pragma-messages], err: false\n"))
                        .install())));
    l.add(
        c(
            "libclang: nothing on stderr",
            e -> e.bindgen(e.f.bindgen().on("*_libclang.h*", exit(0)).install())));
    l.add(
        c(
            "libclang: 10.0.0 is too old",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on("*_libclang.h*", err(Fakes.libclangLine("10.0.0")))
                        .install())));
    l.add(
        c(
            "libclang: 999.0.0 does not match Clang",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on("*_libclang.h*", err(Fakes.libclangLine("999.0.0")))
                        .install())));
    l.add(
        c(
            "libclang: probe fails with code 42 and a message",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on(
                            "*_libclang.h*",
                            err("thread 'main' panicked at 'Unable to find libclang'\n")
                                .withCode(42))
                        .install())));
    l.add(
        c(
            "libclang: probe killed by SIGSEGV",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on("*_libclang.h*", err("partial\n").withSignal("SEGV"))
                        .install())));
    l.add(
        c(
            "libclang: version on stdout only",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on("*_libclang.h*", out(Fakes.libclangLine(e.f.llvmMin())))
                        .install())));

    // Shell text processing: echo's escapes, \c, NUL bytes.
    l.add(
        c(
            "rustc output with backslash escapes (unparsable)",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .version("rustc one\\ttwo\\\\three \\0101 \\x41 \\nfour")
                        .install())));
    l.add(
        c(
            "rustc output with \\c (unparsable)",
            e ->
                e.rustc(
                    e.f.rustc().version("rustc broken \\c rest of line\nsecond line").install())));
    l.add(
        c(
            "rustc output with \\c after a good version",
            e ->
                e.rustc(
                    e.f.rustc().version("rustc " + e.f.rustcMin() + " \\c trailing").install())));
    l.add(
        c(
            "rustc fails with code 3 and \\c in its output",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .version(out("error: \\c cut here\nnext\n").withCode(3))
                        .install())));
    l.add(
        c(
            "bindgen output with backslashes (unparsable)",
            e -> e.bindgen(e.f.bindgen().version("bindgen \\\\0.65.1 \\b\\f\\v\\r").install())));
    l.add(
        c(
            "libclang probe fails with backslashes and \\c",
            e ->
                e.bindgen(
                    e.f
                        .bindgen()
                        .on("*_libclang.h*", err("error: C:\\new\\table \\c gone\n").withCode(1))
                        .install())));
    l.add(
        c(
            "rustc output with NUL bytes inside the version",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .version(out("rustc " + e.f.rustcMin().replace(".", ".\0") + "\0\n"))
                        .install())));
    l.add(
        c(
            "rustc fails with NUL bytes in its output",
            e -> e.rustc(e.f.rustc().version(out("bad\0output\0\n").withCode(1)).install())));
    l.add(
        c(
            "bindgen prints NUL bytes and no version",
            e -> e.bindgen(e.f.bindgen().version(out("\0\0\0\n")).install())));
    l.add(
        c(
            "rustc output with Latin-1 and UTF-8 bytes",
            e ->
                e.rustc(
                    e.f.rustc().version(out("rustc \u00e9\u00ff \u00c3\u00a9 1.x\n")).install())));
    l.add(
        c(
            "rustc output with trailing blank lines",
            e -> e.rustc(e.f.rustc().version(out("not rustc\n\n\n\n")).install())));

    // Programs that die.
    l.add(
        c(
            "rustc --version killed by SIGKILL",
            e -> e.rustc(e.f.rustc().version(signal("KILL")).install())));
    l.add(
        c(
            "rustc --version killed by SIGSEGV after printing",
            e -> e.rustc(e.f.rustc().version(out("rustc 1.78.0\n").withSignal("SEGV")).install())));
    l.add(
        c(
            "bindgen --version killed by SIGSEGV",
            e -> e.bindgen(e.f.bindgen().version(signal("SEGV")).install())));
    l.add(
        c(
            "rustc --print sysroot killed by SIGKILL",
            e -> e.rustc(e.f.rustc().on("*--print sysroot*", signal("KILL")).install())));
    l.add(
        c(
            "rustc --print sysroot fails with code 1 and a message",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .on("*--print sysroot*", err("error: no sysroot\n").withCode(1))
                        .install())));
    l.add(
        c(
            "rustc --print sysroot prints nothing",
            e -> e.rustc(e.f.rustc().on("*--print sysroot*", exit(0)).install())));
    l.add(
        c(
            "rustc --version killed by SIGTERM",
            e -> e.rustc(e.f.rustc().version(signal("TERM")).install())));
    l.add(
        c(
            "concat probe killed by SIGSEGV",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .on("*_concat.h*", signal("SEGV"))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "concat probe prints foofoo on stderr only",
            e ->
                e.bindgen(
                        e.f
                            .bindgen()
                            .version("bindgen 0.69.4")
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.0")))
                            .on("*_concat.h*", err(Fakes.CONCAT_PATCHED))
                            .install())
                    .cc(e.f.clang("19.1.0").install())));
    l.add(
        c(
            "rustc fails and prints 1.5 MiB",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .version(out(("x".repeat(1023) + "\n").repeat(1536)).withCode(1))
                        .install())));
    l.add(
        c(
            "clang killed by SIGSEGV on the preprocessor probe",
            e -> e.cc(e.f.clang().on("*-E*", signal("SEGV")).install())));
    l.add(
        c(
            "clang --version killed by SIGKILL",
            e -> e.cc(e.f.clang().version(signal("KILL")).install())));

    // The C compiler.
    l.add(
        c(
            "CC='<fake> clang' (multi-word, ccache style)",
            e ->
                e.cc(
                    e.f
                            .clang()
                            .version(
                                "Ubuntu clang version "
                                    + e.f.llvmMin()
                                    + "-1ubuntu1\nTarget: x86_64-pc-linux-gnu\nThread model: posix\nInstalledDir: /usr/bin")
                            .install()
                        + " clang")));
    l.add(c("CC names a program that does not exist", e -> e.cc("/tmp/krt-nonexistent/cc")));
    l.add(c("CC is a bare name not in dash's default PATH", e -> e.cc("krt-no-such-cc")));
    l.add(
        c(
            "CC is a fake Clang 10.0.0 (too old for the tree)",
            e -> e.cc(e.f.clang("10.0.0").install())));
    l.add(
        c("CC is a fake GCC 4.9.0 (too old for the tree)", e -> e.cc(e.f.gcc("4.9.0").install())));
    l.add(c("CC is a fake GCC 12.2.0", e -> e.cc(e.f.gcc("12.2.0").install())));
    l.add(
        c(
            "CC is a fake Clang whose --version says 999.0.0",
            e -> e.cc(e.f.clang().version("clang version 999.0.0").install())));
    l.add(
        c(
            "CC is a fake Clang whose --version has no version",
            e -> e.cc(e.f.clang().version("clang, some build").install())));
    l.add(
        c(
            "CC is a fake Clang with 'Ubuntu clang version X-2~ubuntu20.04.1'",
            e ->
                e.cc(
                    e.f
                        .clang()
                        .version("Ubuntu clang version " + e.f.llvmMin() + "-2~ubuntu20.04.1")
                        .install())));
    l.add(
        c(
            "CC preprocessor prints 'unknown'",
            e -> e.cc(e.f.clang().on("*-E*", out("unknown\n")).install())));
    l.add(
        c(
            "CC preprocessor prints 'ICC 2021 1'",
            e -> e.cc(e.f.clang().on("*-E*", out("ICC 2021 1\n")).install())));
    l.add(
        c(
            "CC preprocessor prints 'Clang 13 x 1' (arithmetic error)",
            e -> e.cc(e.f.clang().on("*-E*", out("Clang 13 x 1\n")).install())));
    l.add(
        c(
            "CC preprocessor prints 'Clang 19 1' (no patch level)",
            e -> e.cc(e.f.clang("19.1.7").on("*-E*", out("Clang 19 1\n")).install())));
    l.add(
        c(
            "CC=clang-19 found in dash's default PATH, bindgen libclang 19.1.7",
            e ->
                e.cc("clang-19")
                    .bindgen(
                        e.f
                            .bindgen()
                            .on("*_libclang.h*", err(Fakes.libclangLine("19.1.7")))
                            .install())));
    l.add(c("CC=gcc from PATH", e -> e.withPath().cc("gcc")));

    // The core library sources.
    l.add(c("RUST_LIB_SRC set but empty (uses the sysroot)", e -> e.set("RUST_LIB_SRC", "")));
    l.add(
        c(
            "RUST_LIB_SRC points to the fake sources",
            e -> e.set("RUST_LIB_SRC", e.f.sysroot().resolve("lib/rustlib/src/rust/library"))));
    l.add(c("RUST_LIB_SRC is relative and missing", e -> e.set("RUST_LIB_SRC", "library")));
    l.add(
        c(
            "KRUSTFLAGS with a bogus flag (fake rustc fails --print sysroot)",
            e ->
                e.set("KRUSTFLAGS", "--bogus-flag")
                    .rustc(
                        e.f
                            .rustc()
                            .on(
                                "*--bogus-flag*",
                                err("error: Unrecognized option: 'bogus-flag'\n").withCode(1))
                            .install())));
    l.add(
        c(
            "KRUSTFLAGS with two words",
            e ->
                e.set("KRUSTFLAGS", "-C  opt-level=2")
                    .rustc(
                        e.f
                            .rustc()
                            .on("*-C opt-level=2 --print sysroot*", out(e.f.sysroot() + "\n"))
                            .on("*--print sysroot*", out("/wrong\n"))
                            .install())));
    l.add(
        c(
            "KRUSTFLAGS with tabs and newlines between words",
            e ->
                e.set("KRUSTFLAGS", "\t-C\n opt-level=2\t")
                    .rustc(
                        e.f
                            .rustc()
                            .on("*-C opt-level=2 --print sysroot*", out(e.f.sysroot() + "\n"))
                            .on("*--print sysroot*", out("/wrong\n"))
                            .install())));
    l.add(
        c(
            "KRUSTFLAGS with a glob that matches files in the tree (M*)",
            e ->
                e.set("KRUSTFLAGS", "M*")
                    .rustc(
                        e.f
                            .rustc()
                            .on("*MAINTAINERS Makefile --print sysroot*", out(e.f.sysroot() + "\n"))
                            .on("*--print sysroot*", out("/not-expanded\n"))
                            .install())));
    l.add(
        c(
            "KRUSTFLAGS with a glob that matches nothing",
            e ->
                e.set("KRUSTFLAGS", "--cfg=krt*nomatch")
                    .rustc(
                        e.f
                            .rustc()
                            .on("*--cfg=krt*nomatch --print sysroot*", out(e.f.sysroot() + "\n"))
                            .on("*--print sysroot*", out("/wrong\n"))
                            .install())));
    l.add(
        c(
            "KRUSTFLAGS --sysroot to a missing directory (real rustc)",
            e ->
                e.withPath()
                    .rustc(Zoo.bin("rustc-web-1.96", "rustc"))
                    .set("KRUSTFLAGS", "--sysroot=/tmp/krt-nonexistent-sysroot")));
    l.add(
        c(
            "KRUSTFLAGS with a bogus flag (real rustc)",
            e ->
                e.withPath()
                    .rustc(Zoo.bin("rustc-web-1.96", "rustc"))
                    .set("KRUSTFLAGS", "--bogus-flag")));

    // What RUSTC / BINDGEN name.
    l.add(c("RUSTC names a directory", e -> e.rustc(e.f.directory())));
    l.add(c("RUSTC names a non-executable file", e -> e.rustc(e.f.plainFile("rustc 1.78.0\n"))));
    l.add(
        c(
            "RUSTC names a script without #! line",
            e ->
                e.rustc(
                    e.f.script(
                        "case \"$*\" in *sysroot*) echo "
                            + e.f.sysroot()
                            + ";; *) echo 'rustc "
                            + e.f.rustcMin()
                            + "';; esac\n"))));
    l.add(c("BINDGEN names a directory", e -> e.bindgen(e.f.directory())));
    l.add(
        c(
            "BINDGEN names a non-executable file",
            e -> e.bindgen(e.f.plainFile("bindgen 0.65.1\n"))));
    l.add(
        c(
            "BINDGEN names a script without #! line",
            e ->
                e.bindgen(
                    e.f.script(
                        "case \"$*\" in *libclang.h*) echo 'clang version "
                            + e.f.llvmMin()
                            + "' >&2;; *) echo 'bindgen "
                            + e.f.bindgenMin()
                            + "';; esac\n"))));
    l.add(c("RUSTC=true (shell builtin)", e -> e.rustc("true")));
    l.add(c("RUSTC=false (shell builtin)", e -> e.rustc("false")));
    l.add(c("RUSTC=echo (shell builtin)", e -> e.rustc("echo")));
    l.add(c("BINDGEN=true (shell builtin)", e -> e.bindgen("true")));
    l.add(c("BINDGEN=printf (shell builtin)", e -> e.bindgen("printf")));
    l.add(c("RUSTC=printf (shell builtin)", e -> e.rustc("printf")));
    l.add(c("RUSTC=pwd (shell builtin)", e -> e.rustc("pwd")));
    l.add(c("RUSTC=rustc without PATH (not in dash's default PATH)", e -> e.rustc("rustc")));
    l.add(c("RUSTC missing", e -> e.rustc(e.f.dir().resolve("missing"))));
    l.add(c("BINDGEN missing", e -> e.bindgen(e.f.dir().resolve("missing"))));
    l.add(dropInOnly("RUSTC unset", e -> e.unset("RUSTC")));
    l.add(dropInOnly("BINDGEN unset", e -> e.unset("BINDGEN")));
    l.add(dropInOnly("CC unset", e -> e.unset("CC")));
    l.add(
        c(
            "RUSTC and BINDGEN with spaces and a quote in their paths",
            e ->
                e.rustc(e.f.copy(e.f.rustc().install(), "with space/it's rustc"))
                    .bindgen(e.f.copy(e.f.bindgen().install(), "with space/bind gen"))));
    l.add(
        c(
            "RUSTC relative to the tree",
            e -> e.rustc(e.f.tree().relativize(e.f.rustc().install()))));
    l.add(
        c(
            "RUSTC with a /./ and // in its path",
            e ->
                e.rustc(
                    e.f
                        .rustc()
                        .install()
                        .toString()
                        .replace(e.f.dir().toString(), e.f.dir() + "/.//"))));

    // Architecture (min-tool-version.sh reads SRCARCH).
    l.add(dropInOnly("SRCARCH=s390 (LLVM minimum 15.0.0)", e -> e.set("SRCARCH", "s390")));
    l.add(
        dropInOnly("SRCARCH=loongarch (LLVM minimum 18.0.0)", e -> e.set("SRCARCH", "loongarch")));
    l.add(dropInOnly("ARCH=s390 without SRCARCH", e -> e.set("ARCH", "s390")));
    l.add(
        dropInOnly("ARCH=x86_64 SRCARCH=x86", e -> e.set("ARCH", "x86_64").set("SRCARCH", "x86")));
    return l;
  }

  static Stream<Arguments> treesAndCases() {
    return Stream.of("6.12", "6.1").flatMap(k -> cases().stream().map(c -> Arguments.of(k, c)));
  }

  static Stream<Arguments> treesAndCheckableCases() {
    return Stream.of("6.12", "6.1")
        .flatMap(k -> cases().stream().filter(Case::checkable).map(c -> Arguments.of(k, c)));
  }

  @AfterEach
  void devNull() {
    Diff.assertDevNullIntact();
  }

  /** Guards the harness: with the default fakes the real script must pass silently. */
  @ParameterizedTest(name = "{0}: the default fakes pass the real script")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"6.12", "6.1"})
  void defaultFakesPassTheRealScript(String kernel) {
    Zoo.require();
    Path tree = Zoo.kernel(kernel);
    Outcome script = Diff.realScript(tree, new Env(new Fakes(tmp, tree)).build());
    org.junit.jupiter.api.Assertions.assertEquals(
        0,
        script.rc(),
        () -> "real script failed with the default fakes:\n" + Diff.visible(script.stderr()));
    org.junit.jupiter.api.Assertions.assertEquals("", script.stderr());
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("treesAndCases")
  void dropInMatchesRealScript(String kernel, Case c) {
    Zoo.require();
    Path tree = Zoo.kernel(kernel);
    Env e = new Env(new Fakes(tmp, tree));
    c.setup().accept(e);
    Map<String, String> env = e.build();
    Outcome script = Diff.realScript(tree, env);
    Outcome krt = Diff.dropIn(tree, env);
    Diff.assertSame(kernel + "_" + c.name(), script, krt);
  }

  @ParameterizedTest(name = "{0}: {1}: check --format json")
  @MethodSource("treesAndCheckableCases")
  void checkVerdictMatchesRealScript(String kernel, Case c) {
    Zoo.require();
    Path tree = Zoo.kernel(kernel);
    Env e = new Env(new Fakes(tmp, tree));
    c.setup().accept(e);
    Map<String, String> env = e.build();
    Outcome script = Diff.realScript(tree, env);
    Map<String, String> checkEnv = new LinkedHashMap<>(env);
    checkEnv.remove("RUSTC");
    checkEnv.remove("BINDGEN");
    checkEnv.remove("CC");
    checkEnv.put("XDG_CACHE_HOME", cacheHome.toString());
    List<String> args =
        new ArrayList<>(
            List.of(
                "--kernel=" + tree,
                "--rustc=" + env.get("RUSTC"),
                "--bindgen=" + env.get("BINDGEN"),
                "--cc=" + env.get("CC")));
    if (env.get("RUST_LIB_SRC") != null) {
      args.add("--rust-lib-src=" + env.get("RUST_LIB_SRC"));
    }
    if (env.get("KRUSTFLAGS") != null) {
      args.add("--krustflags=" + env.get("KRUSTFLAGS"));
    }
    Diff.assertCheckAgrees(kernel + "_" + c.name(), script, Diff.checkJson(checkEnv, tree, args));
  }
}
