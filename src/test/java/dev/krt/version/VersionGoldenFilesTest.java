package dev.krt.version;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden files: {@code src/test/resources/versions/<case>.txt} is the exact output of a real tool
 * ({@code rustc --version}, {@code rustc -vV}, {@code bindgen --version}, bindgen's libclang probe
 * on stderr, {@code $CC --version}), and {@code <case>.expected} lists what krt must read from it
 * as {@code key=value} lines.
 *
 * <p>Every key below is computed for every case; a key that is not listed in the {@code .expected}
 * file must come out as "nothing" (an empty Optional or list), so the files also pin down what must
 * <em>not</em> be recognised (a rustdoc line is not a rustc line, gcc has no {@code version
 * X.Y.Z}).
 *
 * <p>Keys: {@code RustcVersion.*} (the record's fields and {@code rustupToolchain()}), {@code
 * sed.rustc} / {@code sed.bindgen} ({@code VersionText.sedFirstLine}, raw capture), {@code
 * sed.clang-version} ({@code sedEveryLine}, captures joined by spaces), {@code rustc}, {@code
 * bindgen}, {@code libclang}, {@code ccVersionLine}, {@code rustcLlvm} (the {@code VersionText}
 * accessors), {@code -vV.host}, {@code -vV.release}, {@code -vV.commit-hash}, and {@code
 * <key>.rustcCode} / {@code ccVersionLine.llvmCode} (the kernel's canonical numbers).
 *
 * <p>The {@code sed.*} values were checked against GNU sed with {@code LC_ALL=C} when the files
 * were written; {@code ShellSemanticsPropertiesTest} keeps checking the same equivalence on
 * generated inputs. To rewrite all {@code .expected} files from the current code (then review the
 * diff!), run with {@code -Dkrt.golden.update=true}.
 */
class VersionGoldenFilesTest {

  static Path dir() throws URISyntaxException {
    URL u = VersionGoldenFilesTest.class.getResource("/versions");
    return Path.of(u.toURI());
  }

  static Stream<String> cases() throws IOException, URISyntaxException {
    try (Stream<Path> s = Files.list(dir())) {
      return s
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt"))
          .map(n -> n.substring(0, n.length() - 4))
          .sorted()
          .collect(Collectors.toList())
          .stream();
    }
  }

  @Test
  void everyCaseHasAnExpectationAndViceVersa() throws Exception {
    List<String> txt = cases().collect(Collectors.toList());
    assertTrue(txt.size() >= 60, "golden cases found: " + txt.size());
    try (Stream<Path> s = Files.list(dir())) {
      List<String> orphans =
          s.map(p -> p.getFileName().toString())
              .filter(n -> n.endsWith(".expected"))
              .map(n -> n.substring(0, n.length() - ".expected".length()))
              .filter(n -> !txt.contains(n))
              .collect(Collectors.toList());
      assertEquals(List.of(), orphans, ".expected files without a .txt");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void parsesAsExpected(String name) throws Exception {
    Path d = dir();
    // Tool output is bytes; the shell (and krt) treat it as Latin-1.
    String output = Files.readString(d.resolve(name + ".txt"), StandardCharsets.ISO_8859_1);
    String actual = describe(output);
    Path expectedFile = d.resolve(name + ".expected");
    if (Boolean.getBoolean("krt.golden.update")) {
      Path src = Path.of("src/test/resources/versions").resolve(name + ".expected");
      Files.writeString(src, actual, StandardCharsets.UTF_8);
    }
    assertTrue(Files.isRegularFile(expectedFile), "missing " + name + ".expected");
    String expected = Files.readString(expectedFile, StandardCharsets.UTF_8);
    assertEquals(strip(expected), actual, name);
  }

  /** The expected file without comment lines and blank lines. */
  private static String strip(String expected) {
    return expected
        .lines()
        .filter(l -> !l.isBlank() && !l.startsWith("#"))
        .map(l -> l + "\n")
        .collect(Collectors.joining());
  }

  /** Everything krt reads from one output, as sorted-by-kind {@code key=value} lines. */
  static String describe(String out) {
    List<String> l = new ArrayList<>();
    RustcVersion.parse(out)
        .ifPresent(
            r -> {
              l.add("RustcVersion.version=" + r.version());
              l.add("RustcVersion.channel=" + r.channel());
              l.add("RustcVersion.preRelease=" + r.preRelease());
              l.add("RustcVersion.commitHash=" + r.commitHash().orElse("none"));
              l.add("RustcVersion.commitDate=" + r.commitDate().orElse("none"));
              l.add("RustcVersion.notes=" + r.notes());
              l.add("RustcVersion.rustupToolchain=" + r.rustupToolchain());
            });
    opt(l, "sed.rustc", VersionText.sedFirstLine(out, "rustc"));
    opt(l, "sed.bindgen", VersionText.sedFirstLine(out, "bindgen"));
    List<String> clang = VersionText.sedEveryLine(out, "clang version");
    if (!clang.isEmpty()) {
      l.add("sed.clang-version=" + String.join(" ", clang));
    }
    version(l, "rustc", VersionText.rustc(out), true);
    version(l, "bindgen", VersionText.bindgen(out), true);
    version(l, "libclang", VersionText.libclang(out), true);
    version(l, "ccVersionLine", VersionText.ccVersionLine(out), false);
    opt(l, "rustcLlvm", VersionText.rustcLlvm(out).map(Version::toString));
    opt(l, "-vV.host", VersionText.rustcVerboseField(out, "host"));
    opt(l, "-vV.release", VersionText.rustcVerboseField(out, "release"));
    opt(l, "-vV.commit-hash", VersionText.rustcVerboseField(out, "commit-hash"));
    return l.stream().map(s -> s + "\n").collect(Collectors.joining());
  }

  private static void opt(List<String> l, String key, Optional<String> v) {
    v.ifPresent(s -> l.add(key + "=" + s));
  }

  private static void version(List<String> l, String key, Optional<Version> v, boolean rust) {
    v.ifPresent(
        x -> {
          l.add(key + "=" + x);
          l.add(rust ? key + ".rustcCode=" + x.rustcCode() : key + ".llvmCode=" + x.llvmCode());
        });
  }
}
