package dev.krt.report;

import dev.krt.knowledge.KernelRelease;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Kernel releases as compact ranges: {@code 6.11 - 7.1, 7.2 - 7.3 (announced), 6.12.y}. */
public final class KernelRanges {
  private KernelRanges() {}

  /** Runs of consecutive mainline releases that match, then the matching stable lines. */
  public static String of(List<KernelRelease> ordered, Predicate<KernelRelease> p) {
    List<String> parts = new ArrayList<>();
    List<KernelRelease> mainline = ordered.stream().filter(r -> !r.stableLine()).toList();
    int i = 0;
    while (i < mainline.size()) {
      if (!p.test(mainline.get(i))) {
        i++;
        continue;
      }
      int j = i;
      // A run also breaks where released rows meet announced ones, so "announced" stays visible.
      while (j + 1 < mainline.size()
          && p.test(mainline.get(j + 1))
          && mainline.get(j + 1).released() == mainline.get(i).released()) {
        j++;
      }
      String first = mainline.get(i).kernel();
      String last = mainline.get(j).kernel();
      parts.add(
          (i == j ? first : first + " - " + last)
              + (mainline.get(i).released() ? "" : " (announced)"));
      i = j + 1;
    }
    for (KernelRelease r : ordered) {
      if (r.stableLine() && p.test(r)) {
        parts.add(r.label());
      }
    }
    return parts.isEmpty() ? "none" : String.join(", ", parts);
  }
}
