package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.StepStatus;
import dev.krt.store.TestRow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The KTAP reader on a real kernel console (fixture: see ktap/README.md) and on what a crashing,
 * flooding or garbled kernel prints.
 */
class KtapTest {
  static List<String> realConsole() throws IOException {
    try (InputStream in =
        KtapTest.class.getResourceAsStream("ktap/rust-doctests-6.12-x86_64.console")) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    }
  }

  /** The kernel's own totals line, read independently of the parser. */
  private static int[] totals(List<String> console) {
    Pattern p = Pattern.compile("# Totals: pass:(\\d+) fail:(\\d+) skip:(\\d+) total:(\\d+)");
    for (String l : console) {
      Matcher m = p.matcher(l);
      if (m.find()) {
        return new int[] {
          Integer.parseInt(m.group(1)),
          Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4))
        };
      }
    }
    throw new AssertionError("no Totals line in the fixture");
  }

  @Test
  void aRealConsoleGivesEveryDoctestAsTheKernelCountedIt() throws IOException {
    List<String> console = realConsole();
    int[] t = totals(console);
    Ktap.Report r = Ktap.parse(console);
    assertThat(r.found()).isTrue();
    assertThat(r.complete()).isTrue();
    assertThat(r.problems()).isEmpty();
    assertThat(r.tests()).hasSize(t[3]);
    assertThat(r.count(StepStatus.PASS)).isEqualTo(t[0]);
    assertThat(r.count(StepStatus.FAIL)).isEqualTo(t[1]);
    assertThat(r.count(StepStatus.SKIPPED)).isEqualTo(t[2]);
    assertThat(r.tests()).extracting(TestRow::suite).containsOnly("rust_doctests_kernel");
    // Each "ok N NAME" line of the nested level is one test, by its name.
    List<String> names = new ArrayList<>();
    for (String l : console) {
      Matcher m = Pattern.compile("^    ok \\d+ (\\S+)$").matcher(l);
      if (m.matches()) {
        names.add(m.group(1));
      }
    }
    assertThat(r.tests()).extracting(TestRow::test).containsExactlyElementsOf(names);
    assertThat(r.tests().get(0).lines().orElseThrow())
        .startsWith(names.get(0) + ".location: rust/");
    assertThat(r.tests().get(0).lines().orElseThrow()).doesNotContain("module:");
  }

  @Test
  void aFailedDoctestIsOneFailedTestWithItsLines() throws IOException {
    List<String> console = new ArrayList<>(realConsole());
    int at = -1;
    for (int i = 0; i < console.size(); i++) {
      if (console.get(i).matches("^    ok 7 .*")) {
        at = i;
      }
    }
    String name = console.get(at).substring("    ok 7 ".length());
    console.set(at, "    not ok 7 " + name);
    console.add(at, "    # " + name + ": ASSERTION FAILED at rust/kernel/alloc/kbox.rs:99");
    console.add(at + 1, "    Expected 1 + 1 == 3 to be true, but is false");
    Ktap.Report r = Ktap.parse(console);
    assertThat(r.count(StepStatus.FAIL)).isEqualTo(1);
    TestRow failed =
        r.tests().stream().filter(x -> x.status() == StepStatus.FAIL).findFirst().orElseThrow();
    assertThat(failed.id()).isEqualTo("rust_doctests_kernel." + name);
    assertThat(failed.lines().orElseThrow())
        .contains("ASSERTION FAILED at rust/kernel/alloc/kbox.rs:99");
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aConsoleCutShortIsIncompleteAndKeepsWhatRan() throws IOException {
    List<String> console = realConsole();
    int cut = -1;
    for (int i = 0; i < console.size(); i++) {
      if (console.get(i).matches("^    ok 40 .*")) {
        cut = i + 1;
      }
    }
    Ktap.Report r = Ktap.parse(console.subList(0, cut));
    assertThat(r.found()).isTrue();
    assertThat(r.complete()).isFalse();
    assertThat(r.tests()).hasSize(40);
    assertThat(r.problems())
        .anySatisfy(
            p ->
                assertThat(p)
                    .contains("the console ended before the tests did")
                    .contains("0 of 1 suites")
                    .contains("rust_doctests_kernel"));
  }

  @Test
  void printkTimestampsAndSkipsAndParametersAndASuiteOfNoCase() {
    List<String> console =
        List.of(
            "[    0.000000] Linux version 6.12.0",
            "[    1.000001] KTAP version 1",
            "[    1.000002] 1..2",
            "[    1.000003]     KTAP version 1",
            "[    1.000004]     # Subtest: rust_kernel_str",
            "[    1.000005]     1..3",
            "[    1.000006]     ok 1 test_cstr",
            "[    1.000007]     ok 2 test_fmt # SKIP needs CONFIG_FOO",
            "[    1.000008]         KTAP version 1",
            "[    1.000009]         # Subtest: test_params",
            "[    1.000010]         ok 1 a",
            "[    1.000011]         # test_params: EXPECTATION FAILED at rust/kernel/str.rs:10",
            "[    1.000012]         not ok 2 b",
            "[    1.000013]     not ok 3 test_params",
            "[    1.000014] not ok 1 rust_kernel_str",
            "[    1.000015]     KTAP version 1",
            "[    1.000016]     # Subtest: broken_init",
            "[    1.000017]     # broken_init: failed to initialise (-12)",
            "[    1.000018] not ok 2 broken_init",
            "[    2.000000] reboot: Restarting system");
    Ktap.Report r = Ktap.parse(console);
    assertThat(r.tests())
        .extracting(TestRow::id, TestRow::status)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("rust_kernel_str.test_cstr", StepStatus.PASS),
            org.assertj.core.groups.Tuple.tuple("rust_kernel_str.test_fmt", StepStatus.SKIPPED),
            org.assertj.core.groups.Tuple.tuple("rust_kernel_str.test_params/a", StepStatus.PASS),
            org.assertj.core.groups.Tuple.tuple("rust_kernel_str.test_params/b", StepStatus.FAIL),
            org.assertj.core.groups.Tuple.tuple("broken_init", StepStatus.FAIL));
    assertThat(r.tests().get(3).lines().orElseThrow()).contains("EXPECTATION FAILED");
    assertThat(r.tests().get(4).lines().orElseThrow()).contains("failed to initialise");
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aParentThatFailsWithNoFailingChildIsAFailure() {
    Ktap.Report r =
        Ktap.parse(
            List.of(
                "KTAP version 1",
                "1..1",
                "    KTAP version 1",
                "    # Subtest: s",
                "    1..1",
                "    ok 1 a",
                "not ok 1 s"));
    assertThat(r.tests()).extracting(TestRow::id).containsExactly("s.a", "s");
    assertThat(r.count(StepStatus.FAIL)).isEqualTo(1);
  }

  @Test
  void aKernelThatRestartsItsOutputMidSuiteIsSaidSo() {
    Ktap.Report r =
        Ktap.parse(
            List.of(
                "KTAP version 1",
                "1..2",
                "    KTAP version 1",
                "    # Subtest: first",
                "    1..3",
                "    ok 1 a",
                "    KTAP version 1",
                "    # Subtest: second",
                "    1..1",
                "    ok 1 b",
                "ok 1 second"));
    assertThat(r.complete()).isFalse();
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("first had not ended"));
    assertThat(r.tests()).extracting(TestRow::id).contains("first.a", "second.b");
  }

  @Test
  void garbageIsNoKtap() {
    Random rnd = new Random(16);
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 2000; i++) {
      byte[] b = new byte[rnd.nextInt(200)];
      rnd.nextBytes(b);
      lines.add(new String(b, StandardCharsets.ISO_8859_1));
    }
    lines.add("ok 1 not after a header");
    lines.add("    KTAP version 1");
    Ktap.Report r = Ktap.parse(lines);
    assertThat(r.found()).isFalse();
    assertThat(r.tests()).isEmpty();
    assertThat(r.problems()).containsExactly("no KTAP in the console output");
  }

  @Test
  void garbageAroundAndInsideKtapIsPassedOver() throws IOException {
    Random rnd = new Random(7);
    List<String> console = new ArrayList<>();
    for (String l : realConsole()) {
      console.add(l);
      if (rnd.nextInt(4) == 0) {
        console.add("   " + Long.toHexString(rnd.nextLong()) + " ok garbage # SKIP");
      }
    }
    Ktap.Report r = Ktap.parse(console);
    assertThat(r.tests()).hasSize(totals(console)[3]);
    assertThat(r.complete()).isTrue();
  }

  @Test
  void aFloodIsBoundedAndDeepNestingDoesNotBreakIt() {
    List<String> lines = new ArrayList<>(List.of("KTAP version 1", "1..1"));
    StringBuilder indent = new StringBuilder();
    for (int d = 1; d < 40; d++) {
      indent.append("    ");
      lines.add(indent + "KTAP version 1");
      lines.add(indent + "# Subtest: level" + d);
    }
    for (int i = 1; i <= Ktap.MAX_TESTS + 10; i++) {
      lines.add("    ok " + i + " t" + i + " " + "x".repeat(500));
    }
    lines.add("    # " + "y".repeat(1 << 20));
    lines.add("    not ok " + (Ktap.MAX_TESTS + 11) + " last");
    lines.add("ok 1 s");
    Ktap.Report r = Ktap.parse(lines);
    assertThat(r.tests()).hasSize(Ktap.MAX_TESTS);
    assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("more results than"));
    assertThat(r.tests()).allSatisfy(t -> assertThat(t.test().length()).isLessThanOrEqualTo(200));
  }
}
