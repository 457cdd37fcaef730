package dev.krt.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.testing.RealProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Pathname expansion equals dash's (the checker expands $KRUSTFLAGS and $CC unquoted). */
class ShellGlobTest {
  @TempDir static Path dir;

  @BeforeAll
  static void files() throws IOException {
    for (String f : List.of("a1", "b2", "]x", "c&d", "Makefile", ".hidden", "x.rs")) {
      Files.writeString(dir.resolve(f), "");
    }
    Files.createDirectories(dir.resolve("sub/deeper"));
    Files.writeString(dir.resolve("sub/one.h"), "");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[[:alpha:]]1",
        "[]]x",
        "[!a]2",
        "c&d",
        "[a&&b]1",
        "[[:digit:]]*",
        "M*",
        "[",
        "a[",
        "[z-a]1",
        "*",
        ".*",
        "sub/*.h",
        "*/deeper",
        "[[:nope:]]1",
        "?1",
        "--sysroot=*",
        "x.[r]s",
        "\\\\*"
      })
  void expandsLikeDash(String word) {
    RealProcess.Result sh =
        RealProcess.run(
            List.of("/bin/sh", "-c", "for w in $1; do printf '%s\\n' \"$w\"; done", "sh", word),
            Map.of(),
            null,
            dir,
            Duration.ofSeconds(10));
    List<String> expected = sh.out().isEmpty() ? List.of() : List.of(sh.out().split("\n"));
    assertThat(ShellGlob.expand(word, dir)).isEqualTo(expected);
  }
}
