package dev.krt.toolchain;

import java.util.List;
import java.util.Optional;

/**
 * The program runs and file tests the kernel's checker makes, asked for lazily and in the script's
 * order. The drop-in runs them one by one as the script would; {@code krt check} starts them in
 * parallel up front and serves them from its probe cache.
 */
public interface CheckerProbes {

  /** {@code command -v NAME}: whether the shell would find it. */
  boolean commandExists(String name);

  /** {@code LC_ALL=C "$RUSTC" --version 2>/dev/null} (stdout only). */
  Run rustcVersion();

  /** {@code LC_ALL=C "$BINDGEN" --version [workaround-for-0.69.0] 2>/dev/null}. */
  Run bindgenVersion(boolean dummyArg);

  /**
   * {@code LC_ALL=C "$BINDGEN" $(dirname $0)/rust_is_available_bindgen_libclang.h 2>&1 >/dev/null}:
   * stderr is {@code out}.
   */
  Run bindgenLibclang();

  /** {@code "$BINDGEN" $(dirname $0)/HEADER} (no LC_ALL); stdout kept, stderr passes through. */
  Run bindgenHeader(String header);

  /** {@code $CC -E -P -x c - 2>/dev/null} fed cc-version.sh's probe ({@code input}). */
  Run ccPreprocess(List<String> ccWords, String input);

  /** {@code LC_ALL=C $CC --version 2>/dev/null} (unquoted $CC). */
  Run ccVersionText(List<String> ccWords);

  /** {@code "$RUSTC" $KRUSTFLAGS --print sysroot} (stderr passes through). */
  Run rustcSysroot(List<String> krustflags);

  /** {@code $(min-tool-version.sh TOOL)}: its stdout, exit code and stderr. */
  Run minToolVersion(String tool);

  /**
   * An unquoted {@code $VAR} as the shell expands it: field splitting, then pathname expansion
   * (which needs the file system; without one, splitting only).
   */
  default List<String> fields(String unquoted) {
    return dev.krt.shell.ShellWords.split(unquoted);
  }

  /** {@code [ -e PATH ]}. */
  boolean pathExists(String path);

  /** {@code scripts/cc-version.sh}'s text when the tree has one (line numbers, ICC support). */
  Optional<String> ccVersionScript();
}
