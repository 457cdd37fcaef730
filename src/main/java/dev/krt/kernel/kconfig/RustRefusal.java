package dev.krt.kernel.kconfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Why Kconfig dropped {@code CONFIG_RUST} from a configuration: the {@code depends on} lines of
 * {@code config RUST} that are false under the {@code .config} Kconfig wrote, with the values that
 * made them false and what would make each true.
 */
public final class RustRefusal {
  private RustRefusal() {}

  /** The version symbols a fix can raise: the ones Kbuild computes from the toolchain. */
  public static final List<String> VERSIONS = List.of("RUSTC_VERSION", "RUSTC_LLVM_VERSION");

  /**
   * One false line.
   *
   * @param values each symbol the line reads and its value in the config ({@code n} when unset)
   * @param raise for {@code RUSTC_VERSION} / {@code RUSTC_LLVM_VERSION}: the lowest value that
   *     makes the line true, all else kept
   * @param turnOff symbols that are on, any one of which, off, makes the line true
   * @param because for a symbol the line needs on that is off: its own false {@code depends on}
   *     lines (one level down), e.g. {@code HAVE_CFI_ICALL_NORMALIZE_INTEGERS_RUSTC}'s, or for one
   *     only a {@code select} turns on ({@code HAVE_RUST}), the selects
   */
  public record Culprit(
      KconfigEntry.Line line,
      Map<String, String> values,
      Map<String, Long> raise,
      List<String> turnOff,
      List<Nested> because) {}

  /** A false line of a symbol a culprit needs, and the version that makes it true. */
  public record Nested(String symbol, KconfigEntry.Line line, Map<String, Long> raise) {}

  /** Every false {@code depends on} line of {@code config RUST}, in file order. */
  public static List<Culprit> of(RustKconfig k, DotConfig config) {
    List<Culprit> out = new ArrayList<>();
    for (KconfigEntry.Line d : k.rust().dependsOn()) {
      if (d.expression().isEmpty()) {
        continue;
      }
      KconfigExpr e = d.expression().get();
      if (e.eval(with(config, null, null)) != KconfigExpr.N) {
        continue;
      }
      Map<String, String> shown = new LinkedHashMap<>();
      for (String s : e.symbols()) {
        shown.put(s, config.get(s).orElse("n"));
      }
      List<String> off = new ArrayList<>();
      for (String s : e.symbols()) {
        if (config.enabled(s) && e.eval(with(config, s, "n")) != KconfigExpr.N) {
          off.add(s);
        }
      }
      List<Nested> nested = new ArrayList<>();
      for (String s : e.symbols()) {
        KconfigEntry def = k.related().get(s);
        if (def == null || config.enabled(s)) {
          continue;
        }
        int before = nested.size();
        for (KconfigEntry.Line l : def.dependsOn()) {
          if (l.expression().isPresent()
              && l.expression().get().eval(with(config, null, null)) == KconfigExpr.N) {
            nested.add(new Nested(s, l, raise(l.expression().get(), config)));
          }
        }
        if (nested.size() == before) {
          // A symbol nothing but a select turns on (HAVE_RUST): the selects are why it is off.
          def.selectedBy().stream().limit(3).forEach(l -> nested.add(new Nested(s, l, Map.of())));
        }
      }
      out.add(new Culprit(d, shown, raise(e, config), off, nested));
    }
    return out;
  }

  /** For each version symbol the expression compares: the lowest value that makes it true. */
  static Map<String, Long> raise(KconfigExpr e, DotConfig config) {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String sym : VERSIONS) {
      List<Long> consts = e.comparedWith(sym);
      if (consts.isEmpty()) {
        continue;
      }
      long now = parse(config.get(sym).orElse(null)).orElse(0L);
      TreeSet<Long> candidates = new TreeSet<>();
      for (long c : consts) {
        candidates.add(c);
        candidates.add(c + 1);
      }
      for (long c : candidates) {
        if (c > now && e.eval(with(config, sym, Long.toString(c))) != KconfigExpr.N) {
          out.put(sym, c);
          break;
        }
      }
    }
    return out;
  }

  private static Optional<Long> parse(String s) {
    try {
      return s == null ? Optional.empty() : Optional.of(Long.parseLong(s));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** The config's values as an expression reads them, with one symbol set otherwise if given. */
  private static java.util.function.Function<String, String> with(
      DotConfig config, String symbol, String v) {
    return s -> s.equals(symbol) ? v : config.get(s).orElse(null);
  }
}
