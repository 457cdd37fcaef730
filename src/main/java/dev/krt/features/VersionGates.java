package dev.krt.features;

import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which version gates a new rustc minimum makes constant: a {@code RUSTC_VERSION >= N} or {@code
 * rustc-min-version,N} that every allowed compiler passes is always true, so its other branch is
 * dead code; a {@code RUSTC_HAS_*} symbol defined that way is always y, so every place that tests
 * it has a dead branch too. {@code rustc-option} probes are not decided by the version.
 */
public final class VersionGates {
  private VersionGates() {}

  /** A gate under a minimum: always true, always false, or still live. */
  public enum Fate {
    ALWAYS_TRUE,
    ALWAYS_FALSE,
    LIVE,
    NOT_BY_VERSION
  }

  public record Judged(FeatureUsage.VersionGate gate, Fate fate) {}

  /**
   * @param constantSymbols RUSTC_HAS_* symbols that are always y (or always n) under the minimum
   * @param deadUses places that test such a symbol
   */
  public record Analysis(Version minimum, List<Judged> gates, Set<String> constantSymbols, List<FeatureUsage.SymbolUse> deadUses) {
    public List<Judged> with(Fate f) {
      return gates.stream().filter(g -> g.fate() == f).toList();
    }
  }

  public static Analysis under(FeatureUsage usage, Version minimum) {
    long min = minimum.rustcCode();
    List<Judged> judged = new ArrayList<>();
    Set<String> constant = new TreeSet<>();
    for (FeatureUsage.VersionGate g : usage.gates()) {
      Fate f = g.kind().equals("rustc-option") ? Fate.NOT_BY_VERSION : fate(g.op(), g.code(), min);
      judged.add(new Judged(g, f));
      if (g.symbol().isPresent() && (f == Fate.ALWAYS_TRUE || f == Fate.ALWAYS_FALSE)) {
        constant.add(g.symbol().get());
      }
    }
    List<FeatureUsage.SymbolUse> dead = usage.symbolUses().stream().filter(u -> constant.contains(u.symbol())).toList();
    return new Analysis(minimum, List.copyOf(judged), constant, dead);
  }

  /** {@code RUSTC_VERSION op code} for every version at or above the minimum. */
  static Fate fate(String op, long code, long min) {
    return switch (op) {
      case ">=" -> code <= min ? Fate.ALWAYS_TRUE : Fate.LIVE;
      case ">" -> code < min ? Fate.ALWAYS_TRUE : Fate.LIVE;
      case "<" -> code <= min ? Fate.ALWAYS_FALSE : Fate.LIVE;
      case "<=" -> code < min ? Fate.ALWAYS_FALSE : Fate.LIVE;
      case "=" -> code < min ? Fate.ALWAYS_FALSE : Fate.LIVE;
      case "!=" -> code < min ? Fate.ALWAYS_TRUE : Fate.LIVE;
      default -> Fate.LIVE;
    };
  }

  /** The version a kernel code stands for: 108800 is 1.88.0. */
  public static Version version(long code) {
    return Version.of(code / 100000, (code / 100) % 1000, code % 100);
  }
}
