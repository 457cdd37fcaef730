package dev.krt.report;

import dev.krt.toolchain.Toolchain;
import java.io.PrintStream;
import java.util.List;

/**
 * The human list of {@code krt toolchains}: each name, where it comes from, and its make variables.
 */
public final class ToolchainsText {
  private ToolchainsText() {}

  public static void write(List<Toolchain> toolchains, PrintStream out) {
    if (toolchains.isEmpty()) {
      out.println(
          "No Rust toolchain found (no rustc in PATH, no rustup toolchains, no toolchains file).");
    }
    for (Toolchain t : toolchains) {
      out.println(t.name() + "  (" + t.origin() + ": " + t.description() + ")");
      out.println("    " + String.join(" ", t.makeVariables()));
    }
  }
}
