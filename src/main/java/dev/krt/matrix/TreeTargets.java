package dev.krt.matrix;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether a tree has what a single-target make builds: {@code samples/rust/rust_print_main.o} needs
 * {@code rust_print_main.rs} (or .c, .S), a generated object ({@code
 * rust/doctests_kernel_generated.o}) its directory's Makefile naming it. A preset's step leaves out
 * what an older tree does not have, instead of failing on it.
 */
final class TreeTargets {
  private TreeTargets() {}

  record Split(List<String> present, List<String> missing) {}

  private static final List<String> OBJECT_SUFFIXES =
      List.of(".o", ".rsi", ".s", ".ll", ".i", ".lst", ".mi");

  static Split split(Path tree, List<String> targets) {
    List<String> present = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    for (String t : targets) {
      (present(tree, t) ? present : missing).add(t);
    }
    return new Split(List.copyOf(present), List.copyOf(missing));
  }

  static boolean present(Path tree, String target) {
    String suffix = OBJECT_SUFFIXES.stream().filter(target::endsWith).findFirst().orElse(null);
    if (suffix == null || !target.contains("/")) {
      return true; // a make target of the top Makefile (rustdoc, rust/): make says if it is not
    }
    String base = target.substring(0, target.length() - suffix.length());
    for (String src : List.of(".rs", ".c", ".S")) {
      if (Files.isRegularFile(tree.resolve(base + src))) {
        return true;
      }
    }
    Path dir = tree.resolve(base).getParent();
    String name = tree.resolve(base).getFileName().toString();
    for (String mk : List.of("Makefile", "Kbuild")) {
      if (mentions(dir.resolve(mk), name + ".o")) {
        return true;
      }
    }
    return false;
  }

  /** Reads at most 1 MiB: a Makefile is a few KiB, a hostile tree's may not be. */
  private static boolean mentions(Path makefile, String word) {
    if (!Files.isRegularFile(makefile)) {
      return false;
    }
    try (InputStream in = Files.newInputStream(makefile)) {
      return new String(in.readNBytes(1 << 20), StandardCharsets.UTF_8).contains(word);
    } catch (IOException e) {
      return false;
    }
  }
}
