package dev.krt.cli;

import picocli.CommandLine.Option;

/** {@code --format text|json}, shared by the commands that report. */
public final class FormatOption {
  public enum Format {
    text,
    json
  }

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Output format: ${COMPLETION-CANDIDATES}. Default: ${DEFAULT-VALUE}.")
  Format format = Format.text;

  public boolean json() {
    return format == Format.json;
  }
}
