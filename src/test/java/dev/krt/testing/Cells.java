package dev.krt.testing;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import java.util.List;
import java.util.Optional;

/** Stored cells made up for renderer and diff tests: 6.12 x86_64 "rust" cells of a run. */
public final class Cells {
  private Cells() {}

  /**
   * @param status a cell status by its stored name
   * @param why the failure's classification (also its failed step's first error), or null
   * @param warnings the compiler warnings its metadata lists
   */
  public static CellRow cell(String run, String tc, String status, String why, String... warnings) {
    String meta =
        "{\"results\":{\"warnings\":["
            + String.join(",", List.of(warnings).stream().map(w -> "\"" + w + "\"").toList())
            + "]}}";
    return new CellRow(
        run,
        run + tc,
        0,
        "6.12",
        tc,
        "x86_64",
        "rust",
        "rust",
        CellStatus.of(status),
        Optional.empty(),
        Optional.empty(),
        Optional.of(1L),
        Optional.of(1L),
        why == null ? Optional.empty() : Optional.of("rust"),
        Optional.ofNullable(why),
        Optional.ofNullable(why).map(w -> "error: " + w),
        Optional.empty(),
        Optional.empty(),
        Optional.of(meta),
        Optional.empty());
  }
}
