package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.app.ResolvedKernel;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.KnownRow;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code krt kernel --format json}: schema {@code krt.kernel/2} (the check schema's kernel object,
 * and a policy per ARCH).
 */
public final class KernelJson {
  private KernelJson() {}

  public static final String SCHEMA = "krt.kernel/2";

  /**
   * @param arch the ARCH of the kernel object's policy ({@code --arch}, $ARCH or the host's)
   * @param arches the ARCHes listed under {@code policies}
   */
  public static void write(ResolvedKernel r, Arch arch, List<Arch> arches, PrintStream out) {
    Json.print(tree(r, arch, arches), out);
  }

  public static ObjectNode tree(ResolvedKernel r, Arch arch, List<Arch> arches) {
    KernelTree k = r.tree();
    ObjectNode root = Json.document(SCHEMA);
    root.setAll(CheckJson.kernel(k, r.note(), r.knownRow().map(KnownRow::note), k.policy(arch)));
    ArrayNode pa = root.putArray("policies");
    for (Arch a : arches) {
      ToolPolicy p = k.policy(a);
      ObjectNode n = pa.addObject();
      n.put("arch", a.arch());
      n.put("srcarch", p.arch().srcarch());
      n.put("rustc", p.rustc());
      n.put("bindgen", p.bindgen());
      n.put("llvm", p.llvm());
    }
    return root;
  }
}
