package dev.krt.version;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Rust's six-week release train: 1.N.0 ships on 2015-05-14 + 42·N days for N ≥ 1, and 1.0.0 shipped
 * on 2015-05-15 (the one day off the grid). On the day 1.N.0 ships, beta becomes 1.(N+1) and
 * nightly 1.(N+2). Pure date arithmetic; point releases and exceptions are data ({@code
 * dev.krt.knowledge.RustReleases}).
 */
public final class ReleaseTrain {
  private ReleaseTrain() {}

  public static final LocalDate EPOCH = LocalDate.of(2015, 5, 14);
  public static final LocalDate FIRST_STABLE = LocalDate.of(2015, 5, 15);
  public static final int PERIOD_DAYS = 42;

  /** The day 1.{@code minor}.0 ships (or shipped) by the schedule. */
  public static LocalDate releaseDate(long minor) {
    if (minor < 0) {
      throw new IllegalArgumentException("negative minor version");
    }
    return minor == 0 ? FIRST_STABLE : EPOCH.plusDays(PERIOD_DAYS * minor);
  }

  /**
   * The minor version of the newest 1.N.0 shipped on or before {@code date}; empty before 1.0.0.
   */
  public static Optional<Long> stableMinorOn(LocalDate date) {
    if (date.isBefore(FIRST_STABLE)) {
      return Optional.empty();
    }
    long n = Math.max(0, ChronoUnit.DAYS.between(EPOCH, date) / PERIOD_DAYS);
    return Optional.of(n);
  }
}
