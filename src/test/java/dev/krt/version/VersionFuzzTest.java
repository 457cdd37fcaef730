package dev.krt.version;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/** Version text as tools print it and users type it: a version or IllegalArgumentException. */
class VersionFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void versions(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      Version.parse(text);
    } catch (IllegalArgumentException expected) {
      // not X.Y.Z
    }
    try {
      Version.parseLenient(text);
    } catch (IllegalArgumentException expected) {
      // not a version at all
    }
    RustcVersion.parse(text);
  }
}
