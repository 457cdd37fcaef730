package dev.krt.farm;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixPlanner;
import dev.krt.matrix.MatrixSpec;
import dev.krt.matrix.MatrixSpecException;
import dev.krt.matrix.MatrixSpecParser;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A worker's view of a farm cell: the run's matrix planned with this machine's kernels and
 * toolchains, for that cell's kernel and toolchain only. The worker builds the cell only if its own
 * plan gives the same cell key (the same kernel contents, toolchain fingerprint, arch, config and
 * steps): never with something else under the same name.
 */
final class FarmPlans {
  /** The cell to build, or why this worker cannot. */
  record Planned(Optional<MatrixPlan.Cell> cell, Optional<String> refusal) {
    static Planned refused(String why) {
      return new Planned(Optional.empty(), Optional.of(why));
    }
  }

  private final MatrixPlanner planner;
  private final String worker;

  /** Plans by run, kernel and toolchain: the cells of one pair are planned once. */
  private final Cache<List<String>, Object> plans = Caffeine.newBuilder().maximumSize(256).build();

  FarmPlans(Map<String, String> env, Path cwd, Path cacheRoot, String worker) {
    this.planner = new MatrixPlanner(env, cwd, cacheRoot);
    this.worker = worker;
  }

  Planned plan(RunRow run, CellRow cell) {
    Object p =
        plans.get(List.of(run.id(), cell.kernel(), cell.toolchain()), k -> planPair(run, cell));
    if (p instanceof String why) {
      return Planned.refused(why);
    }
    MatrixPlan plan = (MatrixPlan) p;
    Optional<MatrixPlan.Cell> mine = plan.cell(cell.key());
    if (mine.isPresent()) {
      return new Planned(mine, Optional.empty());
    }
    return Planned.refused(
        "worker "
            + worker
            + " has kernel '"
            + cell.kernel()
            + "' and toolchain '"
            + cell.toolchain()
            + "', but not the run's: the cell key differs (other kernel contents, or another rustc, bindgen, cc, path or environment under that name)");
  }

  /** The plan of one kernel × toolchain pair of the run, or why this worker cannot make it. */
  private Object planPair(RunRow run, CellRow cell) {
    try {
      MatrixSpec all = MatrixSpecParser.parse(run.specText(), Path.of(run.specPath()));
      MatrixSpec pair =
          all.narrowed(
              all.kernels().stream().filter(k -> k.name().equals(cell.kernel())).toList(),
              all.toolchains().stream().filter(t -> t.name().equals(cell.toolchain())).toList(),
              all.arches(),
              all.configs());
      if (pair.kernels().isEmpty() || pair.toolchains().isEmpty()) {
        return "the run's matrix has no kernel '"
            + cell.kernel()
            + "' or toolchain '"
            + cell.toolchain()
            + "'";
      }
      return planner.plan(pair, run.specText());
    } catch (MatrixSpecException | IOException | RuntimeException e) {
      String msg = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
      // The planner names the matrix file; on a worker the reason is what the machine lacks.
      String file = run.specPath() + ":";
      int at = msg.indexOf(file);
      String why = at >= 0 ? msg.substring(at + file.length()).replaceFirst("^\\d+: ", "") : msg;
      why = why.lines().findFirst().orElse(why);
      if (why.startsWith("unknown toolchain '")) {
        return "worker " + worker + " has no toolchain '" + cell.toolchain() + "'";
      }
      return "worker " + worker + " cannot build it: " + why;
    }
  }
}
