package dev.krt.app;

import dev.krt.error.UserException;
import dev.krt.knowledge.KbScan;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * {@code krt kb scan} as a use case: a kernel repository's release tags read as krt reads a tree.
 */
public final class KernelHistory {
  /** What the scan found, and (when diffed) where krt's dataset disagrees. */
  public record Report(
      Path repo,
      List<KbScan.Scanned> scanned,
      boolean diffed,
      List<KbScan.Difference> differences) {}

  private final Workspace ws;

  public KernelHistory(Workspace ws) {
    this.ws = ws;
  }

  /**
   * @param git the repository, relative to the working directory
   * @param tags a tag glob; empty: every release tag
   * @param diff also compare each tag with krt's built-in dataset
   */
  public Report scan(Path git, Optional<String> tags, boolean diff) throws IOException {
    Path repo = ws.cwd().resolve(git).normalize();
    List<KbScan.Scanned> s = KbScan.scan(repo, tags, ShellMinToolVersion.treeLoader());
    if (s.isEmpty()) {
      throw new UserException(
          tags.isEmpty()
              ? "no release tags (vX.Y, vX.Y.Z) in " + repo + " (try --tags GLOB)"
              : "no tags matching '" + tags.get() + "' in " + repo);
    }
    if (s.stream().noneMatch(KbScan.Scanned::hasRust)
        && s.stream().allMatch(x -> x.problem().isPresent())) {
      throw new UserException(
          "none of the "
              + s.size()
              + " tags in "
              + repo
              + " holds a kernel krt can read: "
              + s.get(0).tag()
              + ": "
              + s.get(0).problem().get());
    }
    return new Report(repo, s, diff, diff ? KbScan.diff(s, KernelPolicies.builtin()) : List.of());
  }
}
