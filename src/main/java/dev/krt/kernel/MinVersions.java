package dev.krt.kernel;

/**
 * Answers {@code scripts/min-tool-version.sh TOOL} for an architecture: by interpreting the script,
 * by running it (fallback), or from krt's built-in dataset.
 */
public interface MinVersions {

  /** The script's result for a tool (its stdout line, exit code and stderr). */
  MinToolVersionScript.Result query(String tool, Arch arch);

  /** How the answers are obtained, for humans. */
  String basis();
}
