package dev.krt.shell;

/** A word for a POSIX shell command line: as it is when nothing in it is special, else quoted. */
public final class ShellQuote {
  private ShellQuote() {}

  public static String quote(String s) {
    return s.matches("[A-Za-z0-9_./=:,+@-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
  }
}
