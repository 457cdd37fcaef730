package dev.krt.matrix;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What changed between two runs, cell by cell (cells match by kernel, toolchain, arch and config
 * names): regressions (passed, now fails), fixes, failures whose reason changed, and warnings a
 * cell prints now that it did not before.
 */
public record MatrixDiff(
    List<Change> regressions,
    List<Change> fixes,
    List<Change> otherFailure,
    List<Warnings> newWarnings,
    List<CellRow> onlyInA,
    List<CellRow> onlyInB,
    int unchanged,
    List<TestChange> testRegressions,
    List<TestChange> testFixes) {

  /**
   * A test of a cell in both runs whose result changed: it fails in B and did not in A (a
   * regression; also a test A did not have), or failed in A and passes in B (a fix).
   */
  public record TestChange(String cell, String test, String a, TestRow b) {}

  /** A cell in both runs. */
  public record Change(String cell, CellRow a, CellRow b) {}

  /** Warnings of a cell in run B that its run A counterpart did not print. */
  public record Warnings(String cell, List<String> warnings) {}

  public static MatrixDiff of(List<CellRow> a, List<CellRow> b) {
    return of(a, b, Map.of(), Map.of());
  }

  /** With the tests of each run's cells, by cell key: also which tests regressed or got fixed. */
  public static MatrixDiff of(
      List<CellRow> a,
      List<CellRow> b,
      Map<String, List<TestRow>> testsA,
      Map<String, List<TestRow>> testsB) {
    List<TestChange> testRegressions = new ArrayList<>();
    List<TestChange> testFixes = new ArrayList<>();
    Map<String, CellRow> left = byName(a);
    Map<String, CellRow> right = byName(b);
    List<Change> regressions = new ArrayList<>();
    List<Change> fixes = new ArrayList<>();
    List<Change> other = new ArrayList<>();
    List<Warnings> warnings = new ArrayList<>();
    List<CellRow> onlyA = new ArrayList<>();
    List<CellRow> onlyB = new ArrayList<>();
    int same = 0;
    for (Map.Entry<String, CellRow> e : left.entrySet()) {
      CellRow x = e.getValue();
      CellRow y = right.get(e.getKey());
      if (y == null) {
        onlyA.add(x);
        continue;
      }
      boolean xPass = x.status() == CellStatus.PASS;
      boolean yPass = y.status() == CellStatus.PASS;
      Change ch = new Change(e.getKey(), x, y);
      if (xPass && !yPass && y.finished()) {
        regressions.add(ch);
      } else if (!xPass && x.finished() && yPass) {
        fixes.add(ch);
      } else if (!xPass
          && !yPass
          && !(x.classification().equals(y.classification())
              && x.failedStep().equals(y.failedStep()))) {
        other.add(ch);
      } else {
        same++;
      }
      tests(e.getKey(), testsA.get(x.key()), testsB.get(y.key()), testRegressions, testFixes);
      Set<String> added = new LinkedHashSet<>(warnings(y));
      added.removeAll(warnings(x));
      if (!added.isEmpty()) {
        warnings.add(new Warnings(e.getKey(), List.copyOf(added)));
      }
    }
    for (Map.Entry<String, CellRow> e : right.entrySet()) {
      if (!left.containsKey(e.getKey())) {
        onlyB.add(e.getValue());
      }
    }
    return new MatrixDiff(
        regressions, fixes, other, warnings, onlyA, onlyB, same, testRegressions, testFixes);
  }

  /** Compares one cell's tests; a cell that ran no tests in either run has nothing to compare. */
  private static void tests(
      String cell,
      List<TestRow> a,
      List<TestRow> b,
      List<TestChange> regressions,
      List<TestChange> fixes) {
    if (a == null || b == null || a.isEmpty() || b.isEmpty()) {
      return;
    }
    Map<String, StepStatus> before = new LinkedHashMap<>();
    a.forEach(t -> before.put(t.id(), t.status()));
    for (TestRow t : b) {
      StepStatus was = before.get(t.id());
      if (t.status() == StepStatus.FAIL && was != StepStatus.FAIL) {
        regressions.add(new TestChange(cell, t.id(), was == null ? "absent" : was.wire(), t));
      } else if (t.status() == StepStatus.PASS && was == StepStatus.FAIL) {
        fixes.add(new TestChange(cell, t.id(), was.wire(), t));
      }
    }
  }

  private static Map<String, CellRow> byName(List<CellRow> cells) {
    Map<String, CellRow> m = new LinkedHashMap<>();
    for (CellRow c : cells) {
      m.put(c.label(), c);
    }
    return m;
  }

  /** The warnings a cell's metadata lists. */
  static List<String> warnings(CellRow c) {
    List<String> out = new ArrayList<>();
    if (c.metadataJson().isEmpty()) {
      return out;
    }
    try {
      JsonNode w =
          CellMetadata.JSON.readTree(c.metadataJson().get()).path("results").path("warnings");
      w.forEach(n -> out.add(n.asText()));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      // metadata krt did not write: no warnings to compare
    }
    return out;
  }
}
