package dev.krt.features;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSources;
import dev.krt.testing.RealProcess;
import dev.krt.testing.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The scanner on Debian's real trees, against grep as the oracle, and the tarball against the tree.
 */
class FeatureScannerTest {
  @TempDir Path tmp;

  /**
   * Every single-line {@code #![feature(...)]} / {@code #![cfg_attr(..., feature(...))]} grep finds
   * (all these trees have).
   */
  static TreeSet<String> grepFeatures(Path tree) {
    RealProcess.Result r =
        RealProcess.run(
            List.of("/bin/grep", "-rnE", "--include=*.rs", "^#!\\[(feature|cfg_attr)\\(", "."),
            Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C"),
            null,
            tree,
            Duration.ofSeconds(60));
    TreeSet<String> out = new TreeSet<>();
    for (String line : r.out().split("\n")) {
      if (line.isBlank()) {
        continue;
      }
      String[] p = line.split(":", 3);
      String file = p[0].replaceFirst("^\\./", "");
      String attr = p[2];
      int open = attr.lastIndexOf("feature(");
      if (open < 0) {
        continue; // cfg_attr(..., allow(...))
      }
      String list = attr.substring(open + "feature(".length(), attr.indexOf(')', open));
      for (String f : list.split(",")) {
        if (!f.isBlank()) {
          out.add(f.strip() + "@" + file + ":" + p[1]);
        }
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"6.12", "6.1"})
  void featureAttributesAreWhatGrepFinds(String series) throws Exception {
    Path tree = Zoo.kernel(series);
    FeatureUsage u;
    try (KernelSource s = new DirectorySource(tree)) {
      u = FeatureScanner.scan(s);
    }
    TreeSet<String> mine = new TreeSet<>();
    for (FeatureUsage.Feature f : u.features()) {
      if (f.how().equals("crate attribute") || f.how().equals("cfg_attr")) {
        mine.add(f.name() + "@" + f.where());
      }
    }
    assertThat(mine).isEqualTo(grepFeatures(tree));
    assertThat(u.problems()).isEmpty();
  }

  @Test
  void theTarballSaysWhatTheTreeSays() throws Exception {
    FeatureUsage fromTree;
    FeatureUsage fromTarball;
    try (KernelSource s = new DirectorySource(Zoo.kernel("6.12"))) {
      fromTree = FeatureScanner.scan(s);
    }
    try (KernelSource s =
        KernelSources.open(Zoo.tarball("6.12").toString(), tmp, tmp.resolve("cache"))) {
      fromTarball = FeatureScanner.scan(s, tmp.resolve("cache"));
    }
    assertThat(fromTarball).isEqualTo(fromTree);
    // The second look is served from the scan cache, and is the same.
    try (KernelSource s =
        KernelSources.open(Zoo.tarball("6.12").toString(), tmp, tmp.resolve("cache"))) {
      assertThat(FeatureScanner.scan(s, tmp.resolve("cache"))).isEqualTo(fromTree);
    }
    assertThat(Files.list(tmp.resolve("cache/features")).count()).isEqualTo(1);
  }

  @Test
  void the612TreesBuildFilesAndGates() throws Exception {
    FeatureUsage u;
    try (KernelSource s = new DirectorySource(Zoo.kernel("6.12"))) {
      u = FeatureScanner.scan(s);
    }
    List<String> allowed = new ArrayList<>();
    u.features().stream()
        .filter(f -> f.how().equals("rust_allowed_features"))
        .forEach(f -> allowed.add(f.name() + "@" + f.where()));
    assertThat(allowed)
        .containsExactly(
            "arbitrary_self_types@scripts/Makefile.build:256",
            "lint_reasons@scripts/Makefile.build:256",
            "used_with_arg@scripts/Makefile.build:256");
    assertThat(u.zflags())
        .anyMatch(
            z ->
                z.name().equals("no-jump-tables")
                    && z.where().toString().equals("arch/x86/Makefile:116"));
    assertThat(u.gates())
        .anyMatch(
            g ->
                g.kind().equals("symbol")
                    && g.symbol().orElse("").equals("RUSTC_HAS_UNNECESSARY_TRANSMUTES")
                    && g.comparisons().get(0).code() == 108800
                    && g.where().toString().equals("init/Kconfig:146"));
    assertThat(u.gates())
        .anyMatch(
            g ->
                g.kind().equals("rustc-min-version")
                    && g.where().toString().equals("rust/Makefile:56"));
    assertThat(u.symbolUses()).anyMatch(s -> s.where().toString().equals("rust/uapi/lib.rs:28"));
  }

  @Test
  void aTreeWithoutRustAndAnUnreadableFileAreSaidSo() throws Exception {
    Path t = Files.createDirectories(tmp.resolve("old"));
    Files.writeString(t.resolve("Makefile"), "VERSION = 5\nPATCHLEVEL = 15\n");
    try (KernelSource s = new DirectorySource(t)) {
      assertThat(FeatureScanner.scan(s).problems())
          .singleElement()
          .asString()
          .contains("no Rust support");
    }
    Path rust = Files.createDirectories(t.resolve("rust/kernel"));
    Files.writeString(rust.resolve("lib.rs"), "#![feature(a\n");
    Files.createSymbolicLink(rust.resolve("gone.rs"), rust.resolve("nowhere.rs"));
    try (KernelSource s = new DirectorySource(t)) {
      List<String> p = FeatureScanner.scan(s).problems();
      assertThat(p).anyMatch(x -> x.startsWith("rust/kernel/lib.rs:1: unbalanced"));
    }
  }
}
