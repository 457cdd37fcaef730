package dev.krt.version;

import java.util.Comparator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A three-part version {@code X.Y.Z}, the unit every kernel toolchain check compares.
 *
 * <p>Components are {@code long} because the kernel's shell arithmetic is 64-bit and rustc's minor
 * version already has three digits (1.100.0 shipped on 2026-11-12).
 */
public record Version(long major, long minor, long patch) implements Comparable<Version> {

  private static final Pattern STRICT = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+)");
  private static final Comparator<Version> ORDER =
      Comparator.comparingLong(Version::major)
          .thenComparingLong(Version::minor)
          .thenComparingLong(Version::patch);

  public Version {
    if (major < 0 || minor < 0 || patch < 0) {
      throw new IllegalArgumentException("negative version component");
    }
  }

  public static Version of(long major, long minor, long patch) {
    return new Version(major, minor, patch);
  }

  /** Parses exactly {@code X.Y.Z} (decimal digits); throws on anything else. */
  public static Version parse(String text) {
    Objects.requireNonNull(text, "text");
    Matcher m = STRICT.matcher(text.trim());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a version of the form X.Y.Z: '" + text + "'");
    }
    return new Version(num(m.group(1)), num(m.group(2)), num(m.group(3)));
  }

  /**
   * Like {@link #parse} but also accepts {@code X.Y} (patch 0) and {@code X}, as users type them.
   */
  public static Version parseLenient(String text) {
    String t = Objects.requireNonNull(text, "text").trim();
    if (t.startsWith("v")) {
      t = t.substring(1);
    }
    String[] parts = t.split("\\.", -1);
    if (parts.length < 1 || parts.length > 3) {
      throw new IllegalArgumentException("not a version: '" + text + "'");
    }
    long[] c = new long[3];
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].matches("\\d+")) {
        throw new IllegalArgumentException("not a version: '" + text + "'");
      }
      c[i] = num(parts[i]);
    }
    return new Version(c[0], c[1], c[2]);
  }

  private static long num(String digits) {
    try {
      return Long.parseLong(digits);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("version component too large: " + digits, e);
    }
  }

  /** The kernel's rustc code: {@code 100000*major + 100*minor + patch} (7 digits since 2026). */
  public long rustcCode() {
    return 100000 * major + 100 * minor + patch;
  }

  /** The kernel's code for LLVM, Clang, GCC and bindgen in 6-digit scripts: {@code 10000*...}. */
  public long llvmCode() {
    return 10000 * major + 100 * minor + patch;
  }

  public boolean isAtLeast(Version other) {
    return compareTo(other) >= 0;
  }

  public boolean isBelow(Version other) {
    return compareTo(other) < 0;
  }

  public String majorMinor() {
    return major + "." + minor;
  }

  @Override
  public int compareTo(Version o) {
    return ORDER.compare(this, o);
  }

  @Override
  public String toString() {
    return major + "." + minor + "." + patch;
  }
}
