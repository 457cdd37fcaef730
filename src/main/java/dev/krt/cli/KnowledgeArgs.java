package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.text.Suggest;
import dev.krt.version.Version;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

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
      throw new UserException(option + ": not a version: '" + text + "' (expected X.Y.Z, e.g. " + example(option) + ")");
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
      throw new UserException("--date: not a date: '" + text + "' (expected YYYY-MM-DD, e.g. 2026-11-24, or 'today')");
    }
    // The schedule is a projection; far beyond it every answer would be fiction (and long).
    if (d.getYear() > LAST_YEAR) {
      throw new UserException("--date: " + d + " is too far ahead: krt projects the six-week schedule up to " + LAST_YEAR + "-12-31");
    }
    return d;
  }

  /** Whether a --kernel value names a release (6.12, v6.12, 6.12.y, 6.12.117) rather than a source. */
  static boolean looksLikeRelease(String text) {
    return text.matches("v?\\d+\\.\\d+(\\.\\d+|\\.y)?");
  }

  /**
   * The dataset row for a release name: exact ({@code 6.12}, {@code 6.12.y}), or for a stable
   * release its line's row, else its series'.
   */
  /** A dataset row for what the user named, and a note when it stands in for another release. */
  record Named(KernelRelease release, Optional<String> note) {}

  static Named release(KernelPolicies kernels, String text) {
    String t = text.trim().replaceFirst("^v", "");
    Optional<KernelRelease> exact = kernels.find(t);
    if (exact.isPresent()) {
      return new Named(exact.get(), Optional.empty());
    }
    String[] p = t.split("\\.");
    if (p.length == 3 && p[2].matches("\\d+")) {
      String series = p[0] + "." + p[1];
      int sub = Integer.parseInt(p[2]);
      Optional<KernelRelease> line = kernels.find(series + ".y");
      // A stable line's row holds its backports: only releases from its asOf on get them.
      if (line.isPresent() && line.get().version().sublevel() <= sub) {
        return new Named(line.get(), Optional.of("krt has no row for " + t + ": answering with the " + line.get().label() + " row (its checks may have changed since)"));
      }
      Optional<KernelRelease> mainline = kernels.find(series);
      if (mainline.isPresent()) {
        return new Named(mainline.get(), Optional.of("krt has no row for " + t + ": answering with " + series + " as released; stable backports after it are not known to krt" + line.map(l -> " (" + l.label() + " is)").orElse("")));
      }
    }
    throw new UserException("unknown kernel release '" + text + "'" + closest(t, kernels.names()) + "; krt knows " + kernels.names().get(0) + " .. " + kernels.names().get(kernels.names().size() - 1) + " (krt kernel --kernel SRC reads any tree)");
  }

  /** {@code " (closest: a, b)"}, or empty. */
  static String closest(String input, Collection<String> candidates) {
    List<String> near = Suggest.nearest(input, candidates, 3);
    return near.isEmpty() ? "" : " (closest: " + String.join(", ", near) + ")";
  }
}
