package dev.krt.matrix;

import java.nio.file.Path;

/**
 * Where a run's files live under krt's data directory, for the runner and for cells reported to
 * {@code krt serve} alike: {@code runs/<run>/<cell>/} holds a cell's log and metadata, {@code
 * builds/<cell>/} its O= build directory (shared by runs of the same cell, which take turns). Cells
 * are named by their short key, as users see them.
 */
public record RunLayout(Path dataDir) {
  /** A cell directory's compressed build log. */
  public static final String LOG = "build.log.gz";

  public Path cellDir(String runId, String cellKey) {
    return dataDir.resolve("runs").resolve(runId).resolve(CellKeys.shortKey(cellKey));
  }

  public Path buildDir(String cellKey) {
    return buildsDir().resolve(CellKeys.shortKey(cellKey));
  }

  /** Where every cell's {@code O=} directory is. */
  public Path buildsDir() {
    return dataDir.resolve("builds");
  }

  /** A cell's compressed build log. */
  public Path log(String runId, String cellKey) {
    return cellDir(runId, cellKey).resolve(LOG);
  }
}
