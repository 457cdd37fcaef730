package dev.krt.check;

import java.util.List;

/**
 * One result of a check.
 *
 * @param id stable identifier, e.g. {@code rustc-too-old}; see the README's table
 * @param severity what it does to the verdict
 * @param origin {@code kernel} for the kernel's own checks (message text is the kernel's, for the
 *     tree's era), {@code krt} for krt's additional checks
 * @param message the message lines, for kernel findings exactly as the kernel prints them
 * @param advice how to fix it on this machine (filled in by the advisor)
 */
public record Finding(
    FindingId id, Severity severity, String origin, List<String> message, List<String> advice) {
  public Finding {
    message = List.copyOf(message);
    advice = List.copyOf(advice);
  }

  public static Finding kernel(FindingId id, Severity s, List<String> lines) {
    return new Finding(id, s, "kernel", lines, List.of());
  }

  public static Finding krt(FindingId id, Severity s, List<String> lines) {
    return new Finding(id, s, "krt", lines, List.of());
  }

  public Finding withAdvice(List<String> a) {
    return new Finding(id, severity, origin, message, a);
  }

  /** The message without the {@code ***} framing, as one line, for compact output. */
  public String summary() {
    StringBuilder b = new StringBuilder();
    for (String l : message) {
      String t = l.startsWith("***") ? l.substring(3).strip() : l.strip();
      if (t.isEmpty()) {
        continue;
      }
      if (b.length() > 0) {
        b.append(' ');
      }
      b.append(t);
      if (b.length() > 300) {
        break;
      }
    }
    return b.toString().replaceAll(" {2,}", " ");
  }
}
