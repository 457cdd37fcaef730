package dev.krt.check;

import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the kernel's checker did: its stderr, piece by piece (the script's own messages
 * and what programs leaked), its exit code, and the findings behind the messages.
 */
public final class Transcript {
  /** A piece of stderr. {@code finding} is null for leaked program output. */
  public record Part(String text, Finding finding) {}

  private final List<Part> parts = new ArrayList<>();
  private final List<Finding> findings = new ArrayList<>();
  private int exitCode;
  private boolean warning;

  void message(Finding f, boolean print, String exactText) {
    findings.add(f);
    if (print) {
      parts.add(new Part(exactText, f));
    }
  }

  void leak(String text) {
    if (!text.isEmpty()) {
      parts.add(new Part(text, null));
    }
  }

  void finding(Finding f) {
    findings.add(f);
  }

  void setExit(int code) {
    this.exitCode = code;
  }

  void setWarning() {
    this.warning = true;
  }

  public int exitCode() {
    return exitCode;
  }

  public boolean warned() {
    return warning;
  }

  public List<Part> parts() {
    return List.copyOf(parts);
  }

  public List<Finding> findings() {
    return List.copyOf(findings);
  }

  /** The whole stderr as the script would have written it. */
  public String stderr() {
    StringBuilder b = new StringBuilder();
    for (Part p : parts) {
      b.append(p.text());
    }
    return b.toString();
  }

  public Verdict verdict() {
    if (exitCode != 0) {
      return Verdict.NOT_AVAILABLE;
    }
    for (Finding f : findings) {
      if (f.severity() == Severity.WARNING) {
        return Verdict.AVAILABLE_WITH_WARNINGS;
      }
    }
    return Verdict.AVAILABLE;
  }
}
