package dev.krt.version;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code rustc --version} says, parsed beyond the kernel's needs: channel, commit and the
 * trailing build notes real toolchains print.
 *
 * <p>Examples: {@code rustc 1.85.0 (4d91de4e4 2025-02-17) (built from a source tarball)}, {@code
 * rustc 1.97.0-nightly (e50aa6fba 2026-05-19)}, {@code rustc 1.86.0-beta.3 (...)}, {@code rustc
 * 1.85.0 (4d91de4e4 2025-02-17) (Fedora 1.85.0-1.fc42)}, {@code rustc 1.78.0-dev}.
 *
 * @param version the numeric part (what the kernel compares)
 * @param channel {@code stable}, {@code beta}, {@code nightly} or {@code dev}
 * @param preRelease the suffix after {@code X.Y.Z-}, e.g. {@code beta.3}; empty for stable
 * @param commitHash abbreviated commit hash, if printed
 * @param commitDate commit date {@code YYYY-MM-DD}, if printed
 * @param notes further parenthesised notes, e.g. {@code built from a source tarball}
 */
public record RustcVersion(
    Version version,
    String channel,
    String preRelease,
    Optional<String> commitHash,
    Optional<String> commitDate,
    String notes) {

  private static final Pattern LINE =
      Pattern.compile(
          "^rustc (\\d+)\\.(\\d+)\\.(\\d+)(?:-([0-9A-Za-z.+-]+))?"
              + "(?: \\(([0-9a-f]{7,40}) (\\d{4}-\\d{2}-\\d{2})\\))?\\s*(.*)$");

  /** Parses the first line of {@code rustc --version}; empty if it is not rustc's format. */
  public static Optional<RustcVersion> parse(String output) {
    String first = VersionText.firstLine(output).strip();
    Matcher m = LINE.matcher(first);
    if (!m.matches()) {
      return Optional.empty();
    }
    Version v;
    try {
      v = Version.parse(m.group(1) + "." + m.group(2) + "." + m.group(3));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String pre = m.group(4) == null ? "" : m.group(4);
    String channel;
    if (pre.isEmpty()) {
      channel = "stable";
    } else if (pre.startsWith("nightly")) {
      channel = "nightly";
    } else if (pre.startsWith("beta")) {
      channel = "beta";
    } else {
      channel = "dev";
    }
    String notes = m.group(7).strip();
    if (notes.startsWith("(") && notes.endsWith(")")) {
      notes = notes.substring(1, notes.length() - 1);
    }
    return Optional.of(
        new RustcVersion(
            v,
            channel,
            pre,
            Optional.ofNullable(m.group(5)),
            Optional.ofNullable(m.group(6)),
            notes));
  }

  /** The rustup toolchain name that installs this release ({@code 1.85.0}, {@code nightly-...}). */
  public String rustupToolchain() {
    return switch (channel) {
      case "nightly" -> commitDate.map(d -> "nightly-" + d).orElse("nightly");
      case "beta" -> "beta";
      default -> version.toString();
    };
  }
}
