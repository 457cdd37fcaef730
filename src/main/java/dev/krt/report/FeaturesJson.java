package dev.krt.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.app.FeatureScan;
import dev.krt.features.FeatureStatus;
import dev.krt.features.FeatureUsage;
import dev.krt.features.FeaturesReport;
import dev.krt.features.ToolchainFeatures;
import dev.krt.features.VersionGates;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * {@code krt features --format json}: schemas {@code krt.features/2} and {@code
 * krt.features-gates/2} (docs/features-json.md).
 */
public final class FeaturesJson {
  private FeaturesJson() {}

  public static final String SCHEMA = "krt.features/2";
  public static final String GATES_SCHEMA = "krt.features-gates/2";

  public static void report(FeaturesReport r, PrintStream out) {
    Json.print(tree(r), out);
  }

  public static ObjectNode tree(FeaturesReport r) {
    ObjectNode root = Json.document(SCHEMA);
    kernel(root, r.tree(), r.minimum());
    root.set("usage", usage(r.usage()));
    ArrayNode tcs = root.putArray("toolchains");
    for (ToolchainFeatures t : r.toolchains()) {
      ObjectNode n = tcs.addObject();
      n.put("name", t.toolchain().name());
      n.put("rustc", t.toolchain().rustc());
      n.put("version", t.version().orElse(null));
      n.put("version_line", t.versionLine().orElse(null));
      ObjectNode fs = n.putObject("features");
      t.features().forEach((f, s) -> fs.set(f, status(s)));
      if (t.zflags().isPresent()) {
        ArrayNode z = n.putArray("zflags");
        t.zflags().get().forEach(z::add);
      } else {
        n.putNull("zflags");
      }
      strings(n.putArray("problems"), t.problems());
    }
    root.put("newest", r.newest().map(t -> t.toolchain().name()).orElse(null));
    optionalStrings(root, "blockers", r.blockers());
    optionalStrings(root, "unknown_to_newest", r.unknownToNewest());
    strings(root.putArray("vendored_only"), r.vendoredOnly());
    ObjectNode since = root.putObject("stable_since");
    r.stableSince().forEach((f, v) -> since.put(f, v.toString()));
    ArrayNode steps = root.putArray("steps");
    for (FeaturesReport.Step s : r.steps()) {
      ObjectNode n = steps.addObject();
      n.put("minimum", s.minimum().toString());
      n.put("at_minimum", s.atMinimum());
      strings(n.putArray("features"), s.features());
    }
    optionalStrings(root, "zflags_gone_on_newest", r.zflagsGoneOnNewest());
    return root;
  }

  public static void gates(FeatureScan.Scanned s, VersionGates.Analysis a, PrintStream out) {
    ObjectNode root = Json.document(GATES_SCHEMA);
    kernel(root, s.tree(), s.minimum());
    root.put("new_minimum", a.minimum().toString());
    ArrayNode g = root.putArray("gates");
    for (VersionGates.Judged j : a.gates()) {
      ObjectNode n = gate(j.gate());
      n.put("fate", j.fate().name().toLowerCase(java.util.Locale.ROOT));
      g.add(n);
    }
    strings(root.putArray("constant_symbols"), List.copyOf(a.constantSymbols()));
    ArrayNode uses = root.putArray("dead_uses");
    a.deadUses().forEach(u -> uses.add(symbolUse(u)));
    Json.print(root, out);
  }

  private static void kernel(
      ObjectNode root,
      dev.krt.kernel.KernelTree t,
      java.util.Optional<dev.krt.version.Version> min) {
    ObjectNode k = root.putObject("kernel");
    k.put("source", t.source());
    k.put("version", t.version().toString());
    k.put("rust", t.hasRust());
    root.put("minimum", min.map(Object::toString).orElse(null));
  }

  public static ObjectNode usage(FeatureUsage u) {
    ObjectNode n = Json.object();
    ArrayNode fs = n.putArray("features");
    for (String f : u.featureNames()) {
      ObjectNode x = fs.addObject();
      x.put("name", f);
      ArrayNode where = x.putArray("uses");
      for (FeatureUsage.Feature use : u.features()) {
        if (use.name().equals(f)) {
          where
              .addObject()
              .put("file", use.where().file())
              .put("line", use.where().line())
              .put("how", use.how())
              .put("condition", use.condition().orElse(null))
              .put("vendored", use.vendored());
        }
      }
    }
    ArrayNode zs = n.putArray("zflags");
    for (Map.Entry<String, List<FeatureUsage.ZFlag>> e : FeaturesViews.zflagUses(u).entrySet()) {
      ObjectNode x = zs.addObject();
      x.put("name", e.getKey());
      ArrayNode where = x.putArray("uses");
      e.getValue()
          .forEach(
              z ->
                  where
                      .addObject()
                      .put("file", z.where().file())
                      .put("line", z.where().line())
                      .put("value", z.value().orElse(null))
                      .put("only_if", z.onlyIf().map(c -> "rustc " + c).orElse(null)));
    }
    ArrayNode gs = n.putArray("gates");
    u.gates().forEach(g -> gs.add(gate(g)));
    ArrayNode su = n.putArray("symbol_uses");
    u.symbolUses().forEach(s -> su.add(symbolUse(s)));
    strings(n.putArray("problems"), u.problems());
    return n;
  }

  private static ObjectNode gate(FeatureUsage.VersionGate g) {
    ObjectNode n = Json.object();
    n.put("kind", g.kind());
    n.put("file", g.where().file());
    n.put("line", g.where().line());
    n.put("expression", g.expression().isEmpty() ? null : g.expression());
    ArrayNode cmp = n.putArray("comparisons");
    g.comparisons()
        .forEach(c -> cmp.addObject().put("op", c.op()).put("version", c.version().toString()));
    n.put("symbol", g.symbol().orElse(null));
    n.put("text", g.text());
    return n;
  }

  private static ObjectNode symbolUse(FeatureUsage.SymbolUse s) {
    return Json.object()
        .put("symbol", s.symbol())
        .put("file", s.where().file())
        .put("line", s.where().line())
        .put("text", s.text());
  }

  private static ObjectNode status(FeatureStatus s) {
    ObjectNode n = Json.object();
    n.put("status", s.kind().label());
    n.put("since", s.since().orElse(null));
    n.put("successor", s.successor().orElse(null));
    n.put("note", s.note().orElse(null));
    return n;
  }

  private static void optionalStrings(
      ObjectNode n, String field, java.util.Optional<List<String>> l) {
    if (l.isPresent()) {
      strings(n.putArray(field), l.get());
    } else {
      n.putNull(field);
    }
  }

  private static void strings(ArrayNode a, List<String> l) {
    l.forEach(a::add);
  }
}
