package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.store.CellStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** krt serve over real HTTP: the API, posting with a token, and the security cases. */
class ServerApiTest {
  static final ObjectMapper M = new ObjectMapper();
  @TempDir Path tmp;
  ServerFixture f;

  @BeforeEach
  void start() throws Exception {
    f = new ServerFixture(tmp, Optional.of(ServerFixture.TOKEN), 64 * 1024).withRun();
  }

  @AfterEach
  void stop() {
    f.close();
  }

  JsonNode json(HttpResponse<String> r) throws Exception {
    return M.readTree(r.body());
  }

  @Test
  void everyPageHasItsJson() throws Exception {
    JsonNode index = json(f.get("/api"));
    assertThat(index.path("endpoints").findValuesAsText("path"))
        .contains(
            "/api/runs",
            "/api/runs/{id}",
            "/api/runs/{id}/matrix",
            "/api/runs/{id}/cells",
            "/api/toolchains",
            "/api/knowledge",
            "/api/features",
            "/api/distros");

    JsonNode runs = json(f.get("/api/runs"));
    assertThat(runs.path("runs").get(0).path("id").asText()).isEqualTo(f.runId);
    assertThat(runs.path("runs").get(0).path("counts").toString())
        .isEqualTo("{\"fail\":1,\"pass\":1}");

    HttpResponse<String> run = f.get("/api/runs/" + f.runId);
    assertThat(run.statusCode()).isEqualTo(200);
    assertThat(run.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
    JsonNode cells = json(run).path("cells");
    assertThat(cells.findValuesAsText("status")).containsExactly("pass", "fail");
    assertThat(cells.get(1).path("classification").asText()).isEqualTo("rust-unavailable");

    JsonNode grid = json(f.get("/api/runs/" + f.runId + "/matrix"));
    assertThat(grid.path("schema").asText()).isEqualTo("krt.matrix-grid/1");
    assertThat(grid.path("toolchains").toString()).isEqualTo("[\"rustc-web-1.85\",\"rustc-1.63\"]");
    assertThat(grid.path("cells").get(1).toString())
        .isEqualTo("[0,1,0,0,\"fail\",90,\"rust-unavailable\",1]");

    JsonNode cell = json(f.get("/api/runs/" + f.runId + "/cells/@1"));
    assertThat(cell.path("key").asText()).isEqualTo(f.failedKey);
    assertThat(cell.path("steps").get(0).path("exit_code").asInt()).isEqualTo(2);
    // The log as a client reaches it, not as a path on the server's disk.
    assertThat(cell.path("log").asText())
        .isEqualTo("/api/runs/" + f.runId + "/cells/" + f.failedKey + "/log")
        .doesNotContain(tmp.toString());
    assertThat(f.get(cell.path("log").asText()).statusCode()).isEqualTo(200);
    assertThat(
            json(f.get("/api/runs/" + f.runId + "/cells/" + f.failedKey))
                .path("first_error")
                .asText())
        .startsWith("Rust compiler");

    JsonNode log = json(f.get("/api/runs/" + f.runId + "/cells/" + f.failedKey + "/log"));
    assertThat(log.path("first_error_line").asInt()).isEqualTo(3);
    assertThat(log.path("lines").get(2).asText())
        .isEqualTo("*** Rust compiler 'rustc' is too old.");
    assertThat(log.path("total").asInt()).isEqualTo(4);

    for (String p :
        new String[] {
          "/",
          "/runs",
          "/runs/" + f.runId,
          "/runs/" + f.runId + "/cells/" + f.failedKey,
          "/runs/" + f.runId + "/cells/" + f.failedKey + "/log",
          "/knowledge",
          "/distros"
        }) {
      HttpResponse<String> page = f.get(p);
      assertThat(page.statusCode()).as(p).isEqualTo(200);
      assertThat(page.body())
          .as(p)
          .startsWith("<!doctype html>")
          .contains("<meta name=\"viewport\"");
    }
  }

  @Test
  void theRunViewIsCachedByRevisionWithEtagAndGzip() throws Exception {
    HttpResponse<String> first = f.get("/api/runs/" + f.runId);
    String etag = first.headers().firstValue("ETag").orElseThrow();
    assertThat(f.get("/api/runs/" + f.runId, "If-None-Match", etag).statusCode()).isEqualTo(304);
    HttpResponse<byte[]> gz =
        f.http.send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(f.url("/api/runs/" + f.runId)))
                .header("Accept-Encoding", "gzip")
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(gz.headers().firstValue("Content-Encoding")).contains("gzip");
    try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz.body()))) {
      assertThat(M.readTree(in)).isEqualTo(M.readTree(first.body()));
    }
    // A change to the run (a remote report) makes a new view and a new ETag.
    String remote = remoteRun();
    HttpResponse<String> before = f.get("/api/runs/" + remote);
    String remoteEtag = before.headers().firstValue("ETag").orElseThrow();
    f.post(
        "/api/runs/" + remote + "/cells", report("c1", "pass"), Optional.of(ServerFixture.TOKEN));
    HttpResponse<String> after = f.get("/api/runs/" + remote, "If-None-Match", remoteEtag);
    assertThat(after.statusCode()).isEqualTo(200);
    assertThat(after.headers().firstValue("ETag")).isNotEqualTo(Optional.of(remoteEtag));
    assertThat(json(after).path("cells")).hasSize(1);
  }

  static String report(String key, String status) {
    return """
        {"key": "%s", "kernel": "6.12", "toolchain": "nightly-2026-11-30", "arch": "arm64", "config": "rust",
         "status": "%s", "duration_ms": 61000, "failed_step": null, "classification": null, "first_error": null,
         "steps": [{"name": "rust", "status": "pass", "exit_code": 0, "duration_ms": 60000}],
         "metadata": {"rust": {"rustc_version": "1.93.0"}}, "log": "  RUSTC L rust/core.o\\n<script>alert('remote')</script>\\n"}
        """
        .formatted(key, status);
  }

  @Test
  void postingNeedsTheRightToken() throws Exception {
    String path = "/api/runs/" + f.runId + "/cells";
    HttpResponse<String> none = f.post(path, report("k1", "pass"), Optional.empty());
    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(json(none).path("error").asText()).contains("Authorization: Bearer");
    HttpResponse<String> wrong = f.post(path, report("k1", "pass"), Optional.of("s3cret-tokem"));
    assertThat(wrong.statusCode()).isEqualTo(403);
    assertThat(json(wrong).path("error").asText()).isEqualTo("wrong token");
    assertThat(f.store.cells(f.runId)).hasSize(2);
    assertThat(f.post("/api/runs", "{}", Optional.of("nope")).statusCode()).isEqualTo(403);
  }

  @Test
  void withoutATokenPostingIsOff() throws Exception {
    try (ServerFixture open = new ServerFixture(tmp.resolve("open"), Optional.empty(), 64 * 1024)) {
      java.nio.file.Files.createDirectories(tmp.resolve("open"));
      HttpResponse<String> r = open.post("/api/runs", "{}", Optional.of("anything"));
      assertThat(r.statusCode()).isEqualTo(403);
      assertThat(json(r).path("error").asText()).contains("posting is off");
    }
  }

  @Test
  void remoteCellsAreValidatedAndIdempotentPerKey() throws Exception {
    JsonNode created =
        json(
            f.post(
                "/api/runs",
                "{\"matrix\": \"nightly-ci\", \"host\": \"runner-7\"}",
                Optional.of(ServerFixture.TOKEN)));
    String run = created.path("run").path("id").asText();
    String path = "/api/runs/" + run + "/cells";
    Optional<String> t = Optional.of(ServerFixture.TOKEN);

    HttpResponse<String> first = f.post(path, report("remote-1", "pass"), t);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
    assertThat(json(first).path("result").asText()).isEqualTo("created");
    HttpResponse<String> again = f.post(path, report("remote-1", "pass"), t);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(json(again).path("result").asText()).isEqualTo("unchanged");
    HttpResponse<String> other = f.post(path, report("remote-1", "fail"), t);
    assertThat(other.statusCode()).isEqualTo(409);
    assertThat(f.store.cells(run))
        .hasSize(1)
        .first()
        .satisfies(c -> assertThat(c.status()).isEqualTo(CellStatus.PASS));
    assertThat(f.store.steps(run, "remote-1")).hasSize(1);

    // The posted log is served like any other: escaped.
    HttpResponse<String> page = f.get("/runs/" + run + "/cells/remote-1/log");
    assertThat(page.body())
        .contains("&lt;script&gt;alert(&#39;remote&#39;)&lt;/script&gt;")
        .doesNotContain("<script");

    String[][] bad = {
      {"not json", "the body is not JSON"},
      {"[1, 2]", "the body must be a JSON object"},
      {report("k", "pass").replace("\"kernel\": \"6.12\",", ""), "kernel: required"},
      {report("k", "maybe"), "status: one of pass, fail, error (not 'maybe')"},
      {report("../../etc/passwd", "pass"), "key: letters, digits"},
      {
        report("k", "pass").replace("\"duration_ms\": 61000", "\"duration_ms\": -5"),
        "duration_ms: a whole number, 0 or more"
      },
      {
        report("k", "pass")
            .replace("\"arch\": \"arm64\",", "\"arch\": \"arm64\", \"admin\": true,"),
        "admin: unknown field"
      },
      {
        report("k", "pass")
            .replace(
                "\"status\": \"pass\", \"exit_code\": 0", "\"status\": \"done\", \"exit_code\": 0"),
        "steps[0].status: one of pass, fail, skipped"
      },
      {
        report("k", "pass")
            .replace("\"arch\": \"arm64\",", "\"arch\": \"arm64\", \"arch\": \"x86\","),
        "the body is not JSON: Duplicate field 'arch'"
      },
      {
        report("k", "pass").replace("\"exit_code\": 0", "\"exit_code\": 4294967297"),
        "steps[0].exit_code: 0 to 255, not 4294967297"
      },
      {
        report("k", "pass")
            .replace("\"metadata\": {", "\"metadata\": [{")
            .replace("}}, \"log\"", "}}], \"log\""),
        "metadata: an object"
      },
    };
    for (String[] b : bad) {
      HttpResponse<String> r = f.post(path, b[0], t);
      assertThat(r.statusCode()).as(b[0]).isEqualTo(400);
      assertThat(json(r).path("error").asText()).as(b[0]).startsWith(b[1]);
    }
    assertThat(f.store.cells(run)).hasSize(1);
    assertThat(f.post("/api/runs/20991231-000000-dead/cells", report("x", "pass"), t).statusCode())
        .isEqualTo(404);
  }

  @Test
  void oversizedBodiesAreRefusedWhateverTheyClaim() throws Exception {
    String big =
        report("big", "pass").replace("\"log\": \"", "\"log\": \"" + "x".repeat(70 * 1024));
    HttpResponse<String> r =
        f.post("/api/runs/" + f.runId + "/cells", big, Optional.of(ServerFixture.TOKEN));
    assertThat(r.statusCode()).isEqualTo(413);
    // Chunked, without a Content-Length: counted as it arrives.
    try (Socket s = new Socket("127.0.0.1", f.server.port())) {
      s.setSoTimeout(20_000);
      OutputStream o = s.getOutputStream();
      o.write(
          ("POST /api/runs/"
                  + f.runId
                  + "/cells HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                  + ServerFixture.TOKEN
                  + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] chunk = "y".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
      try {
        for (int i = 0; i < 6; i++) {
          o.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
          o.write(chunk);
          o.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        o.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        o.flush();
      } catch (java.io.IOException e) {
        // the server may close early; its answer is still there to read
      }
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 413");
    }
    assertThat(f.store.cells(f.runId)).hasSize(2);
  }

  @Test
  void markupInLogsErrorsAndWarningsIsText() throws Exception {
    HttpResponse<String> log = f.get("/runs/" + f.runId + "/cells/" + f.failedKey + "/log");
    assertThat(log.body())
        .contains("&lt;script&gt;alert(&#39;log&#39;)&lt;/script&gt;")
        .doesNotContain("<script");
    assertThat(log.body()).contains("<tr id=\"L3\" class=\"hit\">");
    assertThat(log.headers().firstValue("Content-Security-Policy"))
        .hasValueSatisfying(
            v -> assertThat(v).contains("default-src 'none'").doesNotContain("script-src"));
    assertThat(log.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    HttpResponse<String> cell = f.get("/runs/" + f.runId + "/cells/" + f.failedKey);
    assertThat(cell.body())
        .contains("too old. &lt;b&gt;bold&lt;/b&gt;")
        .contains("&lt;img src=x onerror=alert(1)&gt;")
        .doesNotContain("<img")
        .doesNotContain("<b>bold");
  }

  static String markup(String field) {
    return "\"'><svg onload=" + field + ">";
  }

  /**
   * Every string a report can carry, each with markup of its own, through every page that shows it:
   * none reaches a page as markup, and each is shown (escaped) where a reader expects it.
   */
  @Test
  void markupInEveryPostedFieldIsTextOnEveryPage() throws Exception {
    Optional<String> t = Optional.of(ServerFixture.TOKEN);
    ObjectNode runBody = M.createObjectNode();
    runBody.put("matrix", markup("x_matrix"));
    runBody.put("host", markup("x_host"));
    String run = json(f.post("/api/runs", runBody.toString(), t)).path("run").path("id").asText();

    ObjectNode r = M.createObjectNode();
    r.put("key", "xss-1");
    for (String field : List.of("kernel", "toolchain", "arch", "config", "steps_planned")) {
      r.put(field, markup("x_" + field));
    }
    r.put("status", "fail");
    r.put("duration_ms", 1000);
    r.put("failed_step", markup("x_failed_step"));
    r.put("classification", markup("x_classification"));
    r.put("first_error", markup("x_first_error"));
    ObjectNode step = r.putArray("steps").addObject();
    step.put("name", markup("x_step_name"));
    step.put("status", "fail");
    step.put("exit_code", 2);
    step.put("classification", markup("x_step_classification"));
    step.put("first_error", markup("x_step_first_error"));
    ObjectNode meta = r.putObject("metadata");
    ObjectNode rust = meta.putObject("rust");
    for (String k : List.of("rustc_version_full", "bindgen_version", "libclang_version")) {
      rust.put(k, markup("x_" + k));
    }
    rust.put("rust_lib_src", markup("x_rust_lib_src"));
    meta.putObject("compiler").put("version_full", markup("x_cc"));
    meta.putObject("krt_check").put("verdict", markup("x_verdict"));
    meta.putObject("kconfig").put(markup("x_kconfig_name"), markup("x_kconfig_value"));
    meta.putObject("build")
        .put("kernel", "linux-6.12")
        .put("kernel_dir", "/home/someone/linux")
        .put("build_dir", "/srv/krt/builds/0b93");
    ObjectNode results = meta.putObject("results");
    results.put("first_error_line", 1);
    results.putArray("warnings").add(markup("x_warning"));
    r.put("log", markup("x_log") + "\n");
    HttpResponse<String> posted = f.post("/api/runs/" + run + "/cells", r.toString(), t);
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(201);

    // Places on the building host stay there; what the build was stays in the answer.
    JsonNode api = json(f.get("/api/runs/" + run + "/cells/xss-1"));
    assertThat(api.path("metadata").path("build").path("kernel").asText()).isEqualTo("linux-6.12");
    assertThat(api.toString()).doesNotContain("/home/someone").doesNotContain("/srv/krt");
    assertThat(api.path("log").asText()).isEqualTo("/api/runs/" + run + "/cells/xss-1/log");
    String cell = "/runs/" + run + "/cells/xss-1";
    StringBuilder all = new StringBuilder();
    for (String page : List.of("/", "/runs", "/runs/" + run, cell, cell + "/log")) {
      HttpResponse<String> h = f.get(page);
      assertThat(h.statusCode()).as(page).isEqualTo(200);
      assertThat(h.body()).as(page).doesNotContain("<svg").doesNotContain("'>");
      all.append(h.body());
    }
    for (String shown :
        List.of(
            "x_matrix",
            "x_host",
            "x_kernel",
            "x_toolchain",
            "x_arch",
            "x_config",
            "x_failed_step",
            "x_classification",
            "x_first_error",
            "x_step_name",
            "x_step_classification",
            "x_rustc_version_full",
            "x_bindgen_version",
            "x_libclang_version",
            "x_rust_lib_src",
            "x_cc",
            "x_verdict",
            "x_kconfig_name",
            "x_kconfig_value",
            "x_warning",
            "x_log")) {
      assertThat(all).as(shown).contains("&quot;&#39;&gt;&lt;svg onload=" + shown + "&gt;");
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "/runs/..%2F..%2F..%2Fetc%2Fpasswd/cells/x/log",
        "/runs/%2e%2e/cells/x/log",
        "/runs/RUN/cells/..%2F..%2F..%2F..%2Fetc%2Fpasswd/log",
        "/runs/RUN/cells/%2e%2e%2f%2e%2e%2fpasswd/log",
        "/api/runs/RUN/cells/..%2F..%2Fkrt.db/log",
        "/runs/RUN/cells/....%2F%2Fetc%2Fpasswd/log",
        "/runs/RUN/cells/%252e%252e%252fetc%252fpasswd/log",
        "/api/runs/RUN/cells/@99999/log",
      })
  void logRoutesCannotBeLedOutsideTheStore(String path) throws Exception {
    HttpResponse<String> r = f.get(path.replace("RUN", f.runId));
    assertThat(r.statusCode()).as(path).isIn(400, 404);
    assertThat(r.body()).doesNotContain("root:").doesNotContain("SQLite format");
  }

  @Test
  void badLogPagesAndUnknownThingsAreClearErrors() throws Exception {
    HttpResponse<String> bad =
        f.get("/api/runs/" + f.runId + "/cells/" + f.failedKey + "/log?from=-3");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(json(bad).path("error").asText()).isEqualTo("from: a line number, 1 or more");
    HttpResponse<String> noLog = f.get("/api/runs/" + f.runId + "/cells/" + f.passedKey + "/log");
    assertThat(noLog.statusCode()).isEqualTo(404);
    assertThat(json(f.get("/api/runs/nope")).path("error").asText()).isEqualTo("no run 'nope'");
    HttpResponse<String> page = f.get("/runs/nope");
    assertThat(page.statusCode()).isEqualTo(404);
    assertThat(page.body()).contains("no run &#39;nope&#39;");
    assertThat(f.get("/no/such/page").statusCode()).isEqualTo(404);
  }

  /**
   * DNS rebinding: a page on evil.example whose name now resolves to 127.0.0.1 sends the user's
   * browser to the loopback server with {@code Host: evil.example}. Only loopback names are
   * answered.
   */
  @Test
  void aLoopbackServerAnswersLoopbackHostsOnly() throws Exception {
    assertThat(f.raw("GET /api HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 403")
        .contains("answers requests to localhost only");
    assertThat(
            f.raw(
                "GET /runs HTTP/1.1\r\nHost: evil.example:"
                    + f.server.port()
                    + "\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 403");
    for (String host : List.of("localhost:" + f.server.port(), "127.0.0.1", "[::1]:8080")) {
      assertThat(f.raw("GET /api HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n"))
          .as(host)
          .startsWith("HTTP/1.1 200");
    }
  }

  /** A run made through the API for reports, as krt matrix run --report makes one. */
  String remoteRun() throws Exception {
    return json(f.post(
            "/api/runs",
            "{\"matrix\": \"ci\", \"host\": \"runner\"}",
            Optional.of(ServerFixture.TOKEN)))
        .path("run")
        .path("id")
        .asText();
  }

  /**
   * A run built here by krt matrix run takes no reports: whoever has the token must not finish (or
   * overwrite the log of) a cell of it.
   */
  @Test
  void aLocalRunTakesNoReports() throws Exception {
    java.nio.file.Path log = tmp.resolve("data/runs/" + f.runId + "/b/build.log.gz");
    byte[] before = java.nio.file.Files.readAllBytes(log);
    HttpResponse<String> r =
        f.post(
            "/api/runs/" + f.runId + "/cells",
            report("b", "pass"),
            Optional.of(ServerFixture.TOKEN));
    assertThat(r.statusCode()).isEqualTo(409);
    assertThat(json(r).path("error").asText()).contains("takes no reports");
    assertThat(java.nio.file.Files.readAllBytes(log)).isEqualTo(before);
    assertThat(f.store.cells(f.runId)).hasSize(2);
  }

  @Test
  void theBearerSchemeIsCaseInsensitive() throws Exception {
    String body = report("case-1", "pass");
    String path = "/api/runs/" + remoteRun() + "/cells";
    String req =
        "POST "
            + path
            + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: bearer "
            + ServerFixture.TOKEN
            + "\r\nContent-Type: application/json\r\nContent-Length: "
            + body.getBytes(java.nio.charset.StandardCharsets.UTF_8).length
            + "\r\nConnection: close\r\n\r\n"
            + body;
    assertThat(f.raw(req)).startsWith("HTTP/1.1 201");
  }

  /** Hundreds of runs: /api/runs answers a page at a time, and the server keeps a bounded cache. */
  @Test
  void manyRunsArePagedAndTheViewCacheIsBounded() throws Exception {
    int extra = 300;
    for (int i = 0; i < extra; i++) {
      f.store.createRemoteRun(String.format("20260101-000000-%04x", i), "ci", "h", 10_000 + i);
    }
    java.util.Set<String> seen = new java.util.LinkedHashSet<>();
    String next = null;
    int pages = 0;
    do {
      JsonNode page = json(f.get("/api/runs?limit=100" + (next == null ? "" : "&before=" + next)));
      assertThat(page.path("runs").size()).isLessThanOrEqualTo(100);
      page.path("runs").forEach(r -> seen.add(r.path("id").asText()));
      next = page.path("next").isNull() ? null : page.path("next").asText();
      pages++;
    } while (next != null && pages < 20);
    assertThat(seen).hasSize(extra + 1);
    assertThat(pages).isEqualTo((extra + 1 + 99) / 100);
    assertThat(f.get("/api/runs?limit=5000").statusCode()).isEqualTo(400);
    assertThat(f.get("/api/runs?before=../x").statusCode()).isEqualTo(400);
    for (String id : seen) {
      assertThat(f.get("/api/runs/" + id).statusCode()).isEqualTo(200);
    }
    assertThat(f.server.cachedBytes()).isLessThanOrEqualTo(RunViews.CACHE_BYTES);
  }
}
