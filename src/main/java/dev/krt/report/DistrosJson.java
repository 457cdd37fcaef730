package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.app.DistroAnswers.LocalReport;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.local.Package;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code krt distros --format json}: schemas {@code krt.distros/2} and {@code krt.distros-local/2}.
 */
public final class DistrosJson {
  private DistrosJson() {}

  public static final String SCHEMA = "krt.distros/2";
  public static final String LOCAL_SCHEMA = "krt.distros-local/2";

  public static void write(List<DistroCompat> all, Arch a, PrintStream out) {
    Json.print(tree(all, a), out);
  }

  public static ObjectNode tree(List<DistroCompat> all, Arch a) {
    ObjectNode root = Json.document(SCHEMA);
    root.put("arch", a.arch());
    ArrayNode ds = root.putArray("distros");
    for (DistroCompat c : all) {
      ObjectNode n = ds.addObject();
      n.setAll(CompatJson.distro(c.distro()));
      options(n.putArray("options"), c);
    }
    return root;
  }

  public static void writeLocal(LocalReport r, PrintStream out) {
    ObjectNode root = Json.document(LOCAL_SCHEMA);
    root.put("os", r.os().prettyName());
    root.put("os_id", r.os().id());
    root.put("package_manager", r.manager());
    root.put("arch", r.compat().arch().arch());
    ArrayNode pk = root.putArray("packages");
    for (Package p : r.packages()) {
      ObjectNode n = pk.addObject();
      n.put("name", p.name());
      n.put("installed", p.installed().orElse(null));
      n.put("candidate", p.candidate().orElse(null));
      n.put("upstream", p.upstream().map(Object::toString).orElse(null));
    }
    options(root.putArray("options"), r.compat());
    Json.print(root, out);
  }

  private static void options(ArrayNode a, DistroCompat c) {
    for (DistroCompat.OptionRows o : c.options()) {
      ObjectNode n = a.addObject();
      n.set("option", CompatJson.option(o.option()));
      CompatJson.kernelRows(n.putArray("kernels"), o.rows());
    }
  }
}
