package dev.krt.features;

import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

  private static final Pattern TOKEN =
      Pattern.compile("\\s*(&&|\\|\\||!=|>=|<=|[!()<>=]|\"[^\"]*\"|[A-Za-z0-9_$.,-]+)");

  /** Evaluates a Kconfig expression: {@code || && ! ( )} and comparisons; anything else is open. */
  static Tri evaluate(String expr, long min, Map<String, Tri> symbols) {
    List<String> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(expr);
    int pos = 0;
    while (pos < expr.length() && m.find(pos) && m.start() == pos) {
      toks.add(m.group(1));
      pos = m.end();
    }
    if (expr.substring(pos).isBlank()) {
      Parser p = new Parser(toks, min, symbols);
      Tri t = p.or();
      return p.i == toks.size() ? t : Tri.OPEN;
    }
    return Tri.OPEN; // not an expression krt can read: claim nothing
  }

  private static final class Parser {
    final List<String> t;
    final long min;
    final Map<String, Tri> symbols;
    int i;

    Parser(List<String> t, long min, Map<String, Tri> symbols) {
      this.t = t;
      this.min = min;
      this.symbols = symbols;
    }

    String peek() {
      return i < t.size() ? t.get(i) : "";
    }

    Tri or() {
      Tri v = and();
      while (peek().equals("||")) {
        i++;
        v = v.or(and());
      }
      return v;
    }

    Tri and() {
      Tri v = unary();
      while (peek().equals("&&")) {
        i++;
        v = v.and(unary());
      }
      return v;
    }

    Tri unary() {
      if (peek().equals("!")) {
        i++;
        return unary().not();
      }
      if (peek().equals("(")) {
        i++;
        Tri v = or();
        if (peek().equals(")")) {
          i++;
        }
        return v;
      }
      String a = atom();
      String op = peek();
      if (op.equals(">=")
          || op.equals("<=")
          || op.equals(">")
          || op.equals("<")
          || op.equals("=")
          || op.equals("!=")) {
        i++;
        String b = atom();
        if (a.equals("RUSTC_VERSION") && b.matches("\\d+")) {
          return compare(op, code(b), min);
        }
        if (b.equals("RUSTC_VERSION") && a.matches("\\d+")) {
          return compare(mirror(op), code(a), min);
        }
        return Tri.OPEN;
      }
      return symbols.getOrDefault(
          a, a.equals("y") ? Tri.TRUE : a.equals("n") ? Tri.FALSE : Tri.OPEN);
    }

    String atom() {
      String a = peek();
      i++;
      return a;
    }

    static String mirror(String op) {
      return switch (op) {
        case ">=" -> "<=";
        case "<=" -> ">=";
        case ">" -> "<";
        case "<" -> ">";
        default -> op;
      };
    }
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
