package dev.krt.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.store.CellStatus;
import dev.krt.store.RunStatus;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import dev.krt.testing.ChildKrt;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store of 2,000 runs, one of them with 5,000 finished cells, served by {@code krt serve} in a
 * JVM of its own with a 160 MiB heap: every page of the run lists, every run, and the big run's
 * views answer, and the server neither runs out of memory nor slows to a halt (the timeout bounds
 * the whole walk, some 2,100 requests; it is a ceiling, not a benchmark).
 */
class ServerLoadTest {
  static final ObjectMapper M = new ObjectMapper();
  static final int RUNS = 2000;
  static final int BIG = 5000;
  static final Pattern LISTENING = Pattern.compile("krt serve: http://127\\.0\\.0\\.1:(\\d+)/");
  static final Pattern OLDER = Pattern.compile("href=\"(/runs\\?before=[^\"]+)\"");

  @TempDir Path tmp;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void twoThousandRunsAndAFiveThousandCellRunAreServedInBoundedMemory() throws Exception {
    String db = "jdbc:sqlite:" + tmp.resolve("krt.db");
    String big = fill(db);

    ProcessBuilder pb =
        new ProcessBuilder(
                ChildKrt.argv(
                    List.of("-Xmx160m", "-XX:+ExitOnOutOfMemoryError"),
                    "serve",
                    "--db",
                    db,
                    "--port",
                    "0"))
            .directory(tmp.toFile())
            .redirectErrorStream(false)
            .redirectOutput(tmp.resolve("serve.out").toFile());
    pb.environment().clear();
    pb.environment().putAll(java.util.Map.of("PATH", "/usr/bin:/bin", "HOME", tmp.toString()));
    Process server = pb.start();
    server.getOutputStream().close();
    List<String> stderr = new ArrayList<>();
    try {
      BufferedReader err =
          new BufferedReader(
              new InputStreamReader(server.getErrorStream(), StandardCharsets.UTF_8));
      String first = err.readLine();
      stderr.add(first);
      Matcher m = LISTENING.matcher(String.valueOf(first));
      assertThat(m.find()).as("krt serve's first line: %s", first).isTrue();
      Thread drain =
          new Thread(
              () -> {
                try {
                  for (String l; (l = err.readLine()) != null; ) {
                    synchronized (stderr) {
                      stderr.add(l);
                    }
                  }
                } catch (java.io.IOException e) {
                  // the server ended
                }
              });
      drain.setDaemon(true);
      drain.start();
      String base = "http://127.0.0.1:" + m.group(1);

      // The JSON run list, a page at a time.
      Set<String> ids = new HashSet<>();
      String next = null;
      int pages = 0;
      do {
        JsonNode page =
            json(base + "/api/runs?limit=100" + (next == null ? "" : "&before=" + next));
        assertThat(page.path("runs").size()).isLessThanOrEqualTo(100);
        for (JsonNode r : page.path("runs")) {
          ids.add(r.path("id").asText());
          if (r.path("id").asText().equals(big)) {
            assertThat(r.path("counts").path("pass").asInt()).isEqualTo(BIG / 2);
            assertThat(r.path("counts").path("fail").asInt()).isEqualTo(BIG / 2);
          }
        }
        next = page.path("next").isNull() ? null : page.path("next").asText();
        pages++;
      } while (next != null && pages <= RUNS / 100);
      assertThat(ids).hasSize(RUNS);
      assertThat(pages).isEqualTo(RUNS / 100);

      // The HTML run list, following its own "older runs" links.
      int htmlPages = 0;
      String path = "/runs";
      Set<String> listed = new HashSet<>();
      Pattern runLink = Pattern.compile("href=\"/runs/([^\"/?]+)\"");
      while (path != null && htmlPages <= RUNS / 100) {
        String html = get(base + path.replace("&amp;", "&"));
        Matcher r = runLink.matcher(html);
        while (r.find()) {
          listed.add(r.group(1));
        }
        Matcher older = OLDER.matcher(html);
        path = older.find() ? older.group(1) : null;
        htmlPages++;
      }
      assertThat(listed).isEqualTo(ids);
      assertThat(htmlPages).isEqualTo(RUNS / 100);

      // The big run's views, and every run's.
      assertThat(json(base + "/api/runs/" + big).path("cells").size()).isEqualTo(BIG);
      assertThat(json(base + "/api/runs/" + big + "/matrix").path("cells").size()).isEqualTo(BIG);
      assertThat(get(base + "/runs/" + big)).contains("class=\"grid\"");
      assertThat(json(base + "/api/runs/" + big + "/cells/@" + (BIG - 1)).path("steps").size())
          .isEqualTo(2);
      for (String id : ids) {
        assertThat(json(base + "/api/runs/" + id).path("run").path("id").asText()).isEqualTo(id);
      }
      assertThat(get(base + "/")).contains("All runs");
      assertThat(server.isAlive()).as("krt serve still runs").isTrue();
    } finally {
      server.destroy();
      if (!server.waitFor(20, TimeUnit.SECONDS)) {
        server.destroyForcibly().waitFor();
      }
    }
    synchronized (stderr) {
      assertThat(String.join("\n", stderr))
          .doesNotContain("OutOfMemoryError")
          .doesNotContain("Exception")
          .doesNotContain("internal error");
    }
  }

  /** 1,999 runs of four cells, and one of 5,000 finished cells with steps and metadata. */
  private static String fill(String url) {
    try (Store store = Store.open(url)) {
      for (int i = 0; i < RUNS - 1; i++) {
        List<Store.CellPlan> cells = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
          cells.add(plan(i * 10 + c));
        }
        store.createRun(
            String.format("20260101-%06d-a", i), "/m/small.yaml", "", 1, "h", cells, 1000L + i);
      }
      String big = "20270101-000000-big";
      List<Store.CellPlan> cells = new ArrayList<>();
      for (int c = 0; c < BIG; c++) {
        cells.add(plan(1_000_000 + c));
      }
      store.createRun(big, "/m/big.yaml", "", 2, "h", cells, 9_000_000L);
      for (int c = 0; c < BIG; c++) {
        boolean pass = c % 2 == 0;
        store.finishCell(
            big,
            cells.get(c).key(),
            new Store.Outcome(
                pass ? CellStatus.PASS : CellStatus.FAIL,
                60_000,
                pass ? Optional.empty() : Optional.of("rust"),
                pass ? Optional.empty() : Optional.of("rustc-error"),
                pass ? Optional.empty() : Optional.of("error[E0425]: cannot find value `x`"),
                Optional.empty(),
                Optional.empty(),
                Optional.of("{\"results\":{\"warnings\":[\"" + "w".repeat(500) + "\"]}}"),
                Optional.empty(),
                List.of(
                    step("rustavailable", StepStatus.PASS),
                    step("rust", pass ? StepStatus.PASS : StepStatus.FAIL))),
            9_000_001L + c);
      }
      store.finishRun(big, RunStatus.DONE, 9_999_999L);
      return big;
    }
  }

  private static Store.CellPlan plan(int n) {
    return new Store.CellPlan(
        String.format("%064x", n),
        "6.12." + (n % 7),
        "rustc-1." + (80 + n % 13),
        n % 3 == 0 ? "arm64" : "x86_64",
        n % 2 == 0 ? "defconfig" : "tinyconfig",
        "rustavailable,rust");
  }

  private static StepRow step(String name, StepStatus s) {
    return new StepRow(
        name,
        s,
        Optional.of(s == StepStatus.PASS ? 0 : 2),
        30_000,
        Optional.empty(),
        Optional.empty());
  }

  private String get(String url) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url).isEqualTo(200);
    return r.body();
  }

  private JsonNode json(String url) throws Exception {
    return M.readTree(get(url));
  }
}
