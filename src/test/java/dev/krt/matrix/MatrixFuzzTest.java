package dev.krt.matrix;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.krt.kernel.source.KernelSourceException;
import dev.krt.kernel.source.TreeWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The matrix file, build logs and tarball extraction, fed anything. */
class MatrixFuzzTest {
  private static final Path DIR = scratch();

  private static Path scratch() {
    try {
      return Files.createTempDirectory("krt-fuzz-matrix");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Any text is a matrix or one {@link MatrixSpecException}. */
  @FuzzTest(maxDuration = "60s")
  void matrixFile(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    try {
      MatrixSpecParser.parse(text, DIR.resolve("m.yaml"));
    } catch (MatrixSpecException expected) {
      // the one answer to a bad file
    }
  }

  /** The classifier reads whatever a build prints, line by line, and never throws. */
  @FuzzTest(maxDuration = "60s")
  void buildLog(FuzzedDataProvider d) {
    LogClassifier c = new LogClassifier();
    while (d.remainingBytes() > 0) {
      c.accept(d.consumeString(300));
    }
    c.failure();
  }

  /**
   * An archive unpacked for a build writes inside its tree or is refused: every file that exists
   * afterwards is under the tree's root.
   */
  @FuzzTest(maxDuration = "60s")
  void tarballExtraction(byte[] data) throws IOException {
    Path tar = DIR.resolve("x.tar");
    Path root = DIR.resolve("root");
    Files.write(tar, data);
    Files.createDirectories(root);
    try {
      TreeWriter w = new TreeWriter(root, tar.toString());
      KernelCheckout.extract(tar, w);
      w.finish();
    } catch (KernelSourceException expected) {
      // refused
    } finally {
      KernelCheckout.deleteTree(root);
      try (Stream<Path> left = Files.list(DIR)) {
        Path[] extra =
            left.filter(p -> !p.equals(tar)).sorted(Comparator.reverseOrder()).toArray(Path[]::new);
        if (extra.length > 0) {
          throw new AssertionError("written outside the tree: " + extra[0]);
        }
      }
    }
  }
}
