package dev.krt.features;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/** The scanners read every Rust file, Makefile and Kconfig of a tree: none may throw or hang. */
class ScannerFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void rustAttributes(FuzzedDataProvider data) {
    String src = data.consumeRemainingAsString();
    RustAttributes.scan(src);
  }

  @FuzzTest(maxDuration = "60s")
  void makefile(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    BuildFileScanner.makefile("rust/Makefile", text, new FeatureUsageBuilder());
  }

  @FuzzTest(maxDuration = "60s")
  void kconfig(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    BuildFileScanner.kconfig("init/Kconfig", text, new FeatureUsageBuilder());
  }

  @FuzzTest(maxDuration = "60s")
  void versionGate(FuzzedDataProvider data) {
    String expr = data.consumeRemainingAsString();
    VersionGates.evaluate(expr, 108500, Map.of());
  }
}
