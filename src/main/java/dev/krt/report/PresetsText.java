package dev.krt.report;

import dev.krt.matrix.MatrixPresets;
import java.io.PrintStream;
import java.util.List;

/** {@code krt matrix presets [NAME]}: the CI jobs krt reproduces, and what one of them runs. */
public final class PresetsText {
  private PresetsText() {}

  public static void list(List<MatrixPresets.Preset> presets, PrintStream out) {
    for (MatrixPresets.Preset p : presets) {
      out.println(p.name() + ": " + p.summary());
      out.println("  follows " + p.origin());
    }
    out.println();
    out.println(
        "Use one: 'preset: NAME' in a matrix file, or krt matrix run --preset NAME --kernel SRC --toolchain NAME.");
  }

  public static void show(MatrixPresets.Preset p, PrintStream out) {
    out.println(p.name() + ": " + p.summary());
    out.println("follows " + p.origin());
    out.println();
    out.println(
        "config "
            + p.configName()
            + ": make defconfig, then this fragment (the job's kernel/configs/"
            + p.configName()
            + ".config), then make olddefconfig:");
    for (String f : p.fragments()) {
      out.println("  " + f);
    }
    out.println();
    out.println(
        "steps: each make is make -C SRC O=BUILD ARCH=ARCH with the toolchain's LLVM=, RUSTC=,");
    out.println(
        "HOSTRUSTC=, RUSTDOC=, RUSTFMT=, CLIPPY_DRIVER=, BINDGEN= (and -jN where it builds):");
    int w = p.steps().stream().mapToInt(s -> s.name().length()).max().orElse(0);
    for (MatrixPresets.Step s : p.steps()) {
      out.println("  " + pad(s.name(), w) + "  " + command(s));
    }
  }

  static String command(MatrixPresets.Step s) {
    StringBuilder b = new StringBuilder();
    switch (s.kind()) {
      case "config" ->
          b.append("make defconfig; scripts/config with the fragment; make olddefconfig");
      case "rustfmt" ->
          b.append(
              "make rustfmtcheck (the job's make rustfmt rewrites the sources; krt checks, and differences are a warning, as they do not fail the job)");
      default -> {
        b.append("make");
        s.makeVariables().forEach((k, v) -> b.append(' ').append(k).append('=').append(v));
        b.append(' ').append(String.join(" ", s.targets()));
        if (s.ifPresent()) {
          b.append("  (targets not in the tree are left out, and said so)");
        }
      }
    }
    return b.toString();
  }

  private static String pad(String s, int w) {
    return s + " ".repeat(Math.max(0, w - s.length()));
  }
}
