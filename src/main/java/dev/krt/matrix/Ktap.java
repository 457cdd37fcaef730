package dev.krt.matrix;

import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the KTAP a booted kernel printed (Documentation/dev-tools/ktap.rst) from its whole console
 * output: boot messages and printk timestamps around it, nesting by four-space indentation, {@code
 * # Subtest:} names, plans, {@code ok}/{@code not ok} lines with {@code # SKIP}, diagnostics before
 * a result. Anything else is not KTAP and is passed over; a console that ends before the plans are
 * met (a crash, a timeout) is reported as incomplete. Bounded: a flooding kernel costs at most
 * {@link #MAX_TESTS} results of {@link #MAX_DIAGNOSTIC} characters of diagnostics each.
 */
public final class Ktap {
  static final int MAX_TESTS = TestRow.MAX_TESTS;
  static final int MAX_DEPTH = 16;
  static final int MAX_DIAGNOSTIC = TestRow.MAX_LINES;

  private static final Pattern TIMESTAMP = Pattern.compile("^\\[\\s*\\d+\\.\\d+\\] ?");
  private static final Pattern VERSION = Pattern.compile("(K?TAP) version (\\d+)\\s*");
  private static final Pattern PLAN = Pattern.compile("1\\.\\.(\\d{1,9})\\s*(#.*)?");
  private static final Pattern RESULT =
      Pattern.compile("(ok|not ok) (\\d{1,9})(?: -)?(?: ([^#]*?))?\\s*(?:#\\s*(.*))?");
  private static final Pattern SUBTEST = Pattern.compile("# Subtest: (.*)");

  /** KUnit's test attributes (module, speed) and a suite's totals: not diagnostics of a test. */
  private static final Pattern ATTRIBUTE =
      Pattern.compile("# (module|speed|Totals): .*|# \\S+: pass:\\d+ fail:\\d+ .*");

  /**
   * What the console said.
   *
   * @param found whether there was KTAP at all
   * @param complete every plan was met and the top level ended
   * @param problems why it is not complete, one line each
   */
  public record Report(
      boolean found, boolean complete, List<TestRow> tests, List<String> problems) {
    public long count(StepStatus s) {
      return tests.stream().filter(t -> t.status() == s).count();
    }
  }

  /** A level being read: its name from {@code # Subtest:}, its plan, what was recorded under it. */
  private static final class Level {
    String name = "";
    int planned = -1;
    int results;
    int leaves;
    int failedLeaves;
    final StringBuilder diag = new StringBuilder();
  }

  public static Report parse(Iterable<String> console) {
    List<TestRow> tests = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Level> open = new ArrayList<>();
    boolean found = false;
    boolean ended = false;
    int dropped = 0;
    for (String raw : console) {
      String line = TIMESTAMP.matcher(raw.replace("\r", "")).replaceFirst("");
      int indent = 0;
      while (indent < line.length() && line.charAt(indent) == ' ') {
        indent++;
      }
      String body = line.substring(indent);
      int depth = indent / 4;
      if (indent % 4 != 0) {
        continue; // not KTAP's indentation: some other console line
      }
      if (VERSION.matcher(body).matches()) {
        if (!found) {
          if (depth == 0) {
            found = true;
            open.add(new Level());
          }
        } else if (depth == open.size() && depth < MAX_DEPTH) {
          open.add(new Level());
        } else if (depth < open.size() && depth > 0) {
          problems.add(
              "a new KTAP header at level "
                  + depth
                  + " while "
                  + name(open.get(open.size() - 1))
                  + " had not ended");
          while (open.size() > depth) {
            open.remove(open.size() - 1);
          }
          open.add(new Level());
        }
        continue;
      }
      if (!found || ended || depth > open.size()) {
        continue;
      }
      Matcher m = SUBTEST.matcher(body);
      if (m.matches()) {
        if (depth == open.size() && depth < MAX_DEPTH) {
          open.add(new Level()); // KUnit before 5.x printed "# Subtest:" before the header
        }
        if (depth < open.size()) {
          open.get(depth).name = bounded(m.group(1).trim(), TestRow.MAX_NAME);
        }
        continue;
      }
      if (depth >= open.size()) {
        continue;
      }
      if ((m = PLAN.matcher(body)).matches()) {
        open.get(depth).planned = Integer.parseInt(m.group(1));
        continue;
      }
      if ((m = RESULT.matcher(body)).matches()) {
        Level child = null;
        while (open.size() > depth + 1) {
          child = open.remove(open.size() - 1);
          if (child.planned >= 0 && child.results < child.planned) {
            problems.add(
                name(child) + ": " + child.results + " of " + child.planned + " planned results");
          }
        }
        Level here = open.get(depth);
        here.results++;
        String name = m.group(3) == null ? "" : bounded(m.group(3).trim(), TestRow.MAX_NAME);
        String directive = m.group(4) == null ? "" : m.group(4).trim();
        StepStatus status =
            directive.regionMatches(true, 0, "SKIP", 0, 4)
                ? StepStatus.SKIPPED
                : m.group(1).equals("ok") ? StepStatus.PASS : StepStatus.FAIL;
        boolean leaf = child == null || child.leaves == 0;
        // A suite that ran no case printed why inside its own level.
        String diag = ((leaf && child != null ? child.diag.toString() : "") + here.diag).strip();
        here.diag.setLength(0);
        // A parent that failed with no failing case under it is a failure of its own.
        if (leaf || status == StepStatus.FAIL && child.failedLeaves == 0) {
          if (tests.size() >= MAX_TESTS) {
            dropped++;
          } else {
            tests.add(
                new TestRow(
                    suiteOf(open, depth, name), caseOf(open, depth, name), status, opt(diag)));
            for (Level l : open) {
              l.leaves++;
              l.failedLeaves += status == StepStatus.FAIL ? 1 : 0;
            }
          }
        }
        if (depth == 0 && here.planned >= 0 && here.results >= here.planned) {
          ended = true;
        }
        continue;
      }
      if (body.startsWith("#") && !ATTRIBUTE.matcher(body).matches()) {
        StringBuilder d = open.get(depth).diag;
        if (d.length() < MAX_DIAGNOSTIC) {
          d.append(body.substring(1).strip()).append('\n');
          if (d.length() > MAX_DIAGNOSTIC) {
            d.setLength(MAX_DIAGNOSTIC);
          }
        }
      }
    }
    if (dropped > 0) {
      problems.add(dropped + " more results than the " + MAX_TESTS + " krt keeps");
    }
    if (!found) {
      return new Report(false, false, List.of(), List.of("no KTAP in the console output"));
    }
    if (!ended) {
      Level top = open.get(0);
      problems.add(
          "the console ended before the tests did"
              + (top.planned >= 0
                  ? " (" + top.results + " of " + top.planned + " suites reported)"
                  : "")
              + (open.size() > 1 ? "; last running: " + name(open.get(open.size() - 1)) : ""));
    }
    return new Report(true, problems.isEmpty(), List.copyOf(tests), List.copyOf(problems));
  }

  private static String name(Level l) {
    return l.name.isEmpty() ? "an unnamed test" : l.name;
  }

  /** The suite: the level-1 subtest's name, or the result's own name at the top level. */
  private static String suiteOf(List<Level> open, int depth, String name) {
    if (depth == 0) {
      return name.isEmpty() ? "(unnamed)" : name;
    }
    return open.get(1).name.isEmpty() ? "(unnamed)" : open.get(1).name;
  }

  /** Below the suite: the case, and a parameter under it as {@code case/param}. */
  private static String caseOf(List<Level> open, int depth, String name) {
    if (depth == 0) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (int i = 2; i <= depth; i++) {
      b.append(open.get(i).name).append('/');
    }
    return bounded(b.append(name).toString(), TestRow.MAX_TEST);
  }

  private static Optional<String> opt(String s) {
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  private static String bounded(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
