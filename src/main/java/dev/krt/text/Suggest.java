package dev.krt.text;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean ...?" by edit distance. */
public final class Suggest {
  private Suggest() {}

  public static Optional<String> closest(String input, Collection<String> candidates) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String c : candidates) {
      int d = distance(input, c);
      if (d < bestD) {
        bestD = d;
        best = c;
      }
    }
    return best != null && bestD <= Math.max(2, input.length() / 3)
        ? Optional.of(best)
        : Optional.empty();
  }

  /**
   * Up to {@code limit} candidates within half the input's length of edits, nearest first; among
   * equals the numerically nearest (debian-14: debian-13 before debian-12), then by name.
   */
  public static java.util.List<String> nearest(
      String input, Collection<String> candidates, int limit) {
    java.util.List<String> c = new java.util.ArrayList<>(candidates);
    c.sort(
        java.util.Comparator.comparingInt((String x) -> distance(input, x))
            .thenComparingDouble(x -> numericGap(input, x))
            .thenComparing(java.util.Comparator.naturalOrder()));
    return c.stream()
        .filter(x -> distance(input, x) <= Math.max(2, input.length() / 2))
        .limit(limit)
        .toList();
  }

  /** {@code " (closest: a, b)"}: up to three near candidates for an error message, or empty. */
  public static String note(String input, Collection<String> candidates) {
    java.util.List<String> near = nearest(input, candidates, 3);
    return near.isEmpty() ? "" : " (closest: " + String.join(", ", near) + ")";
  }

  /**
   * |a - b| of the numbers after a common text prefix (debian-14 vs debian-13: 1), else infinity.
   */
  public static double numericGap(String a, String b) {
    java.util.regex.Matcher ma = NUMBERED.matcher(a);
    java.util.regex.Matcher mb = NUMBERED.matcher(b);
    if (!ma.matches() || !mb.matches() || !ma.group(1).equals(mb.group(1))) {
      return Double.MAX_VALUE;
    }
    return Math.abs(Double.parseDouble(ma.group(2)) - Double.parseDouble(mb.group(2)));
  }

  private static final java.util.regex.Pattern NUMBERED =
      java.util.regex.Pattern.compile("([^0-9]*)([0-9]+(?:\\.[0-9]+)?)(?:\\.[0-9y]+)?");

  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
