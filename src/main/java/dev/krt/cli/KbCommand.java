package dev.krt.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code krt kb}: krt's knowledge base and how to re-learn it. */
@Command(
    name = "kb",
    header = "krt's knowledge base: re-learn kernel policies from a kernel's git history.",
    mixinStandardHelpOptions = true,
    description = {
      "krt's built-in knowledge: re-learn kernel policies from a kernel's git history."
    },
    subcommands = {KbScanCommand.class})
public final class KbCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    throw new ParameterException(
        spec.commandLine(), "missing subcommand (try 'krt kb scan --git LINUX_REPO')");
  }
}
