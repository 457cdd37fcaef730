package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class MatrixBisectTest {
  static MatrixPlan.Cell cell(int i) {
    BuildToolchain tc = new BuildToolchain("tc" + i, null, Optional.empty());
    return new MatrixPlan.Cell(
        i, "key" + i, null, null, tc, Optional.empty(), null, null, List.of());
  }

  static CellRow row(MatrixPlan.Cell c, boolean pass) {
    return new CellRow(
        "run",
        c.key(),
        c.ordinal(),
        "k",
        c.toolchain().name(),
        "x86_64",
        "rust",
        "s",
        pass ? CellStatus.PASS : CellStatus.FAIL,
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty(),
        Optional.empty());
  }

  /**
   * Whatever the list and wherever it breaks, the search finds the break in about log2(n) builds.
   */
  @Property
  void findsTheFirstFailureWithFewBuilds(
      @ForAll @IntRange(min = 1, max = 200) int n,
      @ForAll @IntRange(min = 0, max = 200) int breakAt) {
    int b = Math.min(breakAt, n); // b == n: nothing fails
    List<MatrixPlan.Cell> cells = IntStream.range(0, n).mapToObj(MatrixBisectTest::cell).toList();
    List<Integer> built = new ArrayList<>();
    MatrixBisect.Result r =
        MatrixBisect.run(
            cells,
            c -> {
              built.add(c.ordinal());
              return row(c, c.ordinal() < b);
            });
    if (b == n) {
      assertThat(r.firstBad()).isEmpty();
      assertThat(r.lastGood()).contains(n - 1);
    } else if (b == 0) {
      assertThat(r.firstBad()).contains(0);
      assertThat(r.lastGood()).isEmpty();
    } else {
      assertThat(r.firstBad()).contains(b);
      assertThat(r.lastGood()).contains(b - 1);
    }
    assertThat(built).doesNotHaveDuplicates();
    assertThat(built.size())
        .isLessThanOrEqualTo(2 + (int) Math.ceil(Math.log(Math.max(n, 2)) / Math.log(2)));
    assertThat(r.probes()).hasSize(built.size());
  }
}
