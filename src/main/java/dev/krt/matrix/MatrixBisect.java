package dev.krt.matrix;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds the first toolchain of an ordered list (nightlies by date, releases by version) with which
 * a cell fails, building as few as a binary search needs. It assumes what bisection always assumes:
 * once broken, the later ones stay broken. The first and the last are built to check the bounds.
 */
public final class MatrixBisect {
  private MatrixBisect() {}

  /** A toolchain tried, in the order tried. */
  public record Probe(int index, String toolchain, CellRow row) {
    public boolean passed() {
      return row.status() == CellStatus.PASS;
    }
  }

  /**
   * The outcome. {@code firstBad} is empty when even the last passes; {@code lastGood} empty when
   * even the first fails.
   */
  public record Result(
      List<String> order,
      Optional<Integer> lastGood,
      Optional<Integer> firstBad,
      List<Probe> probes) {}

  /**
   * Bisects {@code cells} (one per toolchain, in order) with {@code build} (which records each).
   */
  public static Result run(List<MatrixPlan.Cell> cells, Function<MatrixPlan.Cell, CellRow> build) {
    List<String> order = cells.stream().map(c -> c.toolchain().name()).toList();
    List<Probe> probes = new ArrayList<>();
    Function<Integer, Boolean> passes =
        i -> {
          for (Probe p : probes) {
            if (p.index() == i) {
              return p.passed();
            }
          }
          Probe p = new Probe(i, order.get(i), build.apply(cells.get(i)));
          probes.add(p);
          return p.passed();
        };
    int n = cells.size();
    if (!passes.apply(0)) {
      return new Result(order, Optional.empty(), Optional.of(0), probes);
    }
    if (n == 1 || passes.apply(n - 1)) {
      return new Result(order, Optional.of(n - 1), Optional.empty(), probes);
    }
    int good = 0;
    int bad = n - 1;
    while (bad - good > 1) {
      int mid = (good + bad) >>> 1;
      if (passes.apply(mid)) {
        good = mid;
      } else {
        bad = mid;
      }
    }
    return new Result(order, Optional.of(good), Optional.of(bad), probes);
  }
}
