package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.version.Version;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Parsing of what users type for the knowledge commands: versions, dates, kernel names. */
final class KnowledgeArgs {
  private KnowledgeArgs() {}

  /** {@code 1.85.0}, {@code 1.85}, {@code v0.71.1}, {@code 1.102.0-nightly}. */
  static Version version(String option, String text) {
    String t = text.trim();
    int dash = t.indexOf('-');
    String core = dash > 0 ? t.substring(0, dash) : t;
    try {
      return Version.parseLenient(core);
    } catch (IllegalArgumentException e) {
      throw new UserException(
          option
              + ": not a version: '"
              + text
              + "' (expected X.Y.Z, e.g. "
              + example(option)
              + ")");
    }
  }

  private static String example(String option) {
    return switch (option) {
      case "--bindgen" -> "0.71.1";
      case "--libclang" -> "19.1.7";
      default -> "1.85.0";
    };
  }

  static final int LAST_YEAR = 2199;

  /** {@code YYYY-MM-DD} or {@code today}, up to {@link #LAST_YEAR}. */
  static LocalDate date(String text) {
    if (text == null || text.equals("today")) {
      return LocalDate.now();
    }
    LocalDate d;
    try {
      d = LocalDate.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw new UserException(
          "--date: not a date: '" + text + "' (expected YYYY-MM-DD, e.g. 2026-11-24, or 'today')");
    }
    // The schedule is a projection; far beyond it every answer would be fiction (and long).
    if (d.getYear() > LAST_YEAR) {
      throw new UserException(
          "--date: "
              + d
              + " is too far ahead: krt projects the six-week schedule up to "
              + LAST_YEAR
              + "-12-31");
    }
    return d;
  }
}
