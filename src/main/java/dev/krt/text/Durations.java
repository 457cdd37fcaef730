package dev.krt.text;

import java.util.Locale;

/** Build times as people read them. */
public final class Durations {
  private Durations() {}

  /** {@code 850ms}, {@code 12.3s}, {@code 1m22s}, {@code 1h05m}. */
  public static String human(long ms) {
    if (ms < 1000) {
      return ms + "ms";
    }
    if (ms < 60_000) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    long s = ms / 1000;
    if (s < 3600) {
      return s / 60 + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s";
    }
    return s / 3600 + "h" + String.format(Locale.ROOT, "%02d", s % 3600 / 60) + "m";
  }
}
