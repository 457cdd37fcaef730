package dev.krt.server;

import dev.krt.store.CellStatus;
import dev.krt.store.RunStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/** A real krt server on a free port over a real SQLite store, and a real HTTP client. */
final class ServerFixture implements AutoCloseable {
  static final String TOKEN = "s3cret-token";
  final Store store;
  final KrtServer server;
  final Path dir;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  String runId;
  String failedKey;
  String passedKey;

  ServerFixture(Path dir, Optional<String> token, long maxBody) {
    this.dir = dir;
    this.store = Store.open("jdbc:sqlite:" + dir.resolve("krt.db"));
    this.server =
        new KrtServer(
                store,
                dir.resolve("data"),
                new KrtServer.Settings("127.0.0.1", 0, token, maxBody),
                Map.of("PATH", "/usr/bin:/bin", "HOME", dir.toString()),
                dir,
                List.of())
            .start();
  }

  /**
   * A run with a passing cell and a failing one whose log holds markup and whose error is on line
   * 3.
   */
  ServerFixture withRun() throws IOException {
    runId = "20261201-120000-abcd";
    passedKey = "a".repeat(64);
    failedKey = "b".repeat(64);
    store.createRun(
        runId,
        "/ci/matrix.yaml",
        "",
        2,
        "ci-host",
        List.of(
            new Store.CellPlan(
                passedKey, "6.12", "rustc-web-1.85", "x86_64", "rust", "rustavailable,config,rust"),
            new Store.CellPlan(
                failedKey, "6.12", "rustc-1.63", "x86_64", "rust", "rustavailable,config,rust")),
        1000);
    Path log = dir.resolve("data/runs/" + runId + "/b/build.log.gz");
    Files.createDirectories(log.getParent());
    try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(log))) {
      o.write(
          ("### krt: step rustavailable\n<script>alert('log')</script>\n*** Rust compiler 'rustc' is too old.\nmake: *** [Makefile:1801: rustavailable] Error 1\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    store.finishCell(
        runId,
        passedKey,
        new Store.Outcome(
            CellStatus.PASS,
            80_000,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.of(
                "{\"rust\":{\"rustc_version_full\":\"rustc 1.85.0\"},\"results\":{\"warnings\":[]}}"),
            Optional.empty(),
            List.of(
                new StepRow(
                    "rustavailable",
                    StepStatus.PASS,
                    Optional.of(0),
                    300,
                    Optional.empty(),
                    Optional.empty()))),
        2000);
    store.finishCell(
        runId,
        failedKey,
        new Store.Outcome(
            CellStatus.FAIL,
            90,
            Optional.of("rustavailable"),
            Optional.of("rust-unavailable"),
            Optional.of("Rust compiler 'rustc' is too old. <b>bold</b>"),
            Optional.of(log.toString()),
            Optional.of(4L),
            Optional.of(
                "{\"results\":{\"first_error_line\":3,\"warnings\":[\"<img src=x onerror=alert(1)>\"]}}"),
            Optional.empty(),
            List.of(
                new StepRow(
                    "rustavailable",
                    StepStatus.FAIL,
                    Optional.of(2),
                    90,
                    Optional.of("rust-unavailable"),
                    Optional.of("Rust compiler 'rustc' is too old.")))),
        3000);
    store.finishRun(runId, RunStatus.DONE, 4000);
    return this;
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }

  HttpResponse<String> get(String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  HttpResponse<String> post(String path, String body, Optional<String> token)
      throws IOException, InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url(path)))
            .timeout(Duration.ofSeconds(30))
            .header("Content-Type", "application/json");
    token.ifPresent(t -> b.header("Authorization", "Bearer " + t));
    return http.send(
        b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A request as raw bytes (to send headers HttpClient will not, such as Host); the reply. */
  String raw(String request) throws IOException {
    try (java.net.Socket sock = new java.net.Socket("127.0.0.1", server.port())) {
      sock.setSoTimeout(30_000);
      sock.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      sock.getOutputStream().flush();
      return new String(
          sock.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  @Override
  public void close() {
    server.close();
    store.close();
  }
}
