package dev.krt.report;

import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** The human report of {@code krt releases}. */
public final class ReleasesText {
  private ReleasesText() {}

  public static void write(ReleaseTable r, PrintStream out) {
    out.println(
        "Rust on "
            + r.date()
            + (r.projected() ? " (projected by the six-week schedule)" : "")
            + ":");
    if (r.channels().stable().isEmpty()) {
      out.println("  before Rust 1.0.0 (2015-05-15): no stable Rust yet");
      return;
    }
    RustReleases.Release s = r.channels().stable().get();
    RustReleases.Release b = r.channels().beta().get();
    RustReleases.Release n = r.channels().nightly().get();
    out.println(String.format("  %-8s %-16s released %s", "stable", s.version(), s.date()));
    out.println(
        String.format(
            "  %-8s %-16s becomes stable on %s", "beta", b.version() + "-beta", b.date()));
    out.println(
        String.format(
            "  %-8s %-16s becomes stable on %s", "nightly", n.version() + "-nightly", n.date()));
    for (ReleaseTable.Row row : r.rows()) {
      if (row.channel().equals("stable")) {
        out.println(
            "  stable "
                + s.version()
                + " is accepted by Linux "
                + KernelRanges.of(r.kernels(), row.accepted()::contains)
                + (row.warned().isEmpty()
                    ? ""
                    : "; with \"too new\" warnings by "
                        + KernelRanges.of(r.kernels(), row.warned()::contains)));
      }
    }
    out.println();
    TextTable t =
        new TextTable("  ")
            .row(
                "release",
                "date",
                "channel",
                "kernel policy",
                "accepted by (ARCH=" + r.arch() + ")");
    for (ReleaseTable.Row row : r.rows()) {
      List<String> pol = new ArrayList<>();
      if (!row.pinnedBy().isEmpty()) {
        pol.add("pinned by " + KernelRanges.of(r.kernels(), row.pinnedBy()::contains));
      }
      if (!row.minimumOf().isEmpty()) {
        pol.add("minimum of " + KernelRanges.of(r.kernels(), row.minimumOf()::contains));
      }
      String ch = row.channel().equals("released") ? "" : row.channel();
      t.row(
          row.release().version().toString(),
          row.release().date().toString(),
          ch,
          String.join("; ", pol),
          KernelRanges.of(r.kernels(), row.accepted()::contains));
    }
    t.print(out);
    for (KernelRelease k : r.kernels()) {
      k.kconfigMinimum(r.arch(), "defconfig")
          .filter(m -> !m.rustc().equals(k.rustc()))
          .ifPresent(
              m ->
                  out.println(
                      "  Linux "
                          + k.label()
                          + ": the script accepts rustc >= "
                          + k.rustc()
                          + ", but defconfig keeps CONFIG_RUST only with "
                          + m.describe()
                          + " ("
                          + m.gate()
                          + ")"));
    }
    if (r.rows().stream().anyMatch(x -> !x.warned().isEmpty())) {
      out.println(
          "  (kernels up to 6.10 pin one rustc: they accept newer ones with a \"too new\" warning, not listed above)");
    }
  }
}
