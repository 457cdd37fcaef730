package dev.krt.diff;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.testing.Zoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code krt check --kernel <Debian's .tar.xz>} reads the tarball in place; it must reach the same
 * kernel facts, verdicts and findings as {@code --kernel <the extracted tree>}.
 */
@Timeout(600)
class TarballAgreesWithTreeTest {
  /** One cache per class: the first tarball case indexes the archive, later ones reuse it. */
  @TempDir static Path cacheHome;

  record Case(String name, String kernel, String verdict, List<String> toolchain) {
    @Override
    public String toString() {
      return kernel + ": " + name;
    }
  }

  private static String bin(String id, String tool) {
    return Zoo.root().resolve("bin").resolve(id).resolve(tool).toString();
  }

  /** The verdict is the first word of the name: pass, warn or fail. */
  private static Case c(
      String name, String kernel, String rustc, String bindgen, String cc, String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "--rustc=" + bin(rustc, "rustc"),
                "--bindgen=" + bin(bindgen, "bindgen"),
                "--cc=" + cc));
    a.addAll(List.of(more));
    String verdict =
        name.startsWith("pass")
            ? "available"
            : name.startsWith("warn") ? "available_with_warnings" : "not_available";
    return new Case(name, kernel, verdict, a);
  }

  static Stream<Case> cases() {
    String srcStable = Zoo.rustLibSrc("rust-src-stable").toString();
    return Stream.of(
        c(
            "pass: rustc-web 1.96, bindgen 0.71.1 (libclang 19), clang-19",
            "6.12",
            "rustc-web-1.96",
            "bindgen-0.71.1-lc19",
            "clang-19"),
        c(
            "warn: Clang 14 vs libclang 19",
            "6.12",
            "rustc-web-1.96",
            "bindgen-0.71.1-lc19",
            "clang-14"),
        c(
            "warn: bindgen 0.71.1 with libclang 22 (probe header)",
            "6.12",
            "rustc-web-1.96",
            "bindgen-0.71.1-lc22",
            "clang-22"),
        c("fail: rustc 1.63 too old", "6.12", "rustc-1.63", "bindgen-0.71.1-lc19", "clang-19"),
        c(
            "fail: libclang not found",
            "6.12",
            "rustc-web-1.96",
            "bindgen-0.72.1-nolibclang",
            "clang-19"),
        c(
            "pass: rustup stable with RUST_LIB_SRC",
            "6.12",
            "rustup-stable",
            "bindgen-0.72.1-lc22",
            "clang-22",
            "--rust-lib-src=" + srcStable),
        c(
            "warn: too new (rustc 1.63, bindgen 0.60.1)",
            "6.1",
            "rustc-1.63",
            "bindgen-0.60.1-lc14",
            "clang-14"),
        c("fail: rustc 1.48 too old", "6.1", "rustc-1.48", "bindgen-0.60.1-lc14", "clang-14"),
        c(
            "fail: rustup stable without core sources",
            "6.1",
            "rustup-stable",
            "bindgen-0.71.1-lc19",
            "clang-19"),
        c("fail: libclang 9 too old", "6.1", "rustc-1.63", "bindgen-0.60.1-lc9", "clang-19"));
  }

  @AfterEach
  void devNull() {
    Diff.assertDevNullIntact();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void tarballGivesTheSameAnswerAsTheTree(Case c) {
    Zoo.require();
    Map<String, String> env = Diff.env("PATH", Diff.PATH, "XDG_CACHE_HOME", cacheHome.toString());
    JsonNode tree = check(env, Zoo.kernel(c.kernel()).toString(), c.toolchain());
    JsonNode tar = check(env, Zoo.tarball(c.kernel()).toString(), c.toolchain());
    JsonNode tk = tree.path("kernel");
    JsonNode ak = tar.path("kernel");
    JsonNode tt = tree.path("toolchains").path(0);
    JsonNode at = tar.path("toolchains").path(0);
    assertAll(
        () -> assertEquals(c.verdict(), tt.path("verdict").asText(), "verdict for the tree"),
        () ->
            assertTrue(
                ak.path("source").asText().contains(".tar.xz"),
                () -> "kernel.source of the tarball check: " + ak.path("source")),
        () ->
            assertEquals(
                tk.path("version").asText(), ak.path("version").asText(), "kernel.version"),
        () -> assertEquals(tk.path("rust").asBoolean(), ak.path("rust").asBoolean(), "kernel.rust"),
        () ->
            assertEquals(
                tk.path("era").path("spec").asText(),
                ak.path("era").path("spec").asText(),
                "kernel.era.spec"),
        () ->
            assertEquals(
                tk.path("era").path("name").asText(),
                ak.path("era").path("name").asText(),
                "kernel.era.name"),
        () -> assertEquals(tk.path("policy"), ak.path("policy"), "kernel.policy"),
        () -> assertEquals(tt.path("verdict").asText(), at.path("verdict").asText(), "verdict"),
        () ->
            assertEquals(
                tt.path("kernel_exit_code").asInt(),
                at.path("kernel_exit_code").asInt(),
                "kernel_exit_code"),
        () -> assertEquals(Diff.findingIds(tt), Diff.findingIds(at), "finding ids"),
        () ->
            assertEquals(
                Diff.normalize(tt.path("kernel_stderr").asText()),
                Diff.normalize(at.path("kernel_stderr").asText()),
                "kernel_stderr"),
        () -> assertEquals(tree.path("summary"), tar.path("summary"), "summary"));
  }

  private static JsonNode check(Map<String, String> env, String kernel, List<String> toolchain) {
    List<String> args = new ArrayList<>();
    args.add("--kernel=" + kernel);
    args.addAll(toolchain);
    return Diff.checkJson(env, cacheHome, args);
  }
}
