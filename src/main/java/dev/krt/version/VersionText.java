package dev.krt.version;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Version extraction from tool output the way the kernel's scripts do it with {@code sed -nE}.
 *
 * <p>The scripts use {@code '1s:.*rustc ([0-9]+\.[0-9]+\.[0-9]+).*:\1:p'} (first line only) for
 * rustc, bindgen and Clang, and the same expression without the line address for the libclang
 * probe, where the version may be on any line. A greedy {@code .*} before the word means the last
 * occurrence on the line wins, in POSIX and Java regexes alike.
 */
public final class VersionText {
  private VersionText() {}

  private static final Pattern DIGITS3 = Pattern.compile("[0-9]+\\.[0-9]+\\.[0-9]+");

  /** The first line of an output, without its newline. */
  public static String firstLine(String output) {
    int nl = output.indexOf('\n');
    return nl < 0 ? output : output.substring(0, nl);
  }

  private static Pattern captureAfter(String word) {
    return Pattern.compile(
        "^.*" + Pattern.quote(word) + " ([0-9]+\\.[0-9]+\\.[0-9]+).*$", Pattern.DOTALL);
  }

  /**
   * {@code sed -nE '1s:.*WORD ([0-9]+\.[0-9]+\.[0-9]+).*:\1:p'}: the captured version text of the
   * first line, verbatim (leading zeros kept: the shell arithmetic that follows cares).
   */
  public static Optional<String> sedFirstLine(String output, String word) {
    Matcher m = captureAfter(word).matcher(firstLine(output));
    return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
  }

  /**
   * {@code sed -nE 's:.*WORD ([0-9]+\.[0-9]+\.[0-9]+).*:\1:p'} over every line: all captures, in
   * order. More than one capture is possible and the kernel script then fails in its arithmetic.
   */
  public static List<String> sedEveryLine(String output, String word) {
    Pattern p = captureAfter(word);
    List<String> out = new ArrayList<>();
    for (String line : output.split("\n", -1)) {
      Matcher m = p.matcher(line);
      if (m.matches()) {
        out.add(m.group(1));
      }
    }
    // `echo "$x"` adds a final newline; split(-1) yields a trailing empty string that never
    // matches.
    return out;
  }

  /**
   * Parses {@code X.Y.Z} text captured by the kernel regexes into a {@link Version}, if it fits.
   */
  public static Optional<Version> toVersion(String captured) {
    if (captured == null || !DIGITS3.matcher(captured).matches()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Version.parse(captured));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** {@code bindgen X.Y.Z} on the first line, as the kernel reads it. */
  public static Optional<Version> bindgen(String output) {
    return sedFirstLine(output, "bindgen").flatMap(VersionText::toVersion);
  }

  /** {@code rustc X.Y.Z} on the first line, as the kernel reads it. */
  public static Optional<Version> rustc(String output) {
    return sedFirstLine(output, "rustc").flatMap(VersionText::toVersion);
  }

  /** {@code clang version X.Y.Z} on any line (the libclang probe); the first match. */
  public static Optional<Version> libclang(String probeStderr) {
    List<String> all = sedEveryLine(probeStderr, "clang version");
    return all.isEmpty() ? Optional.empty() : toVersion(all.get(0));
  }

  /**
   * {@code ... version X.Y.Z} on the first line of {@code $CC --version} (Clang, GCC spelled so).
   */
  public static Optional<Version> ccVersionLine(String output) {
    return sedFirstLine(output, "version").flatMap(VersionText::toVersion);
  }

  /**
   * The {@code LLVM version: X.Y[.Z]} line of {@code rustc -vV}. Old rustc print two parts ({@code
   * 11.0}); the patch is then 0.
   */
  public static Optional<Version> rustcLlvm(String verboseOutput) {
    for (String line : verboseOutput.split("\n")) {
      if (line.startsWith("LLVM version:")) {
        String v = line.substring("LLVM version:".length()).trim();
        try {
          return Optional.of(Version.parseLenient(v));
        } catch (IllegalArgumentException e) {
          return Optional.empty();
        }
      }
    }
    return Optional.empty();
  }

  /** The value of a {@code key: value} line of {@code rustc -vV}, e.g. {@code host}. */
  public static Optional<String> rustcVerboseField(String verboseOutput, String key) {
    for (String line : verboseOutput.split("\n")) {
      if (line.startsWith(key + ":")) {
        return Optional.of(line.substring(key.length() + 1).trim());
      }
    }
    return Optional.empty();
  }
}
