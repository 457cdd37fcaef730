package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.report.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The dashboard's pages, rendered from the renderers' own golden JSON documents (which {@code
 * RenderersGoldenTest} keeps true to the writers): a key renamed in a schema shows up here as a
 * changed page. Regenerate with {@code -Dkrt.golden.update=true} and review the diff like code.
 */
class PagesGoldenTest {
  private static final Path JSON = Path.of("src/test/resources/report");
  private static final Path DIR = Path.of("src/test/resources/server");

  record Case(String file, String json, Function<JsonNode, String> page) {
    @Override
    public String toString() {
      return file;
    }
  }

  static Stream<Case> cases() {
    return Stream.of(
        new Case("toolchains.html", "check.json", n -> InfoPages.toolchains(servedChecks(n))),
        new Case(
            "toolchains-none.html",
            "check-no-rust.json",
            n -> InfoPages.toolchains(servedChecks(n))),
        new Case("knowledge.html", "releases.json", InfoPages::knowledge),
        new Case("features.html", "features.json", InfoPages::features),
        new Case("distros.html", "distros.json", InfoPages::distros),
        new Case("features-no-kernel.html", "features.json", n -> InfoPages.features(null)));
  }

  /** What {@code CommandViews.toolchains} serves: the check documents of each kernel. */
  private static JsonNode servedChecks(JsonNode check) {
    ObjectNode root = Json.document("krt.serve-toolchains/1");
    root.putArray("checks").add(check);
    return root;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void rendersAsTheGoldenFile(Case c) throws IOException {
    JsonNode n = Json.M.readTree(Files.readString(JSON.resolve(c.json()), StandardCharsets.UTF_8));
    String actual = c.page().apply(n);
    Path golden = DIR.resolve(c.file());
    if (Boolean.getBoolean("krt.golden.update")) {
      Files.createDirectories(DIR);
      Files.writeString(golden, actual, StandardCharsets.UTF_8);
    }
    assertThat(golden).as("golden file (write it with -Dkrt.golden.update=true)").isRegularFile();
    assertThat(actual).isEqualTo(Files.readString(golden, StandardCharsets.UTF_8));
  }
}
