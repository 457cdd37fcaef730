package dev.krt.report;

import dev.krt.check.Verdict;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.KernelCompat;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ToolchainCompat;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Human text for {@code krt compat}. */
public final class CompatText {
  private CompatText() {}

  public static final String PINNED_NOTE =
      "note: kernels up to 6.10 pin one rustc and bindgen; the kernel only warns about newer ones, but they often fail to build (the unstable features those kernels use keep changing)";

  public static String verdict(Verdict v) {
    return switch (v) {
      case AVAILABLE -> "yes";
      case AVAILABLE_WITH_WARNINGS -> "warnings";
      case NOT_AVAILABLE -> "no";
    };
  }

  public static String rule(ToolPolicy p, String version) {
    return version == null ? "?" : (p.pinned() ? "=" : ">=") + version;
  }

  public static void write(ToolchainCompat c, PrintStream out) {
    String assumed =
        c.rows().isEmpty()
            ? ""
            : String.join(
                ", ",
                c.rows().get(0).result().assumed().stream()
                    .map(a -> a.replaceFirst(" .*", ""))
                    .toList());
    out.println(
        c.toolchain().describe()
            + (assumed.isEmpty() ? "" : " (" + assumed + ": as each kernel asks)")
            + ", ARCH="
            + c.arch());
    out.println(
        String.format(
            "  %-22s %-10s %-10s %-10s %-9s %s",
            "kernel", "rustc", "bindgen", "libclang", "verdict", "why"));
    for (ToolchainCompat.Row r : c.rows()) {
      ToolPolicy p = r.result().policy();
      List<String> why = new java.util.ArrayList<>(r.result().reasons());
      kconfigNote(r.release(), c.arch(), c.toolchain(), r.result().verdict()).ifPresent(why::add);
      out.println(
          String.format(
              "  %-22s %-10s %-10s %-10s %-9s %s",
              r.release().label(),
              rule(p, p.rustc()),
              rule(p, p.bindgen()),
              ">=" + p.llvm(),
              verdict(r.result().verdict()),
              why.isEmpty() ? "" : why.get(0)));
      for (int i = 1; i < why.size(); i++) {
        out.println(
            String.format("  %-22s %-10s %-10s %-10s %-9s %s", "", "", "", "", "", why.get(i)));
      }
    }
    List<KernelRelease> all = c.rows().stream().map(ToolchainCompat.Row::release).toList();
    out.println();
    out.println("builds:        " + KernelRanges.of(all, is(c, Verdict.AVAILABLE)));
    out.println("with warnings: " + KernelRanges.of(all, is(c, Verdict.AVAILABLE_WITH_WARNINGS)));
    out.println("not:           " + KernelRanges.of(all, is(c, Verdict.NOT_AVAILABLE)));
    if (c.rows().stream()
        .anyMatch(
            r -> r.release().pinned() && r.result().verdict() == Verdict.AVAILABLE_WITH_WARNINGS)) {
      out.println(PINNED_NOTE);
    }
  }

  /**
   * A rustc the script accepts but the tree's {@code config RUST} does not, for the arch's
   * defconfig (krt's dataset, learned from a real tree).
   */
  static java.util.Optional<String> kconfigNote(
      KernelRelease k,
      dev.krt.kernel.Arch arch,
      dev.krt.knowledge.HypotheticalToolchain t,
      Verdict v) {
    if (v == Verdict.NOT_AVAILABLE || t.rustc().isEmpty()) {
      return java.util.Optional.empty();
    }
    return k.kconfigMinimum(arch, "defconfig")
        .filter(m -> m.version().map(t.rustc().get()::isBelow).orElse(true))
        .map(
            m ->
                "but defconfig drops CONFIG_RUST "
                    + m.version().map(x -> "below rustc " + x).orElse("with any rustc")
                    + " ("
                    + m.gate()
                    + ")");
  }

  private static Predicate<KernelRelease> is(ToolchainCompat c, Verdict v) {
    return k -> c.rows().stream().anyMatch(r -> r.release().equals(k) && r.result().verdict() == v);
  }

  public static void write(KernelCompat c, PrintStream out) {
    out.println(c.tree().title() + ", ARCH=" + c.arch());
    c.note().ifPresent(n -> out.println("  (" + n + ")"));
    c.release()
        .ifPresent(
            r ->
                TextWrap.print(
                    out,
                    "  source: ",
                    r.source()
                        + (r.confidence().equals("high")
                            ? ""
                            : " (confidence: " + r.confidence() + ")"),
                    "          "));
    CheckerEra era = c.tree().era().orElse(null);
    if (era == null) {
      out.println("  no Rust support (Rust support came in Linux 6.1)");
      return;
    }
    out.println(
        "  checker: " + era.name() + " era (" + String.join(", ", era.describeFeatures()) + ")");
    ToolPolicy p = c.policy();
    out.println("  rustc    " + rule(p, p.rustc()));
    c.release()
        .flatMap(r -> r.kconfigMinimum(c.arch(), "defconfig"))
        .ifPresent(
            m ->
                out.println(
                    "    CONFIG_RUST with defconfig: " + m.describe() + "  (" + m.gate() + ")"));
    out.println("    accepted:      " + rustRuns(c, Verdict.AVAILABLE));
    String warned = rustRuns(c, Verdict.AVAILABLE_WITH_WARNINGS);
    if (!warned.equals("none")) {
      out.println("    with warnings: " + warned);
    }
    out.println("  bindgen  " + rule(p, p.bindgen()) + bindgenNotes(era));
    out.println(
        "  libclang >=" + p.llvm() + "  (the LLVM minimum; bindgen's libclang must meet it)");
    out.println("  distribution packages (rustc, bindgen, libclang of each release):");
    int w =
        c.distros().stream()
            .mapToInt(d -> d.distro().id().length() + d.option().label().length() + 1)
            .max()
            .orElse(20);
    for (KernelCompat.DistroRow d : c.distros()) {
      DistroOption o = d.option();
      String tools =
          "rustc "
              + o.rustc().map(Object::toString).orElse("-")
              + ", bindgen "
              + o.bindgen().map(Object::toString).orElse("-")
              + ", libclang "
              + o.libclang().map(Object::toString).orElse("-");
      String v =
          d.result()
              .map(
                  r ->
                      verdict(r.verdict())
                          + (r.reasons().isEmpty() ? "" : ": " + r.reasons().get(0)))
              .orElse((o.versionUnknown() ? "unknown: " : "no: ") + o.missing());
      out.println(
          String.format("    %-" + w + "s  %-48s %s", d.distro().id() + " " + o.label(), tools, v));
    }
    List<String> ok = new ArrayList<>();
    for (KernelCompat.DistroRow d : c.distros()) {
      if (d.result().map(r -> r.verdict() == Verdict.AVAILABLE).orElse(false)) {
        ok.add(
            d.distro().id()
                + (d.distro().options().size() > 1 ? " (" + d.option().label() + ")" : ""));
      }
    }
    out.println();
    out.println("satisfied by packages alone: " + (ok.isEmpty() ? "none" : String.join(", ", ok)));
    if (p.pinned()) {
      out.println(PINNED_NOTE);
    }
  }

  private static String bindgenNotes(CheckerEra era) {
    List<String> n = new ArrayList<>();
    if (era.bindgen066Probe()) {
      n.add("0.66.0 and 0.66.1 (unless patched)");
    }
    if (era.libclangConcatProbe()) {
      n.add("< 0.69.5 with libclang >= 19.1 (unless patched)");
    }
    if (era.libclang22Probe()) {
      n.add("< 0.72.1 with libclang >= 22");
    }
    return n.isEmpty() ? "" : "; warns on " + String.join("; ", n);
  }

  /**
   * Runs of consecutive Rust releases with one verdict: {@code 1.78.0 (2024-05-02) .. 1.100.0
   * (2026-11-12, stable)}.
   */
  public static String rustRuns(KernelCompat c, Verdict v) {
    List<String> runs = new ArrayList<>();
    List<KernelCompat.RustRow> rows = c.rust();
    int i = 0;
    while (i < rows.size()) {
      if (rows.get(i).result().verdict() != v) {
        i++;
        continue;
      }
      int j = i;
      while (j + 1 < rows.size() && rows.get(j + 1).result().verdict() == v) {
        j++;
      }
      int count = j - i + 1;
      runs.add(
          i == j
              ? rust(rows.get(i))
              : rust(rows.get(i)) + " .. " + rust(rows.get(j)) + " [" + count + " releases]");
      i = j + 1;
    }
    return runs.isEmpty() ? "none" : String.join(", ", runs);
  }

  private static String rust(KernelCompat.RustRow r) {
    String ch = r.channel().equals("released") ? "" : ", " + r.channel();
    return r.release().version() + " (" + r.release().date() + ch + ")";
  }

  /** The first reason of each rejected kernel, consecutive kernels with the same reason merged. */
  public static void whyNot(PrintStream out, List<ToolchainCompat.Row> rows) {
    // Mainline first, then the stable lines, so runs of releases are not cut by them.
    List<ToolchainCompat.Row> no =
        rows.stream()
            .filter(
                r ->
                    r.result().verdict() == Verdict.NOT_AVAILABLE
                        && !r.result().reasons().isEmpty())
            .sorted(
                java.util.Comparator.comparing((ToolchainCompat.Row r) -> r.release().stableLine()))
            .toList();
    int i = 0;
    while (i < no.size()) {
      String why = no.get(i).result().reasons().get(0);
      int j = i;
      while (j + 1 < no.size()
          && no.get(j + 1).result().reasons().get(0).equals(why)
          && no.get(j + 1).release().stableLine() == no.get(i).release().stableLine()) {
        j++;
      }
      String who =
          i == j
              ? no.get(i).release().label()
              : no.get(i).release().label() + " - " + no.get(j).release().label();
      out.println("      " + who + ": " + why);
      i = j + 1;
    }
  }

  public static void write(DistroCompat c, PrintStream out) {
    var d = c.distro();
    out.println(
        d.name()
            + " ["
            + d.id()
            + "]"
            + d.released().map(x -> ", released " + x).orElse(d.rolling() ? ", rolling" : "")
            + ", ARCH="
            + c.arch());
    d.kernelDocs().ifPresent(k -> out.println("  kernel docs (quick-start.rst): \"" + k + "\""));
    for (DistroCompat.OptionRows o : c.options()) {
      DistroOption opt = o.option();
      out.println(
          "  "
              + opt.label()
              + ": rustc "
              + opt.rustc().map(Object::toString).orElse("-")
              + opt.rustcPackage()
                  .map(n -> " (" + n + opt.rustcPackageVersion().map(v -> " " + v).orElse("") + ")")
                  .orElse("")
              + ", bindgen "
              + opt.bindgen().map(Object::toString).orElse("-")
              + ", libclang "
              + opt.libclang().map(Object::toString).orElse("-")
              + ", rust-src "
              + opt.rustSrcPackage().orElse("none"));
      opt.install().ifPresent(i -> out.println("    install: " + i));
      opt.rustLibSrc().ifPresent(s -> out.println("    then:    RUST_LIB_SRC=" + s));
      opt.make().ifPresent(m -> out.println("    make:    " + m));
      opt.notes().ifPresent(n -> TextWrap.print(out, "    note:    ", n, "             "));
      TextWrap.print(
          out,
          "    source:  ",
          opt.source() + opt.asOf().map(a -> " (as of " + a + ")").orElse(""),
          "             ");
      if (o.rows().isEmpty()) {
        out.println(
            "    " + (opt.versionUnknown() ? "unknown: " : "builds no kernel: ") + opt.missing());
        continue;
      }
      List<KernelRelease> all = o.rows().stream().map(ToolchainCompat.Row::release).toList();
      out.println(
          "    builds:        "
              + KernelRanges.of(
                  all, k -> o.result(k).map(r -> r.verdict() == Verdict.AVAILABLE).orElse(false)));
      out.println(
          "    with warnings: "
              + KernelRanges.of(
                  all,
                  k ->
                      o.result(k)
                          .map(r -> r.verdict() == Verdict.AVAILABLE_WITH_WARNINGS)
                          .orElse(false)));
      out.println(
          "    not:           "
              + KernelRanges.of(
                  all,
                  k -> o.result(k).map(r -> r.verdict() == Verdict.NOT_AVAILABLE).orElse(false)));
      whyNot(out, o.rows());
    }
    if (c.options().stream()
        .anyMatch(
            o ->
                o.rows().stream()
                    .anyMatch(
                        r ->
                            r.release().pinned()
                                && r.result().verdict() == Verdict.AVAILABLE_WITH_WARNINGS))) {
      out.println(PINNED_NOTE);
    }
  }
}
