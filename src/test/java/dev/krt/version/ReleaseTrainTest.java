package dev.krt.version;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class ReleaseTrainTest {
  @Test
  void releaseDatesFollowTheSixWeekTrain() {
    assertThat(ReleaseTrain.releaseDate(0)).isEqualTo(LocalDate.of(2015, 5, 15));
    assertThat(ReleaseTrain.releaseDate(1)).isEqualTo(LocalDate.of(2015, 6, 25));
    assertThat(ReleaseTrain.releaseDate(78)).isEqualTo(LocalDate.of(2024, 5, 2));
    assertThat(ReleaseTrain.releaseDate(85)).isEqualTo(LocalDate.of(2025, 2, 20));
    assertThat(ReleaseTrain.releaseDate(100)).isEqualTo(LocalDate.of(2026, 11, 12));
    assertThatThrownBy(() -> ReleaseTrain.releaseDate(-1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stableOnADay() {
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2015, 5, 14))).isEmpty();
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2015, 5, 15))).contains(0L);
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2015, 6, 24))).contains(0L);
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2015, 6, 25))).contains(1L);
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2026, 11, 11))).contains(99L);
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2026, 11, 12))).contains(100L);
    assertThat(ReleaseTrain.stableMinorOn(LocalDate.of(2026, 11, 24))).contains(100L);
  }

  @Test
  void everyDayMapsToTheReleaseBeforeIt() {
    for (LocalDate d = LocalDate.of(2015, 5, 15);
        d.isBefore(LocalDate.of(2031, 1, 1));
        d = d.plusDays(1)) {
      long n = ReleaseTrain.stableMinorOn(d).orElseThrow();
      assertThat(ReleaseTrain.releaseDate(n)).isBeforeOrEqualTo(d);
      assertThat(ReleaseTrain.releaseDate(n + 1)).isAfter(d);
    }
  }
}
