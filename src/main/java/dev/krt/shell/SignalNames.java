package dev.krt.shell;

import java.util.Map;
import java.util.Optional;

/**
 * What dash prints on stderr when a command it waited for died by a signal (glibc's strsignal); it
 * says nothing for SIGINT and SIGPIPE. Java reports a signal death as exit code 128+N, the shell's
 * own convention, so a program that exits 137 by itself is taken for a SIGKILL.
 */
public final class SignalNames {
  private SignalNames() {}

  private static final Map<Integer, String> NAMES =
      Map.ofEntries(
          Map.entry(1, "Hangup"),
          Map.entry(3, "Quit"),
          Map.entry(4, "Illegal instruction"),
          Map.entry(5, "Trace/breakpoint trap"),
          Map.entry(6, "Aborted"),
          Map.entry(7, "Bus error"),
          Map.entry(8, "Floating point exception"),
          Map.entry(9, "Killed"),
          Map.entry(10, "User defined signal 1"),
          Map.entry(11, "Segmentation fault"),
          Map.entry(12, "User defined signal 2"),
          Map.entry(14, "Alarm clock"),
          Map.entry(15, "Terminated"),
          Map.entry(16, "Stack fault"),
          Map.entry(24, "CPU time limit exceeded"),
          Map.entry(25, "File size limit exceeded"),
          Map.entry(26, "Virtual timer expired"),
          Map.entry(27, "Profiling timer expired"),
          Map.entry(30, "Power failure"),
          Map.entry(31, "Bad system call"));

  /** The line dash prints for a command that ended with {@code status} (128+N), if any. */
  public static Optional<String> forStatus(int status) {
    if (status <= 128 || status > 128 + 64) {
      return Optional.empty();
    }
    return Optional.ofNullable(NAMES.get(status - 128));
  }
}
