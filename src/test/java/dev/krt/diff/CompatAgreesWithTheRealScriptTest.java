package dev.krt.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.krt.check.Verdict;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.knowledge.Compatibility;
import dev.krt.knowledge.HypotheticalToolchain;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.testing.Zoo;
import dev.krt.version.Version;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code krt compat} decides by running krt's checker on what a toolchain of given versions would
 * print. This runs the real kernel script of Debian's 6.12 and 6.1 trees on fake programs printing
 * exactly those versions (as the kernel's own test suite does) and demands the same verdict, both
 * for the tree read from disk and for the dataset's row of that stable line.
 */
class CompatAgreesWithTheRealScriptTest {
  @TempDir static Path tmp;

  static final List<String> RUSTC =
      List.of("1.62.0", "1.63.0", "1.71.1", "1.78.0", "1.85.0", "1.100.0");
  static final List<String> BINDGEN =
      List.of("0.56.0", "0.60.1", "0.65.1", "0.66.1", "0.69.4", "0.71.1", "0.72.1");
  static final List<String> LIBCLANG = List.of("11.0.0", "13.0.1", "14.0.6", "19.1.7", "22.1.8");

  @TestFactory
  Stream<DynamicTest> debian612() throws Exception {
    return cases("6.12", "6.12.y");
  }

  @TestFactory
  Stream<DynamicTest> debian61() throws Exception {
    return cases("6.1", "6.1.y");
  }

  private Stream<DynamicTest> cases(String series, String row) throws Exception {
    Path tree = Zoo.kernel(series);
    KernelTree onDisk;
    try (DirectorySource src = new DirectorySource(tree)) {
      onDisk = new KernelTreeLoader(null).load(src, true);
    }
    KernelRelease dataset =
        KernelPolicies.builtin()
            .find(row)
            .orElseThrow(() -> new AssertionError("no dataset row " + row));
    Fakes f = new Fakes(Files.createDirectories(tmp.resolve(series)), tree);
    List<String[]> grid = new ArrayList<>();
    // Every rustc × bindgen with a libclang every tree accepts; every bindgen × libclang at the
    // minimum rustc.
    for (String r : RUSTC) {
      for (String b : BINDGEN) {
        grid.add(new String[] {r, b, "14.0.6"});
      }
    }
    for (String b : BINDGEN) {
      for (String l : LIBCLANG) {
        grid.add(new String[] {f.rustcMin(), b, l});
      }
    }
    List<DynamicTest> tests = new ArrayList<>();
    for (String[] c : grid) {
      String name = series + ": rustc " + c[0] + ", bindgen " + c[1] + ", libclang " + c[2];
      tests.add(
          DynamicTest.dynamicTest(
              name,
              () -> {
                Path rustc = f.rustc().version("rustc " + c[0]).install();
                Path bindgen =
                    f.bindgen()
                        .version("bindgen " + c[1])
                        .on(
                            "*rust_is_available_bindgen_libclang.h*",
                            Fakes.Answer.err(Fakes.libclangLine(c[2])))
                        .install();
                Path clang = f.clang(c[2]).install();
                Diff.Outcome script =
                    Diff.realScript(
                        tree,
                        Diff.env(
                            "PATH",
                            Diff.PATH,
                            "RUSTC",
                            rustc.toString(),
                            "BINDGEN",
                            bindgen.toString(),
                            "CC",
                            clang.toString()));
                String expected = Diff.expectedVerdict(script);
                HypotheticalToolchain tc =
                    HypotheticalToolchain.of(
                        Version.parse(c[0]), Version.parse(c[1]), Version.parse(c[2]));
                Compatibility.Result fromTree =
                    Compatibility.evaluate(onDisk, Arch.of("x86_64"), tc);
                Compatibility.Result fromRow =
                    Compatibility.evaluate(dataset.tree(), Arch.of("x86_64"), tc);
                String why =
                    " ["
                        + name
                        + "] script rc="
                        + script.rc()
                        + " stderr:\n"
                        + script.stderr()
                        + "--- reasons: "
                        + fromTree.reasons();
                assertEquals(expected, name(fromTree.verdict()), () -> "tree" + why);
                assertEquals(expected, name(fromRow.verdict()), () -> "dataset row " + row + why);
              }));
    }
    return tests.stream();
  }

  private static String name(Verdict v) {
    return v.name().toLowerCase(Locale.ROOT);
  }
}
