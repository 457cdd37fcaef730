package dev.krt.cli;

/** A subcommand that needs the outside world. */
public interface KrtSubcommand {
  void setContext(KrtContext ctx);
}
