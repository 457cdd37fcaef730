package dev.krt.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.version.Version;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The distribution dataset: well formed, sourced, and its answers agree with the facts. */
class DistrosTest {
  private final Distros d = Distros.builtin();
  private final KernelPolicies k = KernelPolicies.builtin();

  @Test
  void everyListedReleaseIsThereOnceWithSourcedOptions() {
    List<String> want =
        List.of(
            "debian-12",
            "debian-13",
            "debian-testing",
            "debian-sid",
            "ubuntu-22.04",
            "ubuntu-24.04",
            "ubuntu-25.10",
            "ubuntu-26.04",
            "fedora-42",
            "fedora-43",
            "fedora-44",
            "arch",
            "opensuse-tumbleweed",
            "opensuse-slowroll",
            "gentoo",
            "nix");
    assertThat(d.ids()).containsAll(want);
    Set<String> seen = new HashSet<>();
    for (Distro x : d.all()) {
      assertThat(seen.add(x.id())).as("duplicate " + x.id()).isTrue();
      assertThat(x.options()).as(x.id()).isNotEmpty();
      for (DistroOption o : x.options()) {
        assertThat(o.source()).as(x.id() + " " + o.label()).isNotBlank();
        assertThat(o.toolchain().isPresent() || !o.missing().isEmpty()).as(x.id()).isTrue();
      }
    }
  }

  private Verdict best(String distro, String kernel) {
    DistroCompat c = DistroCompat.compute(k, Arch.of("x86_64"), d.find(distro).orElseThrow());
    return c.best(k.find(kernel).orElseThrow())
        .map(Compatibility.Result::verdict)
        .orElse(Verdict.NOT_AVAILABLE);
  }

  @Test
  void debianTwelvesPackagesAloneDoNotBuild612() {
    // bookworm's bindgen is 0.60.1; 6.12 needs >= 0.65.1 (facts: v6.6+ minimum).
    DistroOption def = d.find("debian-12").orElseThrow().options().get(0);
    assertThat(def.bindgen()).contains(Version.of(0, 60, 1));
    assertThat(best("debian-12", "6.12")).isEqualTo(Verdict.NOT_AVAILABLE);
    assertThat(best("debian-12", "7.1")).isEqualTo(Verdict.NOT_AVAILABLE);
  }

  @Test
  void debianThirteenIsWhatV71FollowsAndBuildsIt() {
    // The v7.1 minimum (rustc 1.85.0, bindgen 0.71.1) is Debian 13's toolchain (v7.1 cover letter).
    assertThat(best("debian-13", "7.1")).isEqualTo(Verdict.AVAILABLE);
    assertThat(best("debian-13", "6.12")).isEqualTo(Verdict.AVAILABLE);
    assertThat(best("ubuntu-24.04", "7.1")).isEqualTo(Verdict.AVAILABLE);
  }

  @Test
  void unknownVersionsAreNotReportedAsMissingPackages() {
    DistroOption tw = d.find("opensuse-tumbleweed").orElseThrow().options().get(0);
    assertThat(tw.toolchain()).isEmpty();
    assertThat(tw.versionUnknown()).isTrue();
    assertThat(tw.missing()).contains("version unknown").doesNotContain("not packaged");
  }

  @Test
  void findIsCaseInsensitive() {
    assertThat(d.find("Debian-13")).isPresent();
    assertThat(d.find("debian-14")).isEmpty();
  }
}
