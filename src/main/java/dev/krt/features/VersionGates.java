package dev.krt.features;

import dev.krt.kernel.kconfig.KconfigExpr;
import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which version gates a new rustc minimum makes constant. A Kconfig expression is judged as a
 * whole, in three-valued logic: each {@code RUSTC_VERSION} comparison is true, false or still open
 * for the versions the minimum allows, every other symbol is open (or constant, for a {@code
 * RUSTC_HAS_*} symbol the minimum fixes). A gate that is always true or always false has a dead
 * branch; one whose comparisons are partly constant can be simplified. {@code rustc-option} probes
 * are not decided by the version.
 */
public final class VersionGates {
  private VersionGates() {}

  /** A gate under a minimum. */
  public enum Fate {
    ALWAYS_TRUE,
    ALWAYS_FALSE,
    /** Still decided, but a comparison in it is constant (it can be simplified). */
    SIMPLIFIABLE,
    LIVE,
    NOT_BY_VERSION
  }

  public record Judged(FeatureUsage.VersionGate gate, Fate fate) {}

  /**
   * @param constantSymbols RUSTC_HAS_* symbols that are always y or always n under the minimum
   * @param deadUses places that test such a symbol
   */
  public record Analysis(
      Version minimum,
      List<Judged> gates,
      Set<String> constantSymbols,
      List<FeatureUsage.SymbolUse> deadUses) {
    public List<Judged> with(Fate f) {
      return gates.stream().filter(g -> g.fate() == f).toList();
    }
  }

  /** Three-valued truth: true, false, or depends on something else. */
  enum Tri {
    TRUE,
    FALSE,
    OPEN;

    Tri and(Tri o) {
      return this == FALSE || o == FALSE ? FALSE : this == TRUE && o == TRUE ? TRUE : OPEN;
    }

    Tri or(Tri o) {
      return this == TRUE || o == TRUE ? TRUE : this == FALSE && o == FALSE ? FALSE : OPEN;
    }

    Tri not() {
      return this == TRUE ? FALSE : this == FALSE ? TRUE : OPEN;
    }
  }

  public static Analysis under(FeatureUsage usage, Version minimum) {
    long min = minimum.rustcCode();
    Map<String, Tri> symbols = new HashMap<>();
    // Symbols first (a later expression may test one), in file order.
    for (FeatureUsage.VersionGate g : usage.gates()) {
      if (g.kind().equals("symbol")) {
        Tri t = evaluate(g.expression(), min, symbols);
        if (t != Tri.OPEN) {
          symbols.put(g.symbol().get(), t);
        }
      }
    }
    List<Judged> judged = new ArrayList<>();
    for (FeatureUsage.VersionGate g : usage.gates()) {
      judged.add(new Judged(g, fate(g, min, symbols)));
    }
    Set<String> constant = new TreeSet<>(symbols.keySet());
    List<FeatureUsage.SymbolUse> dead =
        usage.symbolUses().stream().filter(u -> constant.contains(u.symbol())).toList();
    return new Analysis(minimum, List.copyOf(judged), constant, dead);
  }

  private static Fate fate(FeatureUsage.VersionGate g, long min, Map<String, Tri> symbols) {
    if (g.kind().equals("rustc-option")) {
      return Fate.NOT_BY_VERSION;
    }
    Tri t = evaluate(g.expression(), min, symbols);
    if (t == Tri.TRUE) {
      return Fate.ALWAYS_TRUE;
    }
    if (t == Tri.FALSE) {
      return Fate.ALWAYS_FALSE;
    }
    return g.comparisons().stream().anyMatch(c -> compare(c.op(), c.code(), min) != Tri.OPEN)
        ? Fate.SIMPLIFIABLE
        : Fate.LIVE;
  }

  /** {@code RUSTC_VERSION op code} for every version at or above the minimum. */
  static Tri compare(String op, long code, long min) {
    return switch (op) {
      case ">=" -> code <= min ? Tri.TRUE : Tri.OPEN;
      case ">" -> code < min ? Tri.TRUE : Tri.OPEN;
      case "<" -> code <= min ? Tri.FALSE : Tri.OPEN;
      case "<=" -> code < min ? Tri.FALSE : Tri.OPEN;
      case "=" -> code < min ? Tri.FALSE : Tri.OPEN;
      case "!=" -> code < min ? Tri.TRUE : Tri.OPEN;
      default -> Tri.OPEN;
    };
  }

  /**
   * Evaluates a Kconfig expression ({@link KconfigExpr}) for every version at or above the minimum:
   * {@code RUSTC_VERSION} comparisons are decided where the minimum decides them, other symbols are
   * open unless known; an expression Kconfig would not read is open (krt claims nothing).
   */
  static Tri evaluate(String expr, long min, Map<String, Tri> symbols) {
    return KconfigExpr.parse(expr).map(e -> tri(e, min, symbols)).orElse(Tri.OPEN);
  }

  private static Tri tri(KconfigExpr e, long min, Map<String, Tri> symbols) {
    if (e instanceof KconfigExpr.Symbol s) {
      return symbols.getOrDefault(
          s.name(), s.name().equals("y") ? Tri.TRUE : s.name().equals("n") ? Tri.FALSE : Tri.OPEN);
    }
    if (e instanceof KconfigExpr.Not n) {
      return tri(n.e(), min, symbols).not();
    }
    if (e instanceof KconfigExpr.And a) {
      return tri(a.a(), min, symbols).and(tri(a.b(), min, symbols));
    }
    if (e instanceof KconfigExpr.Or o) {
      return tri(o.a(), min, symbols).or(tri(o.b(), min, symbols));
    }
    KconfigExpr.Compare c = (KconfigExpr.Compare) e;
    String a = c.a().name();
    String b = c.b().name();
    if (a.equals("RUSTC_VERSION") && b.matches("\\d+")) {
      return compare(c.op(), code(b), min);
    }
    if (b.equals("RUSTC_VERSION") && a.matches("\\d+")) {
      return compare(KconfigExpr.Compare.mirror(c.op()), code(a), min);
    }
    return Tri.OPEN;
  }

  /** The version a kernel code stands for: 108800 is 1.88.0. */
  /**
   * A version code as a tree writes it ({@code 108500}); digits beyond any real code saturate at
   * {@link Long#MAX_VALUE} rather than overflow (fuzzing found the overflow).
   */
  static long code(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }

  public static Version version(long code) {
    return Version.of(code / 100000, (code / 100) % 1000, code % 100);
  }
}
