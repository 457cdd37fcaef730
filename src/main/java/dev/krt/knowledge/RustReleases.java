package dev.krt.knowledge;

import dev.krt.version.ReleaseTrain;
import dev.krt.version.Version;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Rust releases krt knows: the six-week train ({@link ReleaseTrain}) plus the point releases
 * and schedule exceptions of the resource {@code rust-releases.json}.
 */
public final class RustReleases {
  /** A release and the day it shipped (or ships, by the schedule). */
  public record Release(Version version, LocalDate date, String source) {}

  /** The three channels on one day. Empty before Rust 1.0.0. */
  public record Channels(
      LocalDate date,
      Optional<Release> stable,
      Optional<Release> beta,
      Optional<Release> nightly) {}

  private final Map<Long, LocalDate> exceptions;
  private final List<Release> points;
  private final String trainSource;

  RustReleases(Map<Long, LocalDate> exceptions, List<Release> points, String trainSource) {
    this.exceptions = Map.copyOf(exceptions);
    this.points = points.stream().sorted(Comparator.comparing(Release::version)).toList();
    this.trainSource = trainSource;
  }

  private static volatile RustReleases builtin;

  public static RustReleases builtin() {
    RustReleases b = builtin;
    if (b == null) {
      b = parse(JsonResource.read(RustReleases.class, "rust-releases.json"));
      builtin = b;
    }
    return b;
  }

  /** The day 1.{@code minor}.0 shipped or ships. */
  public LocalDate releaseDate(long minor) {
    return exceptions.getOrDefault(minor, ReleaseTrain.releaseDate(minor));
  }

  /** The 1.N.0 release, dated. */
  public Release minorRelease(long minor) {
    return new Release(
        Version.of(1, minor, 0),
        releaseDate(minor),
        exceptions.containsKey(minor) ? "exception in rust-releases.json" : trainSource);
  }

  /** When a version shipped: 1.N.0 by the train, point releases from the data. */
  public Optional<LocalDate> dateOf(Version v) {
    if (v.major() != 1) {
      return Optional.empty();
    }
    if (v.patch() == 0) {
      return Optional.of(releaseDate(v.minor()));
    }
    return points.stream().filter(p -> p.version().equals(v)).map(Release::date).findFirst();
  }

  /** The point releases of 1.{@code minor} shipped on or before {@code date}, newest last. */
  public List<Release> pointReleases(long minor, LocalDate date) {
    return points.stream()
        .filter(p -> p.version().minor() == minor && !p.date().isAfter(date))
        .toList();
  }

  public List<Release> pointReleases() {
    return points;
  }

  /** The newest 1.N.0 released on or before the date; empty before 1.0.0. */
  public Optional<Long> stableMinorOn(LocalDate date) {
    Optional<Long> est = ReleaseTrain.stableMinorOn(date);
    if (est.isEmpty()) {
      return est;
    }
    long n = est.get();
    while (!releaseDate(n + 1).isAfter(date)) {
      n++;
    }
    while (n > 0 && releaseDate(n).isAfter(date)) {
      n--;
    }
    return Optional.of(n);
  }

  /** Stable (with its newest point release), beta and nightly on a day. */
  public Channels channelsOn(LocalDate date) {
    Optional<Long> s = stableMinorOn(date);
    if (s.isEmpty()) {
      return new Channels(date, Optional.empty(), Optional.empty(), Optional.empty());
    }
    long n = s.get();
    List<Release> pts = pointReleases(n, date);
    Release stable = pts.isEmpty() ? minorRelease(n) : pts.get(pts.size() - 1);
    return new Channels(
        date,
        Optional.of(stable),
        Optional.of(minorRelease(n + 1)),
        Optional.of(minorRelease(n + 2)));
  }

  @SuppressWarnings("unchecked")
  static RustReleases parse(Map<String, Object> root) {
    Object format = root.get("format");
    if (!(format instanceof Long f) || f != 1) {
      throw new IllegalStateException("rust-releases.json: format " + format + ", expected 1");
    }
    Map<String, Object> train = (Map<String, Object>) root.get("train");
    if (!ReleaseTrain.EPOCH.toString().equals(train.get("epoch"))
        || !Long.valueOf(ReleaseTrain.PERIOD_DAYS).equals(train.get("periodDays"))) {
      throw new IllegalStateException("rust-releases.json: the train does not match ReleaseTrain");
    }
    Map<Long, LocalDate> ex = new HashMap<>();
    for (Map<String, Object> e :
        (List<Map<String, Object>>) root.getOrDefault("exceptions", List.of())) {
      Version v = Version.parse((String) e.get("version"));
      ex.put(v.minor(), JsonResource.date((String) e.get("date")));
    }
    List<Release> pts = new ArrayList<>();
    for (Map<String, Object> p :
        (List<Map<String, Object>>) root.getOrDefault("pointReleases", List.of())) {
      pts.add(
          new Release(
              Version.parse((String) p.get("version")),
              JsonResource.date((String) p.get("date")),
              (String) p.get("source")));
    }
    return new RustReleases(ex, pts, (String) train.get("source"));
  }
}
