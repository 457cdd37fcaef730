package dev.krt.toolchain;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;

/** A toolchains file: toolchains or one {@link ToolchainsFile.Invalid}. */
class ToolchainsFileFuzzTest {
  @FuzzTest(maxDuration = "60s")
  void toolchainsFile(FuzzedDataProvider data) throws IOException {
    String text = data.consumeRemainingAsString();
    try {
      ToolchainsFile.parse(text, "toolchains.toml", "gcc");
    } catch (ToolchainsFile.Invalid expected) {
      // one line naming the file
    }
  }
}
