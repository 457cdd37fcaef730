package dev.krt.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.version.ReleaseTrain;
import dev.krt.version.Version;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class RustReleasesTest {
  private final RustReleases r = RustReleases.builtin();

  @Test
  void channelsOnTheIssuesExampleDay() {
    RustReleases.Channels c = r.channelsOn(LocalDate.of(2026, 11, 24));
    assertThat(c.stable().get().version()).isEqualTo(Version.of(1, 100, 0));
    assertThat(c.stable().get().date()).isEqualTo(LocalDate.of(2026, 11, 12));
    assertThat(c.beta().get().version()).isEqualTo(Version.of(1, 101, 0));
    assertThat(c.nightly().get().version()).isEqualTo(Version.of(1, 102, 0));
  }

  @Test
  void stableIsTheNewestPointReleaseOfItsMinor() {
    // 1.85.1 shipped 2025-03-18 (RELEASES.md): from then until 1.86.0, stable is 1.85.1.
    assertThat(r.channelsOn(LocalDate.of(2025, 3, 17)).stable().get().version())
        .isEqualTo(Version.of(1, 85, 0));
    assertThat(r.channelsOn(LocalDate.of(2025, 3, 18)).stable().get().version())
        .isEqualTo(Version.of(1, 85, 1));
    assertThat(r.channelsOn(LocalDate.of(2024, 4, 30)).stable().get().version())
        .isEqualTo(Version.of(1, 77, 2));
  }

  @Test
  void scheduleExceptionsAreHonoured() {
    // 1.22.0 shipped a day early (2017-11-22, the train says 11-23).
    assertThat(r.releaseDate(22)).isEqualTo(LocalDate.of(2017, 11, 22));
    assertThat(ReleaseTrain.releaseDate(22)).isEqualTo(LocalDate.of(2017, 11, 23));
    assertThat(r.stableMinorOn(LocalDate.of(2017, 11, 22))).contains(22L);
    assertThat(r.stableMinorOn(LocalDate.of(2017, 11, 21))).contains(21L);
  }

  @Test
  void beforeOneDotZeroThereIsNoChannel() {
    RustReleases.Channels c = r.channelsOn(LocalDate.of(2015, 5, 14));
    assertThat(c.stable()).isEmpty();
    assertThat(c.beta()).isEmpty();
    assertThat(r.channelsOn(LocalDate.of(2015, 5, 15)).stable().get().version())
        .isEqualTo(Version.of(1, 0, 0));
  }

  @Test
  void farFutureDatesFollowTheSchedule() {
    RustReleases.Channels c = r.channelsOn(LocalDate.of(2100, 1, 1));
    long n = c.stable().get().version().minor();
    assertThat(r.releaseDate(n)).isBeforeOrEqualTo(LocalDate.of(2100, 1, 1));
    assertThat(r.releaseDate(n + 1)).isAfter(LocalDate.of(2100, 1, 1));
  }

  @Test
  void everyPointReleaseShipsBetweenItsMinorAndTheNext() {
    assertThat(r.pointReleases()).hasSizeGreaterThan(30);
    for (RustReleases.Release p : r.pointReleases()) {
      long n = p.version().minor();
      // Same day is possible: 1.22.0 and 1.22.1 both shipped on 2017-11-22.
      assertThat(p.date())
          .as(p.version().toString())
          .isAfterOrEqualTo(r.releaseDate(n))
          .isBefore(r.releaseDate(n + 1).plusDays(1));
      assertThat(p.source()).as(p.version().toString()).isNotBlank();
      assertThat(r.dateOf(p.version())).contains(p.date());
    }
    assertThat(r.dateOf(Version.of(1, 85, 1))).contains(LocalDate.of(2025, 3, 18));
    assertThat(r.dateOf(Version.of(1, 85, 7))).isEmpty();
  }
}
