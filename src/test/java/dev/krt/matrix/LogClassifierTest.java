package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogClassifierTest {
  static LogClassifier read(String name) throws IOException {
    LogClassifier c = new LogClassifier();
    try (InputStream in = LogClassifierTest.class.getResourceAsStream("logs/" + name)) {
      new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().forEach(c::accept);
    }
    return c;
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "rustc-e0425.log           | rustc-error      | 2  | error[E0425]: cannot find value `y` in this scope",
        "lint-deny-attr.log        | lint-denied      | 2  | error: unused variable: `x`",
        "lint-d-warnings.log       | lint-denied      | 9  | error: unused variable: `x`",
        "bindgen-no-libclang.log   | bindgen-libclang | 4  | Unable to find libclang: \"couldn't find any valid shared libraries matching: ['libclang.so', 'libclang-*.so', 'libclang.so.*', 'libclang-*.so.*'], set the `LIBCLANG_PATH` environment variable to a path where one of these files can be found (invalid: [])\"",
        "bindgen-clang-error.log   | bindgen          | 3  | rust/bindings/bindings_helper.h:1:10: fatal error: 'nope.h' file not found",
        "rustavailable-too-old.log | rust-unavailable | 3  | Rust compiler '/tmp/krt-zoo/bin/rustc-1.63/rustc' is too old.",
        "rustavailable-missing.log | missing-tool     | 2  | Rust compiler 'rustc-nope' could not be found.",
        "missing-tool.log          | missing-tool     | 2  | /bin/sh: 1: clang-42: not found",
        "oom.log                   | oom              | 2  | error: could not compile `core` (signal: 9, SIGKILL: kill)",
        "c-error.log               | c-error          | 2  | init/main.c:12:1: error: unknown type name 'foo'",
        "ice.log                   | rustc-ice        | 2  | error: internal compiler error: compiler/rustc_middle/src/ty/layout.rs:1234: unexpected type",
        "plain-make.log            | make-error       | 1  | make[2]: *** [Makefile:1234: foo] Error 2",
      })
  void classifiesTheFirstErrorThatExplainsTheFailure(
      String log, String kind, long line, String firstError) throws IOException {
    LogClassifier.Classification c = read(log).failure().orElseThrow();
    assertThat(c.kind()).isEqualTo(kind);
    assertThat(c.firstError()).isEqualTo(firstError);
    assertThat(c.line()).isEqualTo(line);
  }

  @Test
  void rustcErrorCodesAreKept() throws IOException {
    assertThat(read("rustc-e0425.log").failure().orElseThrow().code()).contains("E0425");
    assertThat(read("lint-d-warnings.log").failure().orElseThrow().code()).isEmpty();
  }

  @Test
  void warningsCarryTheFileTheyPointAt() throws IOException {
    assertThat(read("lint-d-warnings.log").warnings())
        .containsExactly("unused import: `core::fmt` [rust/kernel/print.rs]");
  }

  @Test
  void bindgensNonFatalRustfmtMessageIsNotAnError() {
    LogClassifier c = new LogClassifier();
    c.accept("  BINDGEN rust/bindings/bindings_generated.rs");
    c.accept(
        "Failed to run rustfmt: No such file or directory (os error 2) (non-fatal, continuing)");
    assertThat(c.failure()).isEmpty();
  }

  @Test
  void terminalColoursDoNotHideAnError() {
    LogClassifier c = new LogClassifier();
    c.accept(
        "\u001b[0m\u001b[1m\u001b[38;5;9merror[E0308]\u001b[0m\u001b[0m\u001b[1m: mismatched types\u001b[0m");
    assertThat(c.failure().map(LogClassifier.Classification::code)).contains(Optional.of("E0308"));
  }

  @Test
  void aCleanLogHasNoFailure() {
    LogClassifier c = new LogClassifier();
    c.accept("  RUSTC L rust/core.o");
    c.accept("  RUSTC L rust/kernel.o");
    assertThat(c.failure()).isEmpty();
    assertThat(c.lines()).isEqualTo(2);
  }
}
