package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ReleaseTable;
import dev.krt.knowledge.RustReleases;
import java.io.PrintStream;
import java.util.List;

/** {@code krt releases --format json}: schema {@code krt.releases/2}, documented in docs/. */
public final class ReleasesJson {
  private ReleasesJson() {}

  public static final String SCHEMA = "krt.releases/2";

  public static void write(ReleaseTable r, PrintStream out) {
    Json.print(tree(r), out);
  }

  public static ObjectNode tree(ReleaseTable r) {
    ObjectNode root = Json.document(SCHEMA);
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
      names(n.putArray("pinned_by"), row.pinnedBy());
      names(n.putArray("minimum_of"), row.minimumOf());
      names(n.putArray("accepted_by"), row.accepted());
      names(n.putArray("accepted_with_warnings_by"), row.warned());
    }
    // What the tree's config RUST asks beyond the script, for this arch (learned from real trees).
    ArrayNode kc = root.putArray("kconfig_minimums");
    for (KernelRelease k : r.kernels()) {
      k.kconfigMinimum(r.arch(), "defconfig")
          .ifPresent(
              m -> {
                ObjectNode x = kc.addObject();
                x.put("kernel", k.kernel());
                x.put("config", m.config());
                x.put("rustc", m.version().map(Object::toString).orElse(null));
                x.put("script_rustc", k.rustc());
                x.put("gate", m.gate());
              });
    }
    return root;
  }

  private static ObjectNode release(RustReleases.Release r) {
    ObjectNode n = Json.object();
    n.put("version", r.version().toString());
    n.put("date", r.date().toString());
    return n;
  }

  private static void names(ArrayNode a, List<KernelRelease> ks) {
    ks.forEach(k -> a.add(k.kernel()));
  }
}
