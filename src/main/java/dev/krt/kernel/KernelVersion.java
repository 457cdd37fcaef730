package dev.krt.kernel;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release as the top Makefile states it: {@code VERSION}, {@code PATCHLEVEL}, {@code
 * SUBLEVEL}, {@code EXTRAVERSION} (e.g. {@code 6.12.117}, {@code 7.1.0-rc3}).
 */
public record KernelVersion(int version, int patchlevel, int sublevel, String extraversion)
    implements Comparable<KernelVersion> {

  private static final Pattern VAR =
      Pattern.compile(
          "^(VERSION|PATCHLEVEL|SUBLEVEL|EXTRAVERSION)[ \\t]*=[ \\t]*(.*?)[ \\t]*$",
          Pattern.MULTILINE);
  private static final Pattern TEXT = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?(-rc\\d+)?");

  /** Reads the version variables from the top of a kernel Makefile. */
  public static Optional<KernelVersion> fromMakefile(String makefile) {
    Integer v = null;
    Integer p = null;
    Integer s = null;
    String extra = "";
    // Only the first assignments count; they sit at the top of the file.
    String head = makefile.length() > 4096 ? makefile.substring(0, 4096) : makefile;
    Matcher m = VAR.matcher(head);
    while (m.find()) {
      String val = m.group(2);
      try {
        switch (m.group(1)) {
          case "VERSION" -> v = v == null ? Integer.parseInt(val) : v;
          case "PATCHLEVEL" -> p = p == null ? Integer.parseInt(val) : p;
          case "SUBLEVEL" -> s = s == null ? Integer.parseInt(val) : s;
          default -> extra = extra.isEmpty() ? val : extra;
        }
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    }
    if (v == null || p == null) {
      return Optional.empty();
    }
    return Optional.of(new KernelVersion(v, p, s == null ? 0 : s, extra));
  }

  /** Parses {@code 6.12}, {@code 6.12.117}, {@code v7.1-rc3}. */
  public static Optional<KernelVersion> parse(String text) {
    Matcher m = TEXT.matcher(text.trim());
    if (!m.matches()) {
      return Optional.empty();
    }
    return Optional.of(
        new KernelVersion(
            Integer.parseInt(m.group(1)),
            Integer.parseInt(m.group(2)),
            m.group(3) == null ? 0 : Integer.parseInt(m.group(3)),
            m.group(4) == null ? "" : m.group(4)));
  }

  /** The series, e.g. {@code 6.12}. */
  public String series() {
    return version + "." + patchlevel;
  }

  public boolean atLeast(int v, int p) {
    return version > v || (version == v && patchlevel >= p);
  }

  public boolean before(int v, int p) {
    return !atLeast(v, p);
  }

  @Override
  public int compareTo(KernelVersion o) {
    int c = Integer.compare(version, o.version);
    if (c == 0) {
      c = Integer.compare(patchlevel, o.patchlevel);
    }
    if (c == 0) {
      c = Integer.compare(sublevel, o.sublevel);
    }
    return c;
  }

  @Override
  public String toString() {
    return version + "." + patchlevel + (sublevel > 0 ? "." + sublevel : "") + extraversion;
  }
}
