package dev.krt.knowledge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.kernel.MinVersions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A real tree against krt's row for its stable line: said when newer, or when its rules differ. */
class KnownRowTest {
  private static final KernelPolicies KERNELS = KernelPolicies.builtin();
  private static final Arch X86 = Arch.of("x86_64");
  private static final KernelRelease ROW = KERNELS.find("6.12.y").orElseThrow();

  /**
   * The row as a real tree would be read: its rules, another version, optionally other minimums and
   * era.
   */
  private static KernelTree tree(int sublevel, Map<String, String> minimums, CheckerEra era) {
    KernelTree row = ROW.tree();
    MinVersions mv =
        new MinVersions() {
          @Override
          public MinToolVersionScript.Result query(String tool, Arch arch) {
            return minimums.containsKey(tool)
                ? new MinToolVersionScript.Result(Optional.of(minimums.get(tool)), 0, "")
                : row.minVersions().query(tool, arch);
          }

          @Override
          public String basis() {
            return "a test tree";
          }
        };
    return new KernelTree(
        "/src/linux",
        new KernelVersion(6, 12, sublevel, ""),
        Optional.of(era),
        mv,
        row.probeHeaders(),
        Optional.empty(),
        false,
        Optional.empty());
  }

  private static int asOf() {
    return ROW.version().sublevel();
  }

  @Test
  void aNewerPointReleaseWithTheSameRulesIsSaidToAgree() {
    KnownRow k = KnownRow.of(tree(asOf() + 1, Map.of(), ROW.era()), KERNELS, X86).orElseThrow();
    assertThat(k.treeIsNewer()).isTrue();
    assertThat(k.differences()).isEmpty();
    assertThat(k.note())
        .isEqualTo(
            "newer than krt's 6.12.y row (as of "
                + ROW.version()
                + "): krt follows this tree's own scripts, which agree with the row");
  }

  @Test
  void theRowsReleaseOrAnOlderOneThatAgreesIsNoNews() {
    assertThat(KnownRow.of(tree(asOf(), Map.of(), ROW.era()), KERNELS, X86)).isEmpty();
    assertThat(KnownRow.of(tree(asOf() - 1, Map.of(), ROW.era()), KERNELS, X86)).isEmpty();
  }

  @Test
  void differentMinimumsAreNamed() {
    KnownRow k =
        KnownRow.of(tree(asOf() + 5, Map.of("rustc", "1.81.0"), ROW.era()), KERNELS, X86)
            .orElseThrow();
    assertThat(k.differences())
        .containsExactly(
            "rustc minimum 1.81.0 (the row: " + ROW.minimum("rustc", X86).orElseThrow() + ")");
    assertThat(k.note()).contains("which differ from it: rustc minimum 1.81.0");
  }

  @Test
  void aCheckerWithoutABackportedProbeIsNamedEvenOnAnOlderTree() {
    CheckerEra without22 = CheckerEra.fromSpec(ROW.era().spec().replace(",p22", ""));
    KnownRow k = KnownRow.of(tree(asOf() - 40, Map.of(), without22), KERNELS, X86).orElseThrow();
    assertThat(k.treeIsNewer()).isFalse();
    assertThat(k.differences()).containsExactly("checker lacks libclang >= 22 probe");
    assertThat(k.note()).startsWith("older than krt's 6.12.y row");
  }

  @Test
  void finerCheckerDifferencesAreShownInEraNotation() {
    CheckerEra otherLine = CheckerEra.fromSpec(ROW.era().spec().replace("line=19", "line=23"));
    KnownRow k = KnownRow.of(tree(asOf(), Map.of(), otherLine), KERNELS, X86).orElseThrow();
    assertThat(k.differences())
        .singleElement()
        .asString()
        .startsWith("checker details ")
        .contains("line=23")
        .contains("(the row: ")
        .contains("line=19");
  }

  @Test
  void builtInPoliciesAndLinesWithoutARowHaveNone() {
    assertThat(KnownRow.of(ROW.tree(), KERNELS, X86)).isEmpty();
    KernelTree v71 = KERNELS.find("7.1").orElseThrow().tree();
    KernelTree real71 =
        new KernelTree(
            "/src/linux",
            new KernelVersion(7, 1, 3, ""),
            v71.era(),
            v71.minVersions(),
            v71.probeHeaders(),
            Optional.empty(),
            false,
            Optional.empty());
    assertThat(KnownRow.of(real71, KERNELS, X86)).isEmpty();
  }
}
