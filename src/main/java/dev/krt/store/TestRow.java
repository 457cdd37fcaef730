package dev.krt.store;

import java.util.Optional;

/**
 * One test a cell's {@code kunit} step ran, as the kernel reported it in KTAP.
 *
 * @param suite the top-level KUnit suite ({@code rust_doctests_kernel})
 * @param test the case within it; nested (parameterised) cases as {@code case/param}; empty for a
 *     suite's own result when it ran no case (its init failed)
 * @param status pass, fail, or skipped ({@code # SKIP})
 * @param lines the diagnostic lines the kernel printed for it (a failure's expectation lines),
 *     bounded
 */
public record TestRow(String suite, String test, StepStatus status, Optional<String> lines) {
  /** The most tests krt keeps of one cell. */
  public static final int MAX_TESTS = 50_000;

  /** The longest suite or case name krt keeps (KUnit's are under 100). */
  public static final int MAX_NAME = 200;

  /** The longest {@code case/param/...} path. */
  public static final int MAX_TEST = 1000;

  /** The most diagnostic text krt keeps of one test. */
  public static final int MAX_LINES = 2000;

  /** {@code suite.test}, or the suite alone. */
  public String id() {
    return test.isEmpty() ? suite : suite + "." + test;
  }
}
