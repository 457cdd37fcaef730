package dev.krt.knowledge;

import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.version.Version;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The Rust releases around a date with what every kernel release makes of each: pinned by, minimum
 * of, accepted by (the kernel's own checker), accepted with warnings by.
 *
 * @param projected whether the date lies after today (the schedule, not history)
 */
public record ReleaseTable(
    LocalDate date,
    boolean projected,
    RustReleases.Channels channels,
    Arch arch,
    List<KernelRelease> kernels,
    List<Row> rows) {

  /**
   * One release.
   *
   * @param channel {@code stable}, {@code beta}, {@code nightly} on the date; {@code released}
   *     before; {@code future} after
   * @param pinnedBy kernels that pin exactly this version
   * @param minimumOf kernels whose minimum it is
   */
  public record Row(
      RustReleases.Release release,
      String channel,
      List<KernelRelease> pinnedBy,
      List<KernelRelease> minimumOf,
      List<KernelRelease> accepted,
      List<KernelRelease> warned) {}

  /**
   * Every 1.N.0 up to the date's nightly and every point release shipped by then, from the oldest
   * rustc a kernel names (or from 1.0.0 with {@code all}).
   */
  public static ReleaseTable compute(
      RustReleases rust,
      KernelPolicies kernels,
      Arch arch,
      LocalDate date,
      LocalDate today,
      boolean all) {
    RustReleases.Channels ch = rust.channelsOn(date);
    long first =
        all
            ? 0
            : kernels.all().stream()
                .map(k -> Version.parse(k.rustc()))
                .min(Comparator.naturalOrder())
                .map(Version::minor)
                .orElse(0L);
    List<RustReleases.Release> rel = releases(rust, ch, date, first);
    List<Row> rows = new ArrayList<>();
    for (RustReleases.Release r : rel) {
      List<KernelRelease> pinned = new ArrayList<>();
      List<KernelRelease> minimum = new ArrayList<>();
      List<KernelRelease> ok = new ArrayList<>();
      List<KernelRelease> warned = new ArrayList<>();
      for (KernelRelease k : kernels.all()) {
        if (k.minimum("rustc", arch).orElse("").equals(r.version().toString())) {
          (k.pinned() ? pinned : minimum).add(k);
        }
        Verdict v =
            Compatibility.evaluate(
                    k.tree(),
                    arch,
                    new HypotheticalToolchain(
                        Optional.of(r.version()), Optional.empty(), Optional.empty(), false, true))
                .verdict();
        if (v == Verdict.AVAILABLE) {
          ok.add(k);
        } else if (v == Verdict.AVAILABLE_WITH_WARNINGS) {
          warned.add(k);
        }
      }
      rows.add(
          new Row(
              r,
              KernelCompat.channel(r.version(), ch),
              List.copyOf(pinned),
              List.copyOf(minimum),
              List.copyOf(ok),
              List.copyOf(warned)));
    }
    return new ReleaseTable(date, date.isAfter(today), ch, arch, kernels.all(), List.copyOf(rows));
  }

  /**
   * 1.{first}.0 up to the nightly of the date, and the point releases shipped by then, in version
   * order.
   */
  static List<RustReleases.Release> releases(
      RustReleases rust, RustReleases.Channels ch, LocalDate date, long first) {
    long last = ch.nightly().map(n -> n.version().minor()).orElse(-1L);
    List<RustReleases.Release> rel = new ArrayList<>();
    for (long n = first; n <= last; n++) {
      rel.add(rust.minorRelease(n));
    }
    for (RustReleases.Release p : rust.pointReleases()) {
      if (p.version().minor() >= first && p.version().minor() <= last && !p.date().isAfter(date)) {
        rel.add(p);
      }
    }
    rel.sort(Comparator.comparing(RustReleases.Release::version));
    return rel;
  }
}
