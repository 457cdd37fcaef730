package dev.krt.report;

import dev.krt.check.CheckReport;
import dev.krt.check.Finding;
import dev.krt.check.ToolchainCheck;
import dev.krt.check.ToolchainFacts;
import dev.krt.check.Verdict;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The human report of {@code krt check}. */
public final class CheckText {
  private CheckText() {}

  public static void write(CheckReport r, PrintStream out, boolean verbose) {
    KernelTree k = r.kernel();
    ToolPolicy p = r.policy();
    out.println(k.title() + ", ARCH=" + p.arch().arch());
    if (!r.kernelNote().isEmpty()) {
      out.println("  (" + r.kernelNote() + ")");
    }
    r.datasetNote().ifPresent(n -> out.println("  (" + n + ")"));
    if (!k.hasRust()) {
      out.println(
          "  This kernel has no Rust support (scripts/rust_is_available.sh appeared in Linux 6.1).");
      return;
    }
    String kind = p.pinned() ? "pinned" : "minimum";
    out.println(
        "  needs: rustc "
            + (p.pinned() ? "= " : ">= ")
            + p.rustc()
            + ", bindgen "
            + (p.pinned() ? "= " : ">= ")
            + p.bindgen()
            + ", libclang >= "
            + p.llvm()
            + "  ("
            + kind
            + " versions)");
    k.era()
        .ifPresent(
            e ->
                out.println(
                    "  checker: "
                        + e.name()
                        + " era ("
                        + String.join(", ", e.describeFeatures())
                        + ")"));
    for (ToolchainCheck t : r.toolchains()) {
      out.println();
      out.println(t.toolchain().name() + ": " + t.verdict().label().toUpperCase(Locale.ROOT));
      for (String line : factLines(t.facts(), t)) {
        out.println("  " + printable(line));
      }
      t.kconfig()
          .ifPresent(
              kc ->
                  out.println(
                      "  kconfig "
                          + printable(kc.config())
                          + ": "
                          + (kc.error().isPresent()
                              ? "not asked (see below)"
                              : kc.rustKept()
                                  ? "CONFIG_RUST=y survives olddefconfig"
                                  : "CONFIG_RUST=y is dropped")
                          + (kc.cached() ? "  (cached)" : "")));
      for (Finding f : t.findings()) {
        String tag =
            switch (f.severity()) {
              case ERROR -> "error";
              case WARNING -> "warning";
              case INFO -> "note";
            };
        out.println(
            "  "
                + tag
                + " ["
                + f.id()
                + (f.origin().equals("krt")
                    ? ", krt's check"
                    : f.origin().equals("kconfig") ? ", the tree's Kconfig" : "")
                + "] "
                + printable(f.summary()));
        if (f.summary().length() > 300) {
          // A long echoed tool output: its last words usually say why (e.g. a panic message).
          lastOutputLine(f).ifPresent(l -> out.println("      output: " + printable(l)));
        }
        for (String a : f.advice()) {
          out.println(
              a.startsWith("note: ") ? "      " + printable(a) : "      fix: " + printable(a));
        }
      }
      if (verbose && !t.stderr().isEmpty()) {
        out.println("  the kernel's script would print (exit " + t.exitCode() + "):");
        for (String l : t.stderr().split("\n")) {
          out.println("    | " + printable(l));
        }
      }
    }
    out.println();
    long ok = r.toolchains().stream().filter(t -> t.verdict() == Verdict.AVAILABLE).count();
    long warn =
        r.toolchains().stream().filter(t -> t.verdict() == Verdict.AVAILABLE_WITH_WARNINGS).count();
    long not = r.toolchains().stream().filter(t -> t.verdict() == Verdict.NOT_AVAILABLE).count();
    out.println(
        String.format(
            Locale.ROOT,
            "%d toolchain%s: %d available, %d with warnings, %d not available  (%d probes run, %d cached, %.1f s)",
            r.toolchains().size(),
            r.toolchains().size() == 1 ? "" : "s",
            ok,
            warn,
            not,
            r.probesRun(),
            r.probesCached(),
            r.millis() / 1000.0));
  }

  public static List<String> factLines(ToolchainFacts f, ToolchainCheck t) {
    List<String> l = new ArrayList<>();
    StringBuilder rustc = new StringBuilder("rustc   ");
    rustc.append(
        f.rustcVersionLine()
            .orElse(
                f.rustcPath().isPresent()
                    ? "(no version)"
                    : "not found: " + t.toolchain().rustc()));
    f.rustcLlvm().ifPresent(v -> rustc.append(", LLVM ").append(v));
    l.add(rustc.toString());
    l.add(
        "bindgen "
            + f.bindgenVersion()
                .map(v -> v + f.libclangVersion().map(lc -> ", libclang " + lc).orElse(""))
                .orElse(
                    f.bindgenPath().isPresent()
                        ? "(no version)"
                        : "not found: " + t.toolchain().bindgen()));
    l.add("CC      " + t.toolchain().cc() + f.cc().map(c -> " (" + c + ")").orElse(""));
    f.coreSource()
        .ifPresent(c -> l.add("core    " + c + (f.coreSourceFound() ? "" : " (missing)")));
    return l;
  }

  /** The last line of a message that is neither a frame ({@code ***}) nor empty. */
  public static java.util.Optional<String> lastOutputLine(Finding f) {
    List<String> m = f.message();
    for (int i = m.size() - 1; i >= 0; i--) {
      String l = m.get(i).strip();
      if (!l.isEmpty() && !l.startsWith("***")) {
        return java.util.Optional.of(l.length() > 200 ? l.substring(0, 200) + "..." : l);
      }
    }
    return java.util.Optional.empty();
  }

  /** Tool output can be binary: keep the terminal sane (control and non-ASCII bytes as \xNN). */
  public static String printable(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\t' || (c >= 0x20 && c < 0x7f)) {
        b.append(c);
      } else {
        b.append(String.format("\\x%02x", (int) c & 0xff));
      }
    }
    return b.toString();
  }
}
