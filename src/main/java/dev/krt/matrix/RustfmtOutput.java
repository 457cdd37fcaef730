package dev.krt.matrix;

import java.util.function.Consumer;

/**
 * What {@code make rustfmtcheck} printed: rustfmt's {@code Diff in FILE:LINE:} blocks, or an error
 * or panic of rustfmt itself (what the Rust CI's rustfmt step is there to catch).
 */
final class RustfmtOutput implements Consumer<String> {
  private int differences;
  private boolean failed;

  @Override
  public void accept(String line) {
    if (line.startsWith("Diff in ")) {
      differences++;
    } else if (line.contains("panicked at")
        || line.startsWith("error:")
        || line.startsWith("error[")
        || line.startsWith("xargs:")) {
      failed = true;
    }
  }

  Consumer<String> then(Consumer<String> next) {
    return line -> {
      accept(line);
      next.accept(line);
    };
  }

  int differences() {
    return differences;
  }

  /** rustfmt ran to its end and only found code it would format otherwise. */
  boolean onlyDifferences() {
    return differences > 0 && !failed;
  }
}
