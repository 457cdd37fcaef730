package dev.krt.kernel.source;

import java.util.ArrayList;
import java.util.List;

/** Path arithmetic inside a kernel tree. */
final class TreePaths {
  private TreePaths() {}

  /**
   * Where a symlink at {@code linkPath} pointing to {@code target} leads, as a tree path; null if
   * the target is absolute or climbs out of the tree (krt follows links only inside the tree).
   */
  static String resolveLink(String linkPath, String target) {
    if (target.startsWith("/")) {
      return null;
    }
    List<String> parts = new ArrayList<>();
    int slash = linkPath.lastIndexOf('/');
    if (slash > 0) {
      parts.addAll(List.of(linkPath.substring(0, slash).split("/")));
    }
    for (String c : target.split("/")) {
      if (c.isEmpty() || c.equals(".")) {
        continue;
      }
      if (c.equals("..")) {
        if (parts.isEmpty()) {
          return null;
        }
        parts.remove(parts.size() - 1);
      } else {
        parts.add(c);
      }
    }
    return String.join("/", parts);
  }
}
