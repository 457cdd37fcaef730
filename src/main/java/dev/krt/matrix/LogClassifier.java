package dev.krt.matrix;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a build log line by line and says why it failed: the first error that explains the failure,
 * classified, with its line number. Also collects the warnings, for {@code matrix diff}.
 *
 * <p>Classes: {@code rustc-error} (with its {@code E....} code when rustc gives one), {@code
 * lint-denied} (a warning made an error by {@code -D} / {@code #[deny]}), {@code rustc-ice}, {@code
 * bindgen} and {@code bindgen-libclang}, {@code c-error}, {@code missing-tool}, {@code
 * rust-unavailable} (the kernel's {@code rust_is_available.sh} said no), {@code oom} (a compiler
 * killed by SIGKILL), {@code disk-full}, {@code make-error} when nothing more specific was seen.
 * Timeouts, signals and Kconfig refusing {@code CONFIG_RUST} are decided by the runner, which knows
 * more than the log.
 */
public final class LogClassifier {
  /** Why a step failed. {@code line} is 1-based within the log the classifier read. */
  public record Classification(String kind, String firstError, Optional<String> code, long line) {}

  private static final Pattern RUSTC_CODE = Pattern.compile("^error\\[(E\\d{4})\\]: .*");
  private static final Pattern RUSTC_ERROR = Pattern.compile("^error: (.*)");
  private static final Pattern ICE =
      Pattern.compile("^(error: internal compiler error|thread 'rustc' panicked).*");
  private static final Pattern LINT_NOTE =
      Pattern.compile(".*(= note: `(-D|#\\[deny)|implied by `-D|#!?\\[deny\\().*");
  private static final Pattern C_ERROR = Pattern.compile("^[^\\s:]+:\\d+:\\d+: (fatal )?error: .*");
  private static final Pattern RUSTC_WARNING = Pattern.compile("^warning: (.*)");
  private static final Pattern C_WARNING = Pattern.compile("^([^\\s:]+):\\d+:\\d+: warning: (.*)");
  private static final Pattern LOCATION = Pattern.compile("^\\s*--> ([^:]+):\\d+:\\d+");
  private static final Pattern NOT_FOUND =
      Pattern.compile(
          "^(/bin/sh|sh|bash|/bin/bash): (\\d+: |line \\d+: )?(\\S+): (not found|command not found)$");
  private static final Pattern MAKE_NO_FILE =
      Pattern.compile("^make(\\[\\d+\\])?: (\\S+): (No such file or directory|Command not found)$");
  private static final Pattern MAKE_FAIL =
      Pattern.compile(
          "^make(\\[\\d+\\])?: \\*\\*\\* \\[([^\\]]*?)(:\\d+)?: ([^\\]]+)\\] (Error \\d+|Killed|Segmentation fault.*)$");
  private static final Pattern CHECKER = Pattern.compile("^\\*\\*\\* (\\S.*)$");
  private static final Pattern LIBCLANG =
      Pattern.compile(
          ".*(Unable to find libclang|couldn't find any valid shared libraries matching|libclang.*(error|not found|cannot open)|Unable to (find|load) libclang).*",
          Pattern.CASE_INSENSITIVE);
  private static final Pattern DISK_FULL =
      Pattern.compile(".*(No space left on device|Disk quota exceeded).*");
  private static final Pattern KILLED =
      Pattern.compile(
          ".*(\\(signal: 9, SIGKILL: kill\\)|Killed signal terminated program|^Killed$).*");
  private static final int MAX_WARNINGS = 500;

  private long lineNo;
  private Classification first;

  /** A cause that overrides whatever error it provoked: the OOM killer, a full disk. */
  private Classification oom;

  private String makeTarget;
  private String makeLine;
  private long makeLineNo;
  private Classification pendingRustc;
  private int pendingLines;
  private String pendingWarning;
  private final Set<String> warnings = new LinkedHashSet<>();

  /** Feeds the next line of the log (without its line terminator). */
  public void accept(String raw) {
    lineNo++;
    String line = stripAnsi(raw);
    if (pendingRustc != null) {
      if (LINT_NOTE.matcher(line).matches()) {
        record(
            new Classification(
                "lint-denied", pendingRustc.firstError(), Optional.empty(), pendingRustc.line()));
        pendingRustc = null;
      } else if (++pendingLines > 12
          || line.startsWith("error")
          || line.startsWith("warning")
          || line.startsWith("make")) {
        record(pendingRustc);
        pendingRustc = null;
      }
    }
    if (pendingWarning != null) {
      Matcher loc = LOCATION.matcher(line);
      if (loc.matches()) {
        addWarning(pendingWarning + " [" + loc.group(1) + "]");
        pendingWarning = null;
      } else if (!line.isBlank() && !line.startsWith(" ")) {
        addWarning(pendingWarning);
        pendingWarning = null;
      }
    }
    Matcher m;
    if (DISK_FULL.matcher(line).matches()) {
      if (oom == null) {
        oom = new Classification("disk-full", line, Optional.empty(), lineNo);
      }
    } else if (KILLED.matcher(line).matches()) {
      if (oom == null) {
        oom = new Classification("oom", line, Optional.empty(), lineNo);
      }
    } else if (ICE.matcher(line).matches()) {
      record(new Classification("rustc-ice", line, Optional.empty(), lineNo));
    } else if ((m = RUSTC_CODE.matcher(line)).matches()) {
      pendingRustc = new Classification("rustc-error", line, Optional.of(m.group(1)), lineNo);
      pendingLines = 0;
    } else if ((m = RUSTC_ERROR.matcher(line)).matches()) {
      String msg = m.group(1);
      // rustc's summaries restate an earlier error; they are not one.
      if (!msg.startsWith("aborting due to") && !msg.startsWith("could not compile")) {
        pendingRustc =
            new Classification(
                LIBCLANG.matcher(line).matches() ? "bindgen-libclang" : "rustc-error",
                line,
                Optional.empty(),
                lineNo);
        pendingLines = 0;
      }
    } else if (C_ERROR.matcher(line).matches()) {
      record(new Classification("c-error", line, Optional.empty(), lineNo));
    } else if ((m = CHECKER.matcher(line)).matches()) {
      String msg = m.group(1);
      String kind =
          msg.contains("could not be found")
              ? "missing-tool"
              : msg.contains("libclang") ? "bindgen-libclang" : "rust-unavailable";
      // The checker's banner lines ("*** Please see ...") follow the reason; the reason comes
      // first.
      if (!msg.startsWith("Please see") && !msg.startsWith("on how to")) {
        record(new Classification(kind, msg, Optional.empty(), lineNo));
      }
    } else if (LIBCLANG.matcher(line).matches()) {
      record(new Classification("bindgen-libclang", line, Optional.empty(), lineNo));
    } else if (NOT_FOUND.matcher(line).matches() || MAKE_NO_FILE.matcher(line).matches()) {
      record(new Classification("missing-tool", line, Optional.empty(), lineNo));
    } else if ((m = MAKE_FAIL.matcher(line)).matches()) {
      if (makeTarget == null) {
        makeTarget = m.group(4);
        makeLine = line;
        makeLineNo = lineNo;
      }
      if (m.group(5).equals("Killed") && oom == null) {
        oom = new Classification("oom", line, Optional.empty(), lineNo);
      }
    } else if ((m = RUSTC_WARNING.matcher(line)).matches()) {
      String w = m.group(1);
      if (!w.matches("\\d+ warnings? emitted.*") && !w.startsWith("unused manifest key")) {
        pendingWarning = w;
      }
    } else if ((m = C_WARNING.matcher(line)).matches()) {
      addWarning(m.group(2) + " [" + m.group(1) + "]");
    }
  }

  private void record(Classification c) {
    if (first == null) {
      first = c;
    }
  }

  private void addWarning(String w) {
    if (warnings.size() < MAX_WARNINGS) {
      warnings.add(w);
    }
  }

  /**
   * Why the log's build failed, if the log says. Call once the log is complete (and only for a
   * failed step: a passing build may print errors it recovered from).
   */
  public Optional<Classification> failure() {
    if (pendingRustc != null) {
      record(pendingRustc);
      pendingRustc = null;
    }
    if (oom != null) {
      return Optional.of(oom);
    }
    boolean bindgenTarget =
        makeTarget != null && makeTarget.matches(".*_generated\\.rs$|.*bindings.*\\.rs$");
    if (first != null) {
      if (bindgenTarget
          && !first.kind().startsWith("bindgen")
          && !first.kind().equals("missing-tool")) {
        return Optional.of(
            new Classification("bindgen", first.firstError(), first.code(), first.line()));
      }
      return Optional.of(first);
    }
    if (makeTarget != null) {
      return Optional.of(
          new Classification(
              bindgenTarget ? "bindgen" : "make-error", makeLine, Optional.empty(), makeLineNo));
    }
    return Optional.empty();
  }

  /** Distinct warnings: rustc's message with the file it points at, or the C compiler's. */
  public List<String> warnings() {
    if (pendingWarning != null) {
      addWarning(pendingWarning);
      pendingWarning = null;
    }
    return new ArrayList<>(warnings);
  }

  /** Lines read so far. */
  public long lines() {
    return lineNo;
  }

  private static String stripAnsi(String s) {
    return s.indexOf('\u001b') < 0 ? s : s.replaceAll("\u001b\\[[0-9;]*[A-Za-z]", "");
  }
}
