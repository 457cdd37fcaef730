package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.ToolPolicy;
import dev.krt.kernel.source.GitSource;
import dev.krt.kernel.source.KernelSourceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;

/**
 * Learns kernel policies from a kernel's git history: at every release tag, what {@code
 * scripts/min-tool-version.sh} says per architecture and which checker era {@code
 * scripts/rust_is_available.sh} is — the same reading {@code krt kernel} does, with JGit, no
 * checkout. {@link #diff} compares the result with the built-in dataset.
 */
public final class KbScan {
  /** The architectures a scan reads the minimums for. */
  public static final List<String> RUST_ARCHES = Arch.RUST_ARCHES;

  /** Release tags: {@code v6.12}, {@code v6.12.117}; no release candidates. */
  private static final Pattern RELEASE_TAG = Pattern.compile("v\\d+\\.\\d+(\\.\\d+)?");

  /**
   * One tag's reading.
   *
   * @param policies per architecture in {@link #RUST_ARCHES}; empty without Rust support
   * @param problem why the tag could not be read, if so
   */
  public record Scanned(
      String tag,
      String commit,
      Optional<KernelVersion> version,
      Optional<CheckerEra> era,
      Map<String, ToolPolicy> policies,
      Optional<String> problem) {
    public boolean hasRust() {
      return era.isPresent();
    }
  }

  /** A disagreement between a tag and the dataset. */
  public record Difference(String tag, String row, String what, String tree, String dataset) {}

  private KbScan() {}

  /**
   * Scans the tags matching {@code tagGlob} ({@code *} and {@code ?}; default: every release tag),
   * oldest version first.
   */
  public static List<Scanned> scan(Path repoDir, Optional<String> tagGlob, KernelTreeLoader loader)
      throws IOException {
    List<String> tags = tags(repoDir, tagGlob);
    List<Scanned> out = new ArrayList<>();
    for (String tag : tags) {
      out.add(scanTag(repoDir, tag, loader));
    }
    out.sort(
        Comparator.comparing((Scanned s) -> s.version().orElse(new KernelVersion(0, 0, 0, "")))
            .thenComparing(Scanned::tag));
    return out;
  }

  static List<String> tags(Path repoDir, Optional<String> tagGlob) throws IOException {
    if (!GitSource.isRepository(repoDir)) {
      throw new KernelSourceException(
          java.nio.file.Files.exists(repoDir)
              ? "not a git repository: " + repoDir
              : "no such git repository: " + repoDir);
    }
    Pattern p = tagGlob.map(KbScan::globToRegex).orElse(RELEASE_TAG);
    List<String> tags = new ArrayList<>();
    try (Repository repo = GitSource.openRepository(repoDir)) {
      for (Ref r : repo.getRefDatabase().getRefsByPrefix(Constants.R_TAGS)) {
        String name = r.getName().substring(Constants.R_TAGS.length());
        if (p.matcher(name).matches()) {
          tags.add(name);
        }
      }
    }
    return tags;
  }

  static Pattern globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      switch (c) {
        case '*' -> re.append(".*");
        case '?' -> re.append('.');
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString());
  }

  private static Scanned scanTag(Path repoDir, String tag, KernelTreeLoader loader)
      throws IOException {
    try (GitSource src = GitSource.open(repoDir, tag)) {
      String commit = src.commit().orElse("");
      try {
        KernelTree t = loader.load(src, true);
        Map<String, ToolPolicy> pol = new LinkedHashMap<>();
        if (t.hasRust()) {
          for (String a : RUST_ARCHES) {
            pol.put(a, t.policy(Arch.of(a)));
          }
        }
        return new Scanned(tag, commit, Optional.of(t.version()), t.era(), pol, Optional.empty());
      } catch (KernelSourceException e) {
        return new Scanned(
            tag, commit, Optional.empty(), Optional.empty(), Map.of(), Optional.of(e.getMessage()));
      }
    }
  }

  /**
   * Where the tags disagree with the dataset: per architecture minimums, pinned or minimum, the
   * checker's checks. A {@code vX.Y} tag is compared with row {@code X.Y}; a {@code vX.Y.Z} tag
   * with row {@code X.Y.y} if the dataset has that stable line, else with {@code X.Y}.
   */
  public static List<Difference> diff(List<Scanned> scanned, KernelPolicies dataset) {
    List<Difference> out = new ArrayList<>();
    for (Scanned s : scanned) {
      if (s.problem().isPresent() || !s.hasRust()) {
        continue;
      }
      KernelVersion v = s.version().get();
      if (!v.extraversion().isEmpty()) {
        continue; // release candidates are not releases; rows describe releases
      }
      // A stable line's row holds its backports as of one release: from there on it must agree;
      // older stable releases are compared with the series' versions only (checks changed since).
      Optional<KernelRelease> line =
          v.sublevel() > 0
              ? dataset.find(v.series() + ".y").filter(l -> l.version().sublevel() <= v.sublevel())
              : Optional.empty();
      boolean checks = v.sublevel() == 0 || line.isPresent();
      Optional<KernelRelease> row = line.or(() -> dataset.find(v.series()));
      if (row.isEmpty()) {
        out.add(
            new Difference(
                s.tag(),
                "-",
                "row",
                "Linux " + v + " has Rust support",
                "no row for " + v.series() + " (add one)"));
        continue;
      }
      KernelRelease r = row.get();
      for (String a : RUST_ARCHES) {
        ToolPolicy tree = s.policies().get(a);
        ToolPolicy data = r.policy(Arch.of(a));
        compare(out, s.tag(), r.kernel(), "rustc (" + a + ")", tree.rustc(), data.rustc());
        compare(out, s.tag(), r.kernel(), "bindgen (" + a + ")", tree.bindgen(), data.bindgen());
        compare(out, s.tag(), r.kernel(), "llvm (" + a + ")", tree.llvm(), data.llvm());
      }
      CheckerEra te = s.era().get();
      compare(
          out,
          s.tag(),
          r.kernel(),
          "pinned",
          String.valueOf(te.pinned()),
          String.valueOf(r.pinned()));
      if (checks) {
        compare(out, s.tag(), r.kernel(), "checker checks", te.flags(), r.era().flags());
      }
    }
    return out;
  }

  /** The era's checks without its name (a name is a label; the checks are the facts). */
  private static void compare(
      List<Difference> out, String tag, String row, String what, String tree, String data) {
    if (!java.util.Objects.equals(tree, data)) {
      out.add(new Difference(tag, row, what, String.valueOf(tree), String.valueOf(data)));
    }
  }
}
