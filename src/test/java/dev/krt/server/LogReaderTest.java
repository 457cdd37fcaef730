package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages of a log: line numbers as BuildLog counts them, bounded lines, the stored count. */
class LogReaderTest {
  @TempDir Path tmp;

  private Path gz(String name, byte[]... parts) throws Exception {
    Path f = tmp.resolve(name + ".log.gz");
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(f))) {
      for (byte[] p : parts) {
        o.write(p);
      }
    }
    return f;
  }

  @Test
  void onlyANewlineEndsALineAsInTheClassifiersCount() throws Exception {
    String text = "  RUSTC 12%\r  RUSTC 100%\nerror[E0425]: x\r\nlast";
    Path f = gz("cr", text.getBytes(StandardCharsets.UTF_8));
    LogReader.Page p = LogReader.read(f, 1, 10, Optional.empty());
    assertThat(p.lines()).containsExactly("  RUSTC 12%\r  RUSTC 100%", "error[E0425]: x\r", "last");
    assertThat(p.total()).isEqualTo(3).isEqualTo(LogReader.lines(text));
    assertThat(LogReader.lines("a\n")).isEqualTo(1);
    assertThat(LogReader.lines("")).isZero();
  }

  @Test
  void aHugeLineIsKeptUpToTheCapAndTheLinesAfterItKeepTheirNumbers() throws Exception {
    byte[] huge = new byte[20 << 20];
    java.util.Arrays.fill(huge, (byte) 'x');
    Path f = gz("huge", "one\n".getBytes(), huge, "\nthree\n".getBytes());
    LogReader.Page p = LogReader.read(f, 2, 2, Optional.empty());
    assertThat(p.lines()).hasSize(2);
    assertThat(p.lines().get(0)).hasSize(LogReader.LINE_CAP + 2).endsWith(" …");
    assertThat(p.lines().get(1)).isEqualTo("three");
    assertThat(p.total()).isEqualTo(3);
  }

  /**
   * With the stored line count, a page ends the read: the damage after it is never reached, and the
   * total is the stored one. Without it, the readable part is the log.
   */
  @Test
  void aStoredLineCountEndsTheReadAfterThePage() throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 1; i <= 2000; i++) {
      b.append("line ").append(i).append('\n');
    }
    Path good = gz("good", b.toString().getBytes(StandardCharsets.UTF_8));
    byte[] bytes = Files.readAllBytes(good);
    // Cut the compressed stream in its last quarter and damage what is left of it.
    byte[] damaged = java.util.Arrays.copyOf(bytes, bytes.length * 3 / 4);
    for (int i = damaged.length - 40; i < damaged.length; i++) {
      damaged[i] = (byte) 0xff;
    }
    Path f = tmp.resolve("damaged.log.gz");
    Files.write(f, damaged);

    LogReader.Page first = LogReader.read(f, 1, 500, Optional.of(2000L));
    assertThat(first.lines()).hasSize(500).startsWith("line 1").endsWith("line 500");
    assertThat(first.total()).isEqualTo(2000);

    LogReader.Page unknown = LogReader.read(f, 1, 500, Optional.empty());
    assertThat(unknown.lines()).hasSize(500);
    assertThat(unknown.total()).isBetween(500L, 1999L);

    assertThat(LogReader.read(good, 1501, 500, Optional.of(2000L)).lines())
        .hasSize(500)
        .endsWith("line 2000");
  }
}
