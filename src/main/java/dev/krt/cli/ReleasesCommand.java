package dev.krt.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt releases}: the Rust release train on a date, and which kernels each release satisfies. */
@Command(
    name = "releases",
    header = "Rust stable/beta/nightly on a date, release dates, and the kernels that accept each.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Shows Rust's stable, beta and nightly on a date (1.N.0 ships every six weeks: 2015-05-14 + 42*N",
      "days), every release with its date, and which kernel releases accept it by their own rules",
      "(pinned exactly up to 6.10, a minimum since 6.11)."
    },
    footer = {"", "Examples:", "  krt releases", "  krt releases --date 2026-11-24", "  krt releases --all --format json"})
public final class ReleasesCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(names = "--date", paramLabel = "YYYY-MM-DD", description = "The day to look at (default: today).")
  String date;

  @Option(names = "--all", description = "List every release since 1.0.0 (default: from the oldest rustc a kernel names).")
  boolean all;

  @Mixin ArchOption arch = new ArchOption();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ReleaseTable r = compute();
    if (format.json()) {
      json(r);
    } else {
      text(r);
    }
    // Before 1.0.0 there was no stable Rust: a negative answer.
    return r.channels().stable().isPresent() ? ExitCodes.OK : ExitCodes.NEGATIVE;
  }

  public ReleaseTable compute() {
    return ReleaseTable.compute(RustReleases.builtin(), KernelPolicies.builtin(), arch.resolve(ctx.env()), KnowledgeArgs.date(date), java.time.LocalDate.now(), all);
  }

  private void text(ReleaseTable r) {
    var out = ctx.out();
    out.println("Rust on " + r.date() + (r.projected() ? " (projected by the six-week schedule)" : "") + ":");
    if (r.channels().stable().isEmpty()) {
      out.println("  before Rust 1.0.0 (2015-05-15): no stable Rust yet");
      return;
    }
    RustReleases.Release s = r.channels().stable().get();
    RustReleases.Release b = r.channels().beta().get();
    RustReleases.Release n = r.channels().nightly().get();
    out.println(String.format("  %-8s %-16s released %s", "stable", s.version(), s.date()));
    out.println(String.format("  %-8s %-16s becomes stable on %s", "beta", b.version() + "-beta", b.date()));
    out.println(String.format("  %-8s %-16s becomes stable on %s", "nightly", n.version() + "-nightly", n.date()));
    for (ReleaseTable.Row row : r.rows()) {
      if (row.channel().equals("stable")) {
        out.println("  stable " + s.version() + " is accepted by Linux " + KernelRanges.of(r.kernels(), row.accepted()::contains) + (row.warned().isEmpty() ? "" : "; with \"too new\" warnings by " + KernelRanges.of(r.kernels(), row.warned()::contains)));
      }
    }
    out.println();
    TextTable t = new TextTable("  ").row("release", "date", "channel", "kernel policy", "accepted by (ARCH=" + r.arch() + ")");
    for (ReleaseTable.Row row : r.rows()) {
      List<String> pol = new ArrayList<>();
      if (!row.pinnedBy().isEmpty()) {
        pol.add("pinned by " + KernelRanges.of(r.kernels(), row.pinnedBy()::contains));
      }
      if (!row.minimumOf().isEmpty()) {
        pol.add("minimum of " + KernelRanges.of(r.kernels(), row.minimumOf()::contains));
      }
      String ch = row.channel().equals("released") ? "" : row.channel();
      t.row(row.release().version().toString(), row.release().date().toString(), ch, String.join("; ", pol), KernelRanges.of(r.kernels(), row.accepted()::contains));
    }
    t.print(out);
    if (r.rows().stream().anyMatch(x -> !x.warned().isEmpty())) {
      out.println("  (kernels up to 6.10 pin one rustc: they accept newer ones with a \"too new\" warning, not listed above)");
    }
  }

  private void json(ReleaseTable r) throws IOException {
    ObjectNode root = CompatJson.M.createObjectNode();
    root.put("schema", "krt.releases/1");
    root.put("date", r.date().toString());
    root.put("projected", r.projected());
    root.put("arch", r.arch().arch());
    ObjectNode ch = root.putObject("channels");
    r.channels().stable().ifPresent(s -> ch.set("stable", release(s)));
    r.channels().beta().ifPresent(s -> ch.set("beta", release(s)));
    r.channels().nightly().ifPresent(s -> ch.set("nightly", release(s)));
    ArrayNode rows = root.putArray("releases");
    for (ReleaseTable.Row row : r.rows()) {
      ObjectNode n = rows.addObject();
      n.setAll(release(row.release()));
      n.put("channel", row.channel());
      names(n.putArray("pinnedBy"), row.pinnedBy());
      names(n.putArray("minimumOf"), row.minimumOf());
      names(n.putArray("acceptedBy"), row.accepted());
      names(n.putArray("acceptedWithWarningsBy"), row.warned());
    }
    ctx.out().println(CompatJson.M.writeValueAsString(root));
  }

  private static ObjectNode release(RustReleases.Release r) {
    ObjectNode n = CompatJson.M.createObjectNode();
    n.put("version", r.version().toString());
    n.put("date", r.date().toString());
    return n;
  }

  private static void names(ArrayNode a, List<KernelRelease> ks) {
    ks.forEach(k -> a.add(k.kernel()));
  }
}
