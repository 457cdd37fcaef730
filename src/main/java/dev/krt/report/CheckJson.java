package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.check.CheckReport;
import dev.krt.check.Finding;
import dev.krt.check.KconfigVerdict;
import dev.krt.check.ToolchainCheck;
import dev.krt.check.ToolchainFacts;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import dev.krt.kernel.kconfig.RustRefusal;
import dev.krt.toolchain.Toolchain;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code krt check --format json}: schema {@code krt.check/2}, documented in docs/check-json.md.
 */
public final class CheckJson {
  private CheckJson() {}

  public static final String SCHEMA = "krt.check/2";

  public static void write(CheckReport r, PrintStream out) throws IOException {
    Json.print(tree(r), out);
  }

  public static ObjectNode tree(CheckReport r) {
    ObjectNode root = Json.object();
    root.put("schema", SCHEMA);
    root.set("kernel", kernel(r.kernel(), r.kernelNote(), r.datasetNote(), r.policy()));
    ArrayNode tcs = root.putArray("toolchains");
    int avail = 0;
    int warn = 0;
    int not = 0;
    for (ToolchainCheck t : r.toolchains()) {
      tcs.add(toolchain(t));
      switch (t.verdict()) {
        case AVAILABLE -> avail++;
        case AVAILABLE_WITH_WARNINGS -> warn++;
        case NOT_AVAILABLE -> not++;
      }
    }
    ObjectNode s = root.putObject("summary");
    s.put("toolchains", r.toolchains().size());
    s.put("available", avail);
    s.put("available_with_warnings", warn);
    s.put("not_available", not);
    s.put("ok", r.kernel().hasRust() && r.allAvailable());
    ObjectNode p = root.putObject("probes");
    p.put("run", r.probesRun());
    p.put("cached", r.probesCached());
    root.put("millis", r.millis());
    return root;
  }

  public static ObjectNode kernel(
      KernelTree k, String note, Optional<String> datasetNote, ToolPolicy policy) {
    ObjectNode n = Json.object();
    n.put("source", k.source());
    n.put("version", k.version().toString());
    n.put("builtin", k.builtin());
    n.put("chosen_because", note == null || note.isEmpty() ? null : note);
    n.put("dataset_note", datasetNote.orElse(null));
    n.put("rust", k.hasRust());
    n.put("arch", policy.arch().arch());
    n.put("srcarch", policy.arch().srcarch());
    n.set("era", k.era().map(CheckJson::era).orElse(null));
    ObjectNode pol = n.putObject("policy");
    opt(pol, "rustc", Optional.ofNullable(policy.rustc()));
    opt(pol, "bindgen", Optional.ofNullable(policy.bindgen()));
    opt(pol, "llvm", Optional.ofNullable(policy.llvm()));
    pol.put("pinned", policy.pinned());
    pol.put("basis", policy.basis());
    return n;
  }

  public static ObjectNode era(CheckerEra e) {
    ObjectNode n = Json.object();
    n.put("name", e.name());
    n.put("basis", e.basis());
    n.put("script_blob", e.blobId().orElse(null));
    if (e.blobId().isPresent()) {
      n.put("known_text", CheckerEra.knownText(e.blobId().get()).isPresent());
    } else {
      n.putNull("known_text");
    }
    n.put("spec", e.spec());
    ArrayNode f = n.putArray("features");
    e.describeFeatures().forEach(f::add);
    return n;
  }

  public static ObjectNode toolchain(ToolchainCheck t) {
    ObjectNode n = Json.object();
    Toolchain tc = t.toolchain();
    n.put("name", tc.name());
    n.put("origin", tc.origin());
    n.put("description", tc.description());
    ObjectNode prog = n.putObject("programs");
    prog.put("rustc", tc.rustc());
    prog.put("bindgen", tc.bindgen());
    prog.put("cc", tc.cc());
    opt(prog, "rustdoc", tc.rustdoc());
    opt(prog, "rustfmt", tc.rustfmt());
    opt(prog, "clippy_driver", tc.clippyDriver());
    opt(prog, "rust_lib_src", tc.rustLibSrc());
    opt(prog, "krustflags", tc.krustflags());
    ObjectNode env = prog.putObject("env");
    tc.env().forEach(env::put);
    n.set("found", facts(t.facts()));
    n.put("verdict", t.verdict().name().toLowerCase(Locale.ROOT));
    n.put("kernel_exit_code", t.exitCode());
    ArrayNode fs = n.putArray("findings");
    for (Finding f : t.findings()) {
      ObjectNode fn = fs.addObject();
      fn.put("id", f.id().wire());
      fn.put("severity", f.severity().name().toLowerCase(Locale.ROOT));
      fn.put("origin", f.origin());
      strings(fn.putArray("message"), f.message());
      strings(fn.putArray("advice"), f.advice());
    }
    n.put("kernel_stderr", t.stderr());
    if (t.kconfig().isPresent()) {
      n.set("kconfig", kconfig(t.kconfig().get()));
    } else {
      n.putNull("kconfig");
    }
    n.put("millis", t.millis());
    return n;
  }

  /** {@code --config}: what the tree's Kconfig made of it, and the false lines of config RUST. */
  static ObjectNode kconfig(KconfigVerdict k) {
    ObjectNode n = Json.object();
    n.put("config", k.config());
    n.put("rust", k.rustKept());
    opt(n, "error", k.error());
    ArrayNode cs = n.putArray("culprits");
    for (RustRefusal.Culprit c : k.culprits()) {
      ObjectNode cn = cs.addObject();
      cn.put("file", c.line().file());
      cn.put("line", c.line().line());
      cn.put("text", c.line().text());
      ObjectNode v = cn.putObject("values");
      c.values().forEach(v::put);
      ObjectNode r = cn.putObject("raise");
      c.raise().forEach(r::put);
      strings(cn.putArray("turn_off"), c.turnOff());
      ArrayNode b = cn.putArray("because");
      for (RustRefusal.Nested x : c.because()) {
        ObjectNode bn = b.addObject();
        bn.put("symbol", x.symbol());
        bn.put("file", x.line().file());
        bn.put("line", x.line().line());
        bn.put("text", x.line().text());
        ObjectNode br = bn.putObject("raise");
        x.raise().forEach(br::put);
      }
    }
    n.put("cached", k.cached());
    n.put("millis", k.millis());
    return n;
  }

  public static ObjectNode facts(ToolchainFacts f) {
    ObjectNode n = Json.object();
    ObjectNode rustc = n.putObject("rustc");
    opt(rustc, "path", f.rustcPath());
    opt(rustc, "version_line", f.rustcVersionLine());
    opt(rustc, "version", f.rustcVersion());
    opt(rustc, "channel", f.rustcChannel());
    opt(rustc, "llvm", f.rustcLlvm());
    opt(rustc, "host", f.host());
    opt(rustc, "sysroot", f.sysroot());
    ObjectNode core = n.putObject("core_source");
    opt(core, "path", f.coreSource());
    core.put("found", f.coreSourceFound());
    ObjectNode bg = n.putObject("bindgen");
    opt(bg, "path", f.bindgenPath());
    opt(bg, "version", f.bindgenVersion());
    opt(n, "libclang", f.libclangVersion());
    opt(n, "cc", f.cc());
    opt(n, "rustdoc", f.rustdocVersion());
    opt(n, "rustfmt", f.rustfmtVersion());
    opt(n, "clippy", f.clippyVersion());
    return n;
  }

  private static void opt(ObjectNode n, String k, Optional<String> v) {
    if (v.isPresent()) {
      n.put(k, v.get());
    } else {
      n.putNull(k);
    }
  }

  private static void strings(ArrayNode a, List<String> l) {
    l.forEach(a::add);
  }
}
