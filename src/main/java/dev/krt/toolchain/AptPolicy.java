package dev.krt.toolchain;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Reads {@code apt-cache policy PKG...}: per package, the installed and the candidate version. */
public final class AptPolicy {
  private AptPolicy() {}

  /** One package's line pair; {@code (none)} is empty. */
  public record Entry(String name, Optional<String> installed, Optional<String> candidate) {}

  public static Map<String, Entry> parse(String text) {
    Map<String, Entry> m = new TreeMap<>();
    String pkg = null;
    String installed = null;
    String candidate = null;
    for (String line : (text + "\nEND:").split("\n")) {
      if (!line.startsWith(" ") && line.endsWith(":")) {
        if (pkg != null) {
          m.put(pkg, new Entry(pkg, version(installed), version(candidate)));
        }
        pkg = line.substring(0, line.length() - 1);
        installed = null;
        candidate = null;
      } else if (pkg != null) {
        String t = line.trim();
        if (t.startsWith("Installed:")) {
          installed = t.substring("Installed:".length()).trim();
        } else if (t.startsWith("Candidate:")) {
          candidate = t.substring("Candidate:".length()).trim();
        }
      }
    }
    return m;
  }

  private static Optional<String> version(String v) {
    return v == null || v.isEmpty() || v.equals("(none)") ? Optional.empty() : Optional.of(v);
  }
}
