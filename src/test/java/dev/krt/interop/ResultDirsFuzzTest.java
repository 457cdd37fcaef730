package dev.krt.interop;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a CI artifact can hold: a {@code krt-cell.json} (next to a log that is not there) is read as
 * a result or refused with one {@link CellReports.Invalid}; nothing else escapes.
 */
class ResultDirsFuzzTest {
  private static final Path DIR = createDir();

  private static Path createDir() {
    try {
      Path d = Files.createTempDirectory("krt-result-fuzz");
      d.toFile().deleteOnExit();
      return d;
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "60s")
  void cellResult(byte[] file) throws IOException {
    Path f = DIR.resolve(ResultDirs.CELL_FILE);
    Files.write(f, file);
    try {
      ResultDirs.read(f);
    } catch (CellReports.Invalid expected) {
      // one line, exit 2
    }
  }
}
