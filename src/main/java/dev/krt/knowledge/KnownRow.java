package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.ToolPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a real tree stands to krt's dataset row for its stable line. Distributions move their kernel
 * sources to new stable releases every few weeks, so a tree is often newer than the release a row
 * was read from; krt then applies the tree's own scripts, and says so, and whether they still agree
 * with the row.
 *
 * @param row the row's name, e.g. {@code 6.12.y}
 * @param asOf the stable release the row was read from
 * @param tree the tree's own version
 * @param differences where the tree's rules differ from the row's (empty: they agree)
 */
public record KnownRow(
    String row, KernelVersion asOf, KernelVersion tree, List<String> differences) {

  public boolean treeIsNewer() {
    return tree.compareTo(asOf) > 0;
  }

  /**
   * The one line the commands print, e.g. {@code newer than krt's 6.12.y row (as of 6.12.118):
   * ...}.
   */
  public String note() {
    int c = tree.compareTo(asOf);
    String where =
        (c > 0 ? "newer than" : c < 0 ? "older than" : "the release of")
            + " krt's "
            + row
            + " row (as of "
            + asOf
            + ")";
    String rules =
        differences.isEmpty()
            ? "which agree with the row"
            : "which differ from it: " + String.join("; ", differences);
    return where + ": krt follows this tree's own scripts, " + rules;
  }

  /**
   * The comparison for a real tree, when it is worth a line: the tree is newer than its stable
   * line's row, or its rules differ from the row's. Empty for krt's own policies, for kernels
   * without a stable row, and for a tree that is the row's release or older and agrees with it.
   */
  public static Optional<KnownRow> of(KernelTree tree, KernelPolicies kernels, Arch arch) {
    if (tree.builtin() || tree.era().isEmpty()) {
      return Optional.empty();
    }
    Optional<KernelRelease> line =
        kernels
            .find(tree.version().series() + ".y")
            .filter(r -> r.stableLine() && r.asOf().isPresent());
    if (line.isEmpty()) {
      return Optional.empty();
    }
    KernelRelease r = line.get();
    KnownRow k = new KnownRow(r.kernel(), r.version(), tree.version(), differences(tree, r, arch));
    return k.treeIsNewer() || !k.differences().isEmpty() ? Optional.of(k) : Optional.empty();
  }

  private static List<String> differences(KernelTree tree, KernelRelease row, Arch arch) {
    List<String> d = new ArrayList<>();
    ToolPolicy mine = tree.policy(arch);
    ToolPolicy theirs = row.policy(arch);
    compare(d, "rustc minimum", mine.rustc(), theirs.rustc());
    compare(d, "bindgen minimum", mine.bindgen(), theirs.bindgen());
    compare(d, "llvm minimum", mine.llvm(), theirs.llvm());
    if (mine.pinned() != theirs.pinned()) {
      d.add(
          mine.pinned()
              ? "pins its versions (the row: minimums)"
              : "takes minimum versions (the row: pinned)");
    }
    CheckerEra e = tree.era().orElseThrow();
    List<String> added = new ArrayList<>(e.describeFeatures());
    added.removeAll(row.era().describeFeatures());
    List<String> removed = new ArrayList<>(row.era().describeFeatures());
    removed.removeAll(e.describeFeatures());
    if (!added.isEmpty() || !removed.isEmpty()) {
      d.add(
          "checker "
              + (added.isEmpty() ? "" : "adds " + String.join(", ", added))
              + (added.isEmpty() || removed.isEmpty() ? "" : ", ")
              + (removed.isEmpty() ? "" : "lacks " + String.join(", ", removed)));
    } else if (!e.flags().equals(row.era().flags())) {
      // the finer points (parsing, run-failure messages, the arithmetic line) in --era notation
      d.add("checker details " + e.flags() + " (the row: " + row.era().flags() + ")");
    }
    return List.copyOf(d);
  }

  private static void compare(List<String> out, String what, String tree, String row) {
    if (!Objects.equals(tree, row)) {
      out.add(what + " " + tree + " (the row: " + row + ")");
    }
  }
}
