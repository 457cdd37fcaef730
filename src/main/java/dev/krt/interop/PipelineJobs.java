package dev.krt.interop;

import dev.krt.error.UserException;
import dev.krt.matrix.CellSelector;
import dev.krt.matrix.MatrixSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The jobs a CI pipeline runs a matrix file in: one per cell while the platform allows as many
 * jobs, else (or with {@code --shards N}) N shards of cells in the file's order. Each job builds
 * its cells with {@code krt matrix run FILE --only SELECTOR}; decided from the file alone, since
 * the machine exporting has none of the jobs' toolchains.
 */
public final class PipelineJobs {
  /**
   * One job.
   *
   * @param selector its {@code --only}
   * @param before the {@code before:} commands of its kernels and toolchains, in the file's order
   * @param timeout every step's timeout of every cell, the most the job can take
   */
  public record Job(
      String name, String selector, List<String> cells, List<String> before, Duration timeout) {}

  private PipelineJobs() {}

  /**
   * @param limit the most jobs the platform runs from one matrix
   * @param shards the number of jobs asked for, or 0 for one per cell (sharded beyond the limit)
   */
  public static List<Job> of(MatrixSpec spec, int limit, int shards, String platform) {
    List<MatrixSpec.SpecCell> cells = spec.cells();
    List<String> hooks = new ArrayList<>();
    spec.kernels().forEach(k -> hooks.addAll(k.before()));
    spec.toolchains().forEach(t -> hooks.addAll(t.before()));
    if (hooks.stream().anyMatch(h -> h.contains("${{"))) {
      // GitHub expands expressions in matrix values before the job runs: a hook would run
      // whatever an expression gave (a commit message, a branch name).
      throw new UserException(
          spec.file() + ": a before: hook holds '${{'; CI expressions do not go into hooks");
    }
    if (shards > limit) {
      throw new UserException(
          "--shards " + shards + ": " + platform + " runs at most " + limit + " jobs of a matrix");
    }
    if (shards > cells.size()) {
      throw new UserException(
          "--shards " + shards + ": " + spec.file() + " has only " + cells.size() + " cells");
    }
    Duration perCell =
        spec.steps().stream()
            .map(MatrixSpec.StepSpec::timeout)
            .reduce(Duration.ZERO, Duration::plus);
    List<Job> out = new ArrayList<>();
    if (shards == 0 && cells.size() <= limit) {
      for (MatrixSpec.SpecCell c : cells) {
        String sel = CellSelector.of(c).toString();
        out.add(new Job(name(c), sel, List.of(c.label()), before(List.of(c)), perCell));
      }
      return out;
    }
    int n = shards == 0 ? limit : shards;
    for (int i = 1; i <= n; i++) {
      CellSelector sel = CellSelector.shard(i, n);
      List<MatrixSpec.SpecCell> mine = sel.select(spec);
      out.add(
          new Job(
              "krt shard " + i + " of " + n,
              sel.toString(),
              mine.stream().map(MatrixSpec.SpecCell::label).toList(),
              before(mine),
              perCell.multipliedBy(mine.size())));
    }
    return out;
  }

  /** The cell's names; GitLab takes job names of at most 255 characters. */
  private static String name(MatrixSpec.SpecCell c) {
    String n =
        c.kernel().name() + " " + c.toolchain().name() + " " + c.arch() + " " + c.config().name();
    return n.length() <= 255 ? n : "krt cell " + (c.ordinal() + 1);
  }

  /** Each kernel's and toolchain's hook once, whole: a command repeated in two hooks runs twice. */
  private static List<String> before(List<MatrixSpec.SpecCell> cells) {
    Set<List<String>> hooks = new LinkedHashSet<>();
    for (MatrixSpec.SpecCell c : cells) {
      hooks.add(c.kernel().before());
    }
    for (MatrixSpec.SpecCell c : cells) {
      hooks.add(c.toolchain().before());
    }
    List<String> out = new ArrayList<>();
    hooks.forEach(out::addAll);
    return List.copyOf(out);
  }
}
