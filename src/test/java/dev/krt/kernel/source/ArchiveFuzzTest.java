package dev.krt.kernel.source;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Archives as a user's {@code --kernel} gives them: whatever the bytes, krt answers with the tree
 * or a {@link KernelSourceException}, never another exception, a hang or an out-of-memory error.
 */
class ArchiveFuzzTest {
  private static final Path DIR = scratch();

  private static Path scratch() {
    try {
      return Files.createTempDirectory("krt-fuzz-archive");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void open(byte[] data, String name) throws IOException {
    Path f = DIR.resolve(name);
    Files.write(f, data);
    try (KernelSource s = KernelSources.open(f.toString(), DIR, DIR.resolve("cache"))) {
      s.read("Makefile");
      s.read("scripts/min-tool-version.sh");
    } catch (KernelSourceException expected) {
      // the one answer to a damaged archive
    } finally {
      Files.deleteIfExists(f);
    }
  }

  /** Tar headers, GNU long names and pax records as the tar reader walks them. */
  @FuzzTest(maxDuration = "60s")
  void plainTar(byte[] data) throws IOException {
    open(data, "fuzz.tar");
  }

  /** The xz container, its block index and the tar inside, read in place by block. */
  @FuzzTest(maxDuration = "60s")
  void xzTarball(byte[] data) throws IOException {
    open(data, "fuzz.tar.xz");
  }

  /** Pax extended header records on their own. */
  @FuzzTest(maxDuration = "60s")
  void paxRecords(byte[] data) {
    byte[] header = new byte[TarHeaders.RECORD];
    try {
      TarHeaders.pax(header, data);
    } catch (IOException expected) {
      // malformed records
    }
  }
}
