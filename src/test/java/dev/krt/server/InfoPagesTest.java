package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.store.Store;
import dev.krt.testing.Zoo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pages over krt's other answers, on the zoo's toolchains and Debian's 6.12 tree. */
class InfoPagesTest {
  @TempDir static Path tmp;
  static Store store;
  static KrtServer server;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void start() {
    Path zoo = Zoo.require();
    store = Store.open("jdbc:sqlite:" + tmp.resolve("krt.db"));
    Map<String, String> env =
        Map.of(
            "PATH",
            "/usr/bin:/bin",
            "HOME",
            tmp.toString(),
            "XDG_CACHE_HOME",
            tmp.resolve("cache").toString(),
            "KRT_TOOLCHAINS",
            zoo.resolve("toolchains.toml").toString());
    server =
        new KrtServer(
                store,
                tmp.resolve("data"),
                new KrtServer.Settings("127.0.0.1", 0, Optional.empty(), 1 << 20),
                env,
                tmp,
                List.of(zoo.resolve("kernels/linux-source-6.12").toString()))
            .start();
  }

  @AfterAll
  static void stop() {
    server.close();
    store.close();
  }

  static HttpResponse<String> get(String path) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
            .timeout(Duration.ofSeconds(120))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void toolchainsByKernelAsTheCheckSaysIt() throws Exception {
    JsonNode api = new ObjectMapper().readTree(get("/api/toolchains").body());
    JsonNode check = api.path("checks").get(0);
    assertThat(check.path("schema").asText()).isEqualTo("krt.check/2");
    String v = Zoo.kernelVersion("6.12");
    assertThat(check.path("kernel").path("version").asText()).isEqualTo(v);
    String page = get("/toolchains").body();
    assertThat(page)
        .contains("<th>Linux " + v + "</th>")
        .contains("<th>rustc-web-1.85</th>")
        .contains("<th>rustc-1.63</th>");
    // rustc 1.63 is too old for 6.12: its cell says so, with the finding's id.
    assertThat(page)
        .containsPattern(
            "<th>rustc-1\\.63</th>.*?<td class=\"not_available\">not available<br><span class=\"muted mono\">[^<]*rustc-too-old");
  }

  @Test
  void featuresOfTheKernelOnEachToolchain() throws Exception {
    String page = get("/features").body();
    assertThat(page)
        .contains("Linux " + Zoo.kernelVersion("6.12"))
        .contains("Still unstable on the newest toolchain");
    assertThat(page).containsPattern("<th class=\"mono\">[a-z_]+</th>");
    JsonNode api = new ObjectMapper().readTree(get("/api/features").body());
    assertThat(api.path("schema").asText()).isEqualTo("krt.features/2");
    assertThat(api.path("blockers").size()).isGreaterThan(0);
  }

  @Test
  void kernelsByRustReleasesAndDistros() throws Exception {
    String k = get("/knowledge").body();
    assertThat(k).contains("<th>1.78.0</th>").contains("<th>6.12</th>");
    String d = get("/distros").body();
    assertThat(d).contains("Debian").contains("bookworm");
  }
}
