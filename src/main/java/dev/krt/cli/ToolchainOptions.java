package dev.krt.cli;

import dev.krt.app.ToolchainSelection;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** Which toolchains a command looks at: the options of a {@link ToolchainSelection}. */
public final class ToolchainOptions {
  @Option(
      names = {"-t", "--toolchain"},
      arity = "1..*",
      paramLabel = "NAME",
      description =
          "A discovered or configured toolchain by name (repeatable); see 'krt toolchains'.")
  List<String> names = new ArrayList<>();

  @Option(names = "--all", description = "Every toolchain krt finds on this machine.")
  boolean all;

  @Option(
      names = "--toolchains",
      paramLabel = "FILE",
      description =
          "Toolchains file (TOML) to read instead of $KRT_TOOLCHAINS or ~/.config/krt/toolchains.toml.")
  Path file;

  @Option(
      names = "--rustc",
      paramLabel = "PROG",
      description = "Check this rustc (explicit programs define the one toolchain checked).")
  String rustc;

  @Option(
      names = "--bindgen",
      paramLabel = "PROG",
      description = "...with this bindgen (default: as make would find it).")
  String bindgen;

  @Option(
      names = "--cc",
      paramLabel = "CC",
      description =
          "...with this C compiler, as CC= is given to make (default: $CC if exported, else what the Makefile sets for $LLVM/$CROSS_COMPILE: clang, clang-N or gcc).")
  String cc;

  @Option(
      names = "--rust-lib-src",
      paramLabel = "DIR",
      description = "...with RUST_LIB_SRC (the 'library' directory of the Rust sources).")
  String rustLibSrc;

  @Option(
      names = "--krustflags",
      paramLabel = "FLAGS",
      description = "...with KRUSTFLAGS (e.g. --sysroot=...).")
  String krustflags;

  @Option(
      names = "--rustdoc",
      paramLabel = "PROG",
      description = "...with this rustdoc (default: next to rustc).")
  String rustdoc;

  @Option(
      names = "--rustfmt",
      paramLabel = "PROG",
      description = "...with this rustfmt (default: next to rustc).")
  String rustfmt;

  @Option(
      names = "--clippy-driver",
      paramLabel = "PROG",
      description = "...with this clippy-driver (default: next to rustc).")
  String clippyDriver;

  /** What the options select, for the use case to resolve. */
  public ToolchainSelection selection() {
    return new ToolchainSelection(
        List.copyOf(names),
        all,
        Optional.ofNullable(file),
        new ToolchainSelection.Programs(
            Optional.ofNullable(rustc),
            Optional.ofNullable(bindgen),
            Optional.ofNullable(cc),
            Optional.ofNullable(rustLibSrc),
            Optional.ofNullable(krustflags),
            Optional.ofNullable(rustdoc),
            Optional.ofNullable(rustfmt),
            Optional.ofNullable(clippyDriver)));
  }
}
