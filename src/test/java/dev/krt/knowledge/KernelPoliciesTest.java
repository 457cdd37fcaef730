package dev.krt.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelVersion;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The kernel dataset: well formed, true to the facts, and equal to what Debian's trees say. */
class KernelPoliciesTest {
  private final KernelPolicies k = KernelPolicies.builtin();

  @Test
  void everyMainlineReleaseFrom61To71IsThereWithASource() {
    for (String v :
        List.of(
            "6.1", "6.2", "6.3", "6.4", "6.5", "6.6", "6.7", "6.8", "6.9", "6.10", "6.11", "6.12",
            "6.13", "6.14", "6.15", "6.16", "6.17", "6.18", "6.19", "7.0", "7.1")) {
      KernelRelease r = k.find(v).orElseThrow(() -> new AssertionError("no row " + v));
      assertThat(r.released()).as(v).isTrue();
      assertThat(r.date()).as(v).isPresent();
      assertThat(r.source()).as(v).isNotBlank();
      assertThat(r.pinned()).as(v).isEqualTo(KernelVersion.parse(v).get().before(6, 11));
      assertThat(r.era().pinned()).as(v + " era").isEqualTo(r.pinned());
    }
    assertThat(k.newestReleased().kernel()).isEqualTo("7.1");
  }

  @Test
  void releasedRowsAreDatedInOrder() {
    List<KernelRelease> m = k.mainline().stream().filter(KernelRelease::released).toList();
    for (int i = 1; i < m.size(); i++) {
      assertThat(m.get(i).date().get()).as(m.get(i).kernel()).isAfter(m.get(i - 1).date().get());
    }
  }

  @Test
  void announcedChangesAreMarkedAndCarryTheirArchConditions() {
    KernelRelease r72 = k.find("7.2").orElseThrow();
    KernelRelease r73 = k.find("7.3").orElseThrow();
    assertThat(r72.released()).isFalse();
    assertThat(r73.released()).isFalse();
    assertThat(r72.label()).contains("announced");
    assertThat(r72.minimum("llvm", Arch.of("x86_64"))).contains("17.0.1");
    assertThat(r72.minimum("rustc", Arch.of("s390"))).contains("1.96.0");
    assertThat(r73.minimum("rustc", Arch.of("powerpc"))).contains("1.95.0");
    assertThat(r73.minimum("rustc", Arch.of("s390"))).contains("1.96.0");
    assertThat(r73.minimum("rustc", Arch.of("arm64"))).contains("1.85.0");
    // powerpc keys on ARCH, s390 on SRCARCH (as the queued script tests them).
    assertThat(r73.minimum("rustc", new Arch("ppc64", "powerpc"))).contains("1.85.0");
    assertThat(r73.minimum("rustc", new Arch("s390x", "s390"))).contains("1.96.0");
  }

  @Test
  void theV71RowIsTheFactsFileSummary() {
    KernelRelease r = k.find("v7.1").orElseThrow();
    assertThat(r.minimum("rustc", Arch.of("x86_64"))).contains("1.85.0");
    assertThat(r.minimum("bindgen", Arch.of("x86_64"))).contains("0.71.1");
    assertThat(r.minimum("llvm", Arch.of("x86_64"))).contains("15.0.0");
    assertThat(r.minimum("llvm", Arch.of("loongarch"))).contains("18.0.0");
    assertThat(r.era().bindgenDummyArg()).isFalse();
    assertThat(r.era().bindgen066Probe()).isFalse();
    assertThat(r.era().libclangConcatProbe()).isFalse();
  }

  /**
   * Every row of a stable line makes the rules that Debian's tree of that line makes, per
   * architecture: the minimums its own {@code min-tool-version.sh} prints, pinned or minimum, and
   * its checker's checks. Debian moves the tree to newer stable releases, so the row's "as of"
   * release is compared by series only: a newer tree with the same rules still matches it.
   */
  @ParameterizedTest
  @CsvSource({"6.12, 6.12.y", "6.12, 6.12", "6.1, 6.1.y", "6.1, 6.1"})
  void rowsEqualTheRealTreesScripts(String series, String row) throws IOException {
    Path tree = Zoo.kernel(series);
    KernelRelease r = k.find(row).orElseThrow();
    for (String a :
        List.of(
            "x86_64",
            "i386",
            "arm64",
            "arm",
            "riscv",
            "loongarch",
            "um",
            "s390",
            "powerpc",
            "parisc64")) {
      Arch arch = Arch.of(a);
      for (String tool : List.of("rustc", "bindgen", "llvm", "gcc")) {
        assertThat(r.minimum(tool, arch))
            .as(row + " " + tool + " ARCH=" + a + " vs Linux " + Zoo.kernelVersion(series))
            .contains(Zoo.minToolVersion(series, tool, arch.arch(), arch.srcarch()));
      }
    }
    if (row.endsWith(".y")) {
      CheckerEra real =
          CheckerEra.fromScript(
              Files.readString(
                  tree.resolve("scripts/rust_is_available.sh"), StandardCharsets.ISO_8859_1));
      assertThat(r.era().flags())
          .as(row + " checker vs Linux " + Zoo.kernelVersion(series))
          .isEqualTo(real.flags());
      assertThat(r.pinned()).as(row + " pinned").isEqualTo(real.pinned());
      assertThat(r.asOf())
          .as(row + " asOf")
          .hasValueSatisfying(
              v -> assertThat(KernelVersion.parse(v).orElseThrow().series()).isEqualTo(series));
    }
  }
}
