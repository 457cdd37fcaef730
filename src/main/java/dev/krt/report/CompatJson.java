package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.check.Finding;
import dev.krt.kernel.Arch;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.Compatibility;
import dev.krt.knowledge.Distro;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.HypotheticalToolchain;
import dev.krt.knowledge.KernelCompat;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.ToolchainCompat;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Optional;

/** {@code krt compat --format json}: schema {@code krt.compat/2} (docs/knowledge-json.md). */
public final class CompatJson {
  private CompatJson() {}

  public static final String SCHEMA = "krt.compat/2";

  public static void write(ToolchainCompat c, PrintStream out) throws IOException {
    ObjectNode root = root("toolchain", c.arch());
    root.set("toolchain", toolchain(c.toolchain()));
    kernelRows(root.putArray("kernels"), c.rows());
    out.println(Json.M.writeValueAsString(root));
  }

  public static void write(KernelCompat c, PrintStream out) throws IOException {
    ObjectNode root = root("kernel", c.arch());
    ObjectNode k = root.putObject("kernel");
    k.put("source", c.tree().source());
    k.put("version", c.tree().version().toString());
    k.put("builtin", c.tree().builtin());
    k.put("rust", c.tree().hasRust());
    k.put("era", c.tree().era().map(e -> e.name()).orElse(null));
    k.set("release", c.release().map(CompatJson::release).orElse(null));
    k.put("note", c.note().orElse(null));
    k.set("policy", policy(c.policy()));
    root.put("date", c.date().toString());
    ArrayNode rust = root.putArray("rust");
    for (KernelCompat.RustRow r : c.rust()) {
      ObjectNode n = rust.addObject();
      n.put("version", r.release().version().toString());
      n.put("date", r.release().date().toString());
      n.put("channel", r.channel());
      result(n, r.result());
    }
    ArrayNode ds = root.putArray("distros");
    for (KernelCompat.DistroRow d : c.distros()) {
      ObjectNode n = ds.addObject();
      n.put("distro", d.distro().id());
      n.set("option", option(d.option()));
      if (d.result().isPresent()) {
        result(n, d.result().get());
      } else {
        n.set("policy", policy(c.policy()));
        n.put("verdict", d.option().versionUnknown() ? "unknown" : "not_available");
        n.putArray("reasons").add(d.option().missing());
        n.putArray("findings");
        n.putArray("assumed");
      }
    }
    out.println(Json.M.writeValueAsString(root));
  }

  public static void write(DistroCompat c, PrintStream out) throws IOException {
    ObjectNode root = root("distro", c.arch());
    root.set("distro", distro(c.distro()));
    ArrayNode opts = root.putArray("options");
    for (DistroCompat.OptionRows o : c.options()) {
      ObjectNode n = opts.addObject();
      n.set("option", option(o.option()));
      // No kernels when a tool is not packaged or its version is unknown: say which.
      n.put("missing", o.rows().isEmpty() ? o.option().missing() : null);
      kernelRows(n.putArray("kernels"), o.rows());
    }
    out.println(Json.M.writeValueAsString(root));
  }

  /** One object per kernel release: the release and the verdict on it. */
  public static void kernelRows(ArrayNode a, java.util.List<ToolchainCompat.Row> rows) {
    for (ToolchainCompat.Row r : rows) {
      ObjectNode n = a.addObject();
      n.set("kernel", release(r.release()));
      result(n, r.result());
    }
  }

  private static ObjectNode root(String query, Arch arch) {
    ObjectNode root = Json.object();
    root.put("schema", SCHEMA);
    root.put("query", query);
    root.put("arch", arch.arch());
    root.put("srcarch", arch.srcarch());
    return root;
  }

  public static ObjectNode toolchain(HypotheticalToolchain t) {
    ObjectNode n = Json.object();
    n.put("rustc", t.rustc().map(Object::toString).orElse(null));
    n.put("bindgen", t.bindgen().map(Object::toString).orElse(null));
    n.put("libclang", t.libclang().map(Object::toString).orElse(null));
    n.put("bindgen_patched", t.bindgenPatched());
    n.put("rust_src", t.rustSrc());
    return n;
  }

  public static ObjectNode release(KernelRelease r) {
    ObjectNode n = Json.object();
    n.put("name", r.kernel());
    n.put("line", r.line());
    n.put("as_of", r.asOf().orElse(null));
    n.put("status", r.status());
    n.put("date", r.date().map(Object::toString).orElse(null));
    n.put("pinned", r.pinned());
    n.put("era", r.era().name());
    n.put("confidence", r.confidence());
    n.put("source", r.source());
    com.fasterxml.jackson.databind.node.ArrayNode k = n.putArray("kconfig_rust");
    for (KernelRelease.KconfigMinimum m : r.kconfigRust()) {
      ObjectNode x = k.addObject();
      x.put("arch", m.arch());
      x.put("config", m.config());
      x.put("rustc", m.version().map(Object::toString).orElse(null));
      x.put("gate", m.gate());
      x.put("source", m.source());
    }
    return n;
  }

  public static ObjectNode policy(ToolPolicy p) {
    ObjectNode n = Json.object();
    n.put("rustc", p.rustc());
    n.put("bindgen", p.bindgen());
    n.put("llvm", p.llvm());
    n.put("pinned", p.pinned());
    return n;
  }

  public static void result(ObjectNode n, Compatibility.Result r) {
    n.set("policy", policy(r.policy()));
    n.put("verdict", r.verdict().name().toLowerCase(Locale.ROOT));
    ArrayNode reasons = n.putArray("reasons");
    r.reasons().forEach(reasons::add);
    ArrayNode ids = n.putArray("findings");
    for (Finding f : r.findings()) {
      ObjectNode x = ids.addObject();
      x.put("id", f.id().wire());
      x.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      ArrayNode msg = x.putArray("message");
      f.message().forEach(msg::add);
    }
    ArrayNode assumed = n.putArray("assumed");
    r.assumed().forEach(assumed::add);
  }

  public static ObjectNode distro(Distro d) {
    ObjectNode n = Json.object();
    n.put("id", d.id());
    n.put("name", d.name());
    n.put("family", d.family());
    n.put("package_manager", d.packageManager());
    n.put("released", d.released().map(Object::toString).orElse(null));
    n.put("rolling", d.rolling());
    n.put("kernel_docs", d.kernelDocs().orElse(null));
    return n;
  }

  public static ObjectNode option(DistroOption o) {
    ObjectNode n = Json.object();
    n.put("label", o.label());
    n.put("rustc", str(o.rustc()));
    n.put("rustc_package", o.rustcPackage().orElse(null));
    n.put("rustc_package_version", o.rustcPackageVersion().orElse(null));
    n.put("rust_src_package", o.rustSrcPackage().orElse(null));
    n.put("bindgen", str(o.bindgen()));
    n.put("bindgen_package", o.bindgenPackage().orElse(null));
    n.put("bindgen_patched", o.bindgenPatched());
    n.put("libclang", str(o.libclang()));
    n.put("clang_package", o.clangPackage().orElse(null));
    n.put("install", o.install().orElse(null));
    n.put("rust_lib_src", o.rustLibSrc().orElse(null));
    n.put("make", o.make().orElse(null));
    n.put("as_of", o.asOf().orElse(null));
    n.put("source", o.source());
    n.put("notes", o.notes().orElse(null));
    return n;
  }

  private static String str(Optional<?> o) {
    return o.map(Object::toString).orElse(null);
  }
}
