package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import dev.krt.version.Version;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What one kernel accepts: which Rust releases (bindgen and libclang as it asks), its bindgen and
 * libclang rules, and which distribution releases satisfy it with packages alone.
 *
 * @param release the dataset row, when the kernel was named by version
 * @param note when that row stands in for another release the user named, or how a real tree stands
 *     to the row of its stable line ({@link KnownRow})
 * @param rust every Rust release up to today's nightly, with the kernel's verdict
 */
public record KernelCompat(
    KernelTree tree,
    Optional<KernelRelease> release,
    Optional<String> note,
    Arch arch,
    ToolPolicy policy,
    LocalDate date,
    List<RustRow> rust,
    List<DistroRow> distros) {

  /** A Rust release on the given date, and the kernel's verdict on it. */
  public record RustRow(
      RustReleases.Release release, String channel, Compatibility.Result result) {}

  /**
   * A distribution package set and the kernel's verdict on it (empty when a tool is not packaged).
   */
  public record DistroRow(
      Distro distro, DistroOption option, Optional<Compatibility.Result> result) {}

  public static KernelCompat compute(
      KernelTree tree,
      Optional<KernelRelease> release,
      Optional<String> note,
      Arch arch,
      LocalDate date,
      RustReleases rust,
      Distros distros) {
    List<RustRow> rows = new ArrayList<>();
    RustReleases.Channels ch = rust.channelsOn(date);
    List<RustReleases.Release> all = ReleaseTable.releases(rust, ch, date, 0);
    for (RustReleases.Release r : all) {
      String channel = channel(r.version(), ch);
      HypotheticalToolchain tc =
          new HypotheticalToolchain(
              Optional.of(r.version()), Optional.empty(), Optional.empty(), false, true);
      rows.add(new RustRow(r, channel, Compatibility.evaluate(tree, arch, tc)));
    }
    List<DistroRow> drows = new ArrayList<>();
    for (Distro d : distros.all()) {
      for (DistroOption o : d.options()) {
        drows.add(
            new DistroRow(d, o, o.toolchain().map(tc -> Compatibility.evaluate(tree, arch, tc))));
      }
    }
    return new KernelCompat(
        tree, release, note, arch, tree.policy(arch), date, List.copyOf(rows), List.copyOf(drows));
  }

  /**
   * {@code stable}, {@code beta}, {@code nightly} on the day, {@code released} before, {@code
   * future} after.
   */
  public static String channel(Version v, RustReleases.Channels ch) {
    if (ch.beta().map(b -> b.version().equals(v)).orElse(false)) {
      return "beta";
    }
    if (ch.nightly().map(b -> b.version().equals(v)).orElse(false)) {
      return "nightly";
    }
    if (ch.stable().map(s -> s.version().equals(v)).orElse(false)) {
      return "stable";
    }
    return ch.stable().map(s -> v.compareTo(s.version()) < 0).orElse(false) ? "released" : "future";
  }

  public List<RustRow> accepted() {
    return rust.stream().filter(r -> r.result().accepted()).toList();
  }
}
