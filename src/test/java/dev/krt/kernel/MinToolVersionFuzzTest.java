package dev.krt.kernel;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Map;

/**
 * A tree's {@code scripts/min-tool-version.sh} is read, not run, where krt can: any text is
 * evaluated or refused as unsupported, for every tool krt asks about.
 */
class MinToolVersionFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void script(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      MinToolVersionScript s = MinToolVersionScript.parse(text);
      for (String tool : new String[] {"rustc", "bindgen", "llvm", "gcc", "nope"}) {
        s.evaluate(tool, Map.of("ARCH", "x86_64", "SRCARCH", "x86"));
      }
    } catch (MinToolVersionScript.UnsupportedScriptException expected) {
      // krt then runs the real script
    }
  }
}
