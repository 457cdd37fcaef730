package dev.krt.kernel.kconfig;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kconfig expression ({@code depends on}, {@code def_bool}, {@code if}), as {@code
 * scripts/kconfig} reads it: {@code || && ! ( )}, comparisons, symbols and constants. Values are
 * tristate ({@code n}=0, {@code m}=1, {@code y}=2): {@code !} is {@code 2 - x}, {@code &&} the
 * minimum, {@code ||} the maximum, a comparison {@code y} or {@code n}, numeric when both sides are
 * numbers (as Kconfig compares int and hex symbols), else by their text.
 */
public sealed interface KconfigExpr {
  int N = 0;
  int M = 1;
  int Y = 2;

  /** A symbol ({@code CALL_PADDING}) or a constant ({@code 108100}, {@code y}, {@code "x86"}). */
  record Symbol(String name) implements KconfigExpr {
    /** A constant: a number, a quoted string, or {@code y}/{@code m}/{@code n}. */
    public boolean constant() {
      return name.startsWith("\"") || NUMBER.matcher(name).matches() || TRISTATE.contains(name);
    }
  }

  record Not(KconfigExpr e) implements KconfigExpr {}

  record And(KconfigExpr a, KconfigExpr b) implements KconfigExpr {}

  record Or(KconfigExpr a, KconfigExpr b) implements KconfigExpr {}

  record Compare(String op, Symbol a, Symbol b) implements KconfigExpr {
    /** The operator with its sides swapped: {@code N op X} is {@code X mirror(op) N}. */
    public static String mirror(String op) {
      return switch (op) {
        case ">=" -> "<=";
        case "<=" -> ">=";
        case ">" -> "<";
        case "<" -> ">";
        default -> op;
      };
    }
  }

  Pattern NUMBER = Pattern.compile("-?\\d+|0[xX][0-9a-fA-F]+");
  Set<String> TRISTATE = Set.of("y", "m", "n");

  /**
   * The expression, or empty when it is not one Kconfig would read (krt then claims nothing about
   * it). {@code $(...)} macros are kept whole as one symbol name: they are expanded by Kconfig
   * before parsing, and krt does not run them.
   */
  static Optional<KconfigExpr> parse(String text) {
    List<String> toks = new ArrayList<>();
    Matcher m = Parser.TOKEN.matcher(text);
    int pos = 0;
    while (pos < text.length()) {
      if (!m.find(pos) || m.start() != pos) {
        return Optional.empty();
      }
      if (m.group(1) != null) {
        toks.add(m.group(1));
      }
      pos = m.end();
    }
    if (toks.isEmpty()) {
      return Optional.empty();
    }
    Parser p = new Parser(toks);
    Optional<KconfigExpr> e = p.or();
    return p.i == toks.size() ? e : Optional.empty();
  }

  /**
   * The value under a configuration.
   *
   * @param value a symbol's value as {@code .config} has it ({@code y}, {@code 108100}, text
   *     without quotes), or null for a symbol it does not set (which Kconfig takes as {@code n})
   */
  default int eval(Function<String, String> value) {
    if (this instanceof Symbol s) {
      String v = s.constant() ? s.name() : value.apply(s.name());
      return v == null ? N : v.equals("y") ? Y : v.equals("m") ? M : N;
    }
    if (this instanceof Not n) {
      return Y - n.e().eval(value);
    }
    if (this instanceof And a) {
      return Math.min(a.a().eval(value), a.b().eval(value));
    }
    if (this instanceof Or o) {
      return Math.max(o.a().eval(value), o.b().eval(value));
    }
    Compare c = (Compare) this;
    String x = text(c.a(), value);
    String y = text(c.b(), value);
    int cmp;
    Optional<Long> nx = number(x);
    Optional<Long> ny = number(y);
    if (nx.isPresent() && ny.isPresent()) {
      cmp = Long.compare(nx.get(), ny.get());
    } else {
      cmp = x.compareTo(y);
    }
    boolean r =
        switch (c.op()) {
          case "=" -> cmp == 0;
          case "!=" -> cmp != 0;
          case "<" -> cmp < 0;
          case "<=" -> cmp <= 0;
          case ">" -> cmp > 0;
          default -> cmp >= 0;
        };
    return r ? Y : N;
  }

  private static String text(Symbol s, Function<String, String> value) {
    if (s.constant()) {
      return s.name().startsWith("\"") ? s.name().substring(1, s.name().length() - 1) : s.name();
    }
    String v = value.apply(s.name());
    return v == null ? "n" : v;
  }

  private static Optional<Long> number(String s) {
    try {
      if (s.matches("0[xX][0-9a-fA-F]{1,15}")) {
        return Optional.of(Long.parseLong(s.substring(2), 16));
      }
      if (s.matches("-?\\d{1,18}")) {
        return Optional.of(Long.parseLong(s));
      }
    } catch (NumberFormatException e) {
      // not a number Kconfig would read either
    }
    return Optional.empty();
  }

  Symbol YES = new Symbol("y");
  Symbol NO = new Symbol("n");

  /**
   * What is left of it once some symbols are known: known comparisons and symbols become {@code
   * y}/{@code n} and fold away. {@code !CALL_PADDING || RUSTC_VERSION >= 108100} with {@code
   * RUSTC_VERSION} 107800 leaves {@code !CALL_PADDING}.
   *
   * @param known a symbol's value, or null when it is open
   */
  default KconfigExpr partial(Function<String, String> known) {
    if (this instanceof Symbol s) {
      if (s.constant()) {
        return s.name().equals("y") ? YES : s.name().equals("n") ? NO : s;
      }
      String v = known.apply(s.name());
      return v == null ? s : eval(x -> v) == Y ? YES : NO;
    }
    if (this instanceof Not n) {
      KconfigExpr e = n.e().partial(known);
      return e.equals(YES) ? NO : e.equals(NO) ? YES : new Not(e);
    }
    if (this instanceof And a) {
      KconfigExpr x = a.a().partial(known);
      KconfigExpr y = a.b().partial(known);
      return x.equals(NO) || y.equals(NO)
          ? NO
          : x.equals(YES) ? y : y.equals(YES) ? x : new And(x, y);
    }
    if (this instanceof Or o) {
      KconfigExpr x = o.a().partial(known);
      KconfigExpr y = o.b().partial(known);
      return x.equals(YES) || y.equals(YES)
          ? YES
          : x.equals(NO) ? y : y.equals(NO) ? x : new Or(x, y);
    }
    Compare c = (Compare) this;
    boolean open =
        (!c.a().constant() && known.apply(c.a().name()) == null)
            || (!c.b().constant() && known.apply(c.b().name()) == null);
    return open ? c : eval(known) == Y ? YES : NO;
  }

  /** As Kconfig would write it, with the parentheses it needs. */
  default String render() {
    return render(this, 0);
  }

  private static String render(KconfigExpr e, int outer) {
    // binding: || 1, && 2, ! and atoms 3
    if (e instanceof Symbol s) {
      return s.name();
    }
    if (e instanceof Not n) {
      return "!" + render(n.e(), 3);
    }
    if (e instanceof Compare c) {
      String t = c.a().name() + " " + c.op() + " " + c.b().name();
      return outer == 3 ? "(" + t + ")" : t;
    }
    if (e instanceof And a) {
      String t = render(a.a(), 2) + " && " + render(a.b(), 2);
      return outer > 2 ? "(" + t + ")" : t;
    }
    Or o = (Or) e;
    String t = render(o.a(), 1) + " || " + render(o.b(), 1);
    return outer > 1 ? "(" + t + ")" : t;
  }

  /** The symbols it reads (not its constants), in order of appearance. */
  default Set<String> symbols() {
    Set<String> out = new LinkedHashSet<>();
    collect(this, out);
    return out;
  }

  private static void collect(KconfigExpr e, Set<String> out) {
    if (e instanceof Symbol s) {
      if (!s.constant()) {
        out.add(s.name());
      }
    } else if (e instanceof Not n) {
      collect(n.e(), out);
    } else if (e instanceof And a) {
      collect(a.a(), out);
      collect(a.b(), out);
    } else if (e instanceof Or o) {
      collect(o.a(), out);
      collect(o.b(), out);
    } else if (e instanceof Compare c) {
      collect(c.a(), out);
      collect(c.b(), out);
    }
  }

  /** The constants a symbol is compared with ({@code RUSTC_VERSION >= 108100} gives 108100). */
  default List<Long> comparedWith(String symbol) {
    List<Long> out = new ArrayList<>();
    comparisons(this, symbol, out);
    return out;
  }

  private static void comparisons(KconfigExpr e, String symbol, List<Long> out) {
    if (e instanceof Not n) {
      comparisons(n.e(), symbol, out);
    } else if (e instanceof And a) {
      comparisons(a.a(), symbol, out);
      comparisons(a.b(), symbol, out);
    } else if (e instanceof Or o) {
      comparisons(o.a(), symbol, out);
      comparisons(o.b(), symbol, out);
    } else if (e instanceof Compare c) {
      Symbol other =
          c.a().name().equals(symbol) ? c.b() : c.b().name().equals(symbol) ? c.a() : null;
      if (other != null) {
        number(other.name()).ifPresent(out::add);
      }
    }
  }

  /** Recursive descent over tokens: {@code ||} binds loosest, then {@code &&}, then {@code !}. */
  final class Parser {
    static final Pattern TOKEN =
        Pattern.compile(
            "\\s+|(&&|\\|\\||!=|>=|<=|[!()<>=]|\"[^\"]*\"|'[^']*'|\\$\\([^()]*(?:\\([^()]*\\)[^()]*)*\\)|[A-Za-z0-9_.-]+)");

    final List<String> t;
    int i;

    Parser(List<String> t) {
      this.t = t;
    }

    String peek() {
      return i < t.size() ? t.get(i) : "";
    }

    Optional<KconfigExpr> or() {
      Optional<KconfigExpr> v = and();
      while (v.isPresent() && peek().equals("||")) {
        i++;
        Optional<KconfigExpr> r = and();
        v = r.isEmpty() ? Optional.empty() : Optional.of(new Or(v.get(), r.get()));
      }
      return v;
    }

    Optional<KconfigExpr> and() {
      Optional<KconfigExpr> v = unary();
      while (v.isPresent() && peek().equals("&&")) {
        i++;
        Optional<KconfigExpr> r = unary();
        v = r.isEmpty() ? Optional.empty() : Optional.of(new And(v.get(), r.get()));
      }
      return v;
    }

    Optional<KconfigExpr> unary() {
      if (peek().equals("!")) {
        i++;
        return unary().map(Not::new);
      }
      if (peek().equals("(")) {
        i++;
        Optional<KconfigExpr> v = or();
        if (!peek().equals(")")) {
          return Optional.empty();
        }
        i++;
        return v;
      }
      Optional<Symbol> a = atom();
      if (a.isEmpty()) {
        return Optional.empty();
      }
      String op = peek();
      if (List.of("=", "!=", "<", "<=", ">", ">=").contains(op)) {
        i++;
        Optional<Symbol> b = atom();
        return b.map(x -> new Compare(op, a.get(), x));
      }
      return Optional.of(a.get());
    }

    Optional<Symbol> atom() {
      String a = peek();
      if (a.isEmpty() || "()!&&||=<>".contains(a) || List.of("!=", "<=", ">=").contains(a)) {
        return Optional.empty();
      }
      i++;
      if (a.startsWith("'")) {
        a = "\"" + a.substring(1, a.length() - 1) + "\"";
      }
      return Optional.of(new Symbol(a));
    }
  }
}
