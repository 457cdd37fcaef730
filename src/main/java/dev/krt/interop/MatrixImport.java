package dev.krt.interop;

import dev.krt.error.UserException;
import dev.krt.matrix.CellKeys;
import dev.krt.matrix.KernelCheckout;
import dev.krt.matrix.MatrixRunner;
import dev.krt.matrix.MatrixSpec;
import dev.krt.matrix.MatrixSpecException;
import dev.krt.matrix.MatrixSpecParser;
import dev.krt.matrix.RunLayout;
import dev.krt.store.Store;
import dev.krt.text.TerminalSafe;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * {@code krt matrix import DIR...}: records one run from the cell results a CI pipeline's jobs
 * wrote ({@link ResultDirs}), found anywhere under each directory, as CI systems nest artifacts.
 * Every file is checked before anything is recorded; the run's cells, steps, metadata and logs are
 * stored as a local run's are. The same results imported again give the run they made before.
 */
public final class MatrixImport {
  /** At most this many results: a matrix plans at most 10,000 cells. */
  static final int MAX_RESULTS = 10_000;

  /** What import holds of all results at once, their matrix text aside. */
  static final long MAX_KEPT = 64L << 20;

  /** How deep CI systems nest artifacts, with room to spare. */
  static final int MAX_DEPTH = 32;

  /**
   * @param already the same results made this run before; nothing was recorded now
   * @param missing cells of the matrix no result was found for (their labels)
   */
  public record Result(String runId, boolean already, int cells, List<String> missing) {}

  private MatrixImport() {}

  public static Result run(Store store, RunLayout layout, List<Path> dirs) throws IOException {
    List<ResultDirs.Found> found = new ArrayList<>();
    long kept = 0;
    for (Path d : dirs) {
      for (Path f : cellFiles(d)) {
        ResultDirs.Found r;
        try {
          r = ResultDirs.read(f);
        } catch (CellReports.Invalid e) {
          throw error(f, e.getMessage());
        }
        // Every result repeats the matrix: one copy is kept, and what else is kept is bounded.
        if (!found.isEmpty() && r.matrixText().equals(found.get(0).matrixText())) {
          r = r.withMatrixText(found.get(0).matrixText());
        }
        kept += Math.max(0, Files.size(f) - r.matrixText().length());
        if (kept > MAX_KEPT) {
          throw new UserException(
              "more than " + (MAX_KEPT >> 20) + " MiB of cell results (besides their matrix)");
        }
        found.add(r);
        if (found.size() > MAX_RESULTS) {
          throw new UserException("more than " + MAX_RESULTS + " cell results");
        }
      }
    }
    if (found.isEmpty()) {
      throw new UserException(
          TerminalSafe.line(
              "no cell results under "
                  + String.join(", ", dirs.stream().map(Path::toString).toList())
                  + " (their "
                  + ResultDirs.CELL_FILE
                  + " files: krt matrix run --results DIR writes them)"));
    }
    ResultDirs.Found first = found.get(0);
    Map<String, ResultDirs.Found> byKey = new LinkedHashMap<>();
    for (ResultDirs.Found f : found) {
      if (!f.matrixText().equals(first.matrixText())) {
        throw error(f.file(), "a result of another matrix file than " + first.file() + "'s");
      }
      ResultDirs.Found seen = byKey.putIfAbsent(f.report().plan().key(), f);
      if (seen != null && !seen.digest().equals(f.digest())) {
        throw error(f.file(), "another result for the cell of " + seen.file() + " (the same key)");
      }
    }
    Map<String, ResultDirs.Found> byShortKey = new LinkedHashMap<>();
    for (ResultDirs.Found f : byKey.values()) {
      // A cell's files are kept under its short key: two keys sharing one would share a log.
      ResultDirs.Found seen = byShortKey.putIfAbsent(CellKeys.shortKey(f.report().plan().key()), f);
      if (seen != null) {
        throw error(
            f.file(), "its key starts as the key of " + seen.file() + " does (not krt's keys)");
      }
    }
    List<ResultDirs.Found> cells =
        byKey.values().stream().sorted(Comparator.comparingInt(ResultDirs.Found::ordinal)).toList();
    List<String> missing = missing(first, cells);
    String digest =
        ResultDirs.sha256(
            String.join("\n", cells.stream().map(ResultDirs.Found::digest).sorted().toList())
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Optional<String> before = store.importedRun(digest);
    if (before.isPresent()) {
      return new Result(before.get(), true, cells.size(), missing);
    }
    String runId = MatrixRunner.newRunId();
    List<Store.ImportedCell> rows = new ArrayList<>();
    try {
      for (ResultDirs.Found f : cells) {
        rows.add(stored(layout, runId, f));
      }
      Set<String> hosts = new LinkedHashSet<>();
      cells.forEach(f -> hosts.add(f.host()));
      String host = String.join(",", hosts);
      // Recorded now, so the newest run is the one just imported; its cells keep their times.
      long now = System.currentTimeMillis();
      String id =
          store.importRun(
              runId,
              first.matrixPath(),
              first.matrixText(),
              host.length() > 255 ? host.substring(0, 252) + "..." : host,
              digest,
              rows,
              now,
              now);
      if (!id.equals(runId)) {
        // Another import of the same results won the race: its run stands, ours goes.
        KernelCheckout.deleteTree(layout.dataDir().resolve("runs").resolve(runId));
        return new Result(id, true, cells.size(), missing);
      }
    } catch (IOException | RuntimeException e) {
      KernelCheckout.deleteTree(layout.dataDir().resolve("runs").resolve(runId));
      throw e;
    } catch (CellReports.Invalid e) {
      KernelCheckout.deleteTree(layout.dataDir().resolve("runs").resolve(runId));
      throw new UserException(TerminalSafe.line(e.getMessage()));
    }
    return new Result(runId, false, cells.size(), missing);
  }

  /** A problem with a result file, on one line a terminal shows as text. */
  private static UserException error(Path file, String why) {
    return new UserException(TerminalSafe.line(file + ": " + why));
  }

  /** The cell as the store keeps it, its log and metadata copied to where a local run's are. */
  private static Store.ImportedCell stored(RunLayout layout, String runId, ResultDirs.Found f)
      throws IOException, CellReports.Invalid {
    CellReports.Report r = f.report();
    Path cellDir = layout.cellDir(runId, r.plan().key());
    Files.createDirectories(cellDir);
    Optional<String> logPath = Optional.empty();
    Optional<Long> lines = Optional.empty();
    if (f.log().isPresent()) {
      Path target = layout.log(runId, r.plan().key());
      try {
        lines = Optional.of(ResultDirs.copyLog(f, target));
      } catch (CellReports.Invalid e) {
        throw new CellReports.Invalid(
            f.file().resolveSibling(ResultDirs.LOG) + ": " + e.getMessage());
      }
      logPath = Optional.of(target.toString());
    }
    Optional<String> metadata;
    try {
      metadata = ResultDirs.metadata(f);
    } catch (CellReports.Invalid e) {
      throw new CellReports.Invalid(
          f.file().resolveSibling(ResultDirs.METADATA) + ": " + e.getMessage());
    }
    if (metadata.isPresent()) {
      dev.krt.cache.AtomicFiles.write(
          cellDir.resolve(ResultDirs.METADATA),
          metadata.get().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    Store.Outcome o = r.outcome();
    Store.Outcome kept = o.withLog(logPath, lines, metadata);
    return new Store.ImportedCell(r.plan(), f.ordinal(), f.startedAt(), f.finishedAt(), kept);
  }

  /**
   * The matrix's cells no result is for; a result that is no cell of its matrix, or not at its
   * place in it, is an error, and so is a matrix this krt cannot read.
   */
  private static List<String> missing(ResultDirs.Found first, List<ResultDirs.Found> cells) {
    MatrixSpec spec;
    try {
      spec = MatrixSpecParser.parse(first.matrixText(), Path.of("matrix.yaml"));
    } catch (MatrixSpecException | RuntimeException e) {
      throw error(first.file(), "this krt cannot read its matrix file: " + e.getMessage());
    }
    Map<String, Integer> planned = new LinkedHashMap<>();
    for (MatrixSpec.SpecCell c : spec.cells()) {
      planned.put(c.label(), c.ordinal());
    }
    Set<String> have = new LinkedHashSet<>();
    for (ResultDirs.Found f : cells) {
      Store.CellPlan p = f.report().plan();
      String l = p.label();
      if (!planned.containsKey(l)) {
        throw error(f.file(), l + " is not a cell of its matrix file");
      }
      if (planned.get(l) != f.ordinal()) {
        throw error(
            f.file(),
            "ordinal " + f.ordinal() + " is not the place of " + l + " in its matrix file");
      }
      if (!have.add(l)) {
        throw error(f.file(), "a second result for " + l + " (another key)");
      }
    }
    return planned.keySet().stream()
        .filter(l -> !have.contains(l))
        .map(TerminalSafe::line)
        .toList();
  }

  /** Every result file under a directory, in a stable order; links are not followed. */
  private static List<Path> cellFiles(Path dir) throws IOException {
    if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
      throw error(dir, "not a directory");
    }
    try (Stream<Path> s = Files.walk(dir, MAX_DEPTH)) {
      return s.filter(p -> p.getFileName().toString().equals(ResultDirs.CELL_FILE))
          .filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS))
          .sorted()
          .limit(MAX_RESULTS + 1)
          .toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
  }
}
