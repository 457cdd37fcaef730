package dev.krt.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.interop.CellReports;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.store.CellRow;
import dev.krt.store.StepRow;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPInputStream;

/**
 * Sends a run's cells to a {@code krt serve} elsewhere ({@code krt matrix run --report URL}), as
 * its API takes them: a run first ({@code POST /api/runs}), then each finished cell with its steps,
 * metadata and log ({@code POST /api/runs/ID/cells}, idempotent per key, so sending a cell twice is
 * harmless). Every request has a timeout.
 */
public final class RemoteReporter {
  /** A report the server did not take. */
  public static final class Failed extends Exception {
    public Failed(String msg) {
      super(msg);
    }
  }

  /** Logs are cut here: the server's default limit for a whole report is 1 MiB. */
  static final int LOG_CAP = 768 * 1024;

  private final URI base;
  private final String token;
  private final HttpClient http;
  private final Duration timeout;

  public RemoteReporter(URI base, String token, Duration timeout) {
    String b = base.toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.token = token;
    this.timeout = timeout;
    this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  /** Creates the remote run; its id. */
  public String createRun(String matrix, String host) throws Failed {
    ObjectNode body = Json.M.createObjectNode();
    body.put("matrix", matrix);
    body.put("host", host);
    JsonNode answer = post("api/runs", body);
    return answer.path("run").path("id").asText();
  }

  /** Sends one finished cell: the shape {@code krt matrix show --format json} gives it. */
  public void report(
      String remoteRun, CellRow cell, List<StepRow> steps, List<dev.krt.store.TestRow> tests)
      throws Failed {
    ObjectNode n = MatrixJson.detail(cell, steps, tests);
    // The server takes a result, not where it came from: no reuse marker, the log's text for its
    // path (the server counts its lines itself).
    n.remove("reused_from");
    n.remove("log_lines");
    n.remove("worker");
    CellReports.fit(n);
    MatrixJson.opt(n, "log", cell.logPath().flatMap(RemoteReporter::logText));
    post("api/runs/" + remoteRun + "/cells", n);
  }

  /** The log as text, cut at {@link #LOG_CAP} (line numbers before the cut stay right). */
  static Optional<String> logText(String path) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try (InputStream raw = Files.newInputStream(p);
        InputStream in = path.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
      byte[] b = in.readNBytes(LOG_CAP + 1);
      String s = new String(b, 0, Math.min(b.length, LOG_CAP), StandardCharsets.UTF_8);
      return Optional.of(
          b.length > LOG_CAP
              ? s.substring(0, Math.max(0, s.lastIndexOf('\n') + 1))
                  + "### krt: log cut at "
                  + LOG_CAP / 1024
                  + " KiB for the report\n"
              : s);
    } catch (IOException e) {
      return Optional.empty(); // a log still being written or damaged: the cell goes without it
    }
  }

  private JsonNode post(String path, JsonNode body) throws Failed {
    URI uri = base.resolve(path);
    HttpRequest req;
    try {
      req =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Content-Type", "application/json")
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.ofByteArray(Json.M.writeValueAsBytes(body)))
              .build();
    } catch (IOException | IllegalArgumentException e) {
      throw new Failed(uri + ": " + e.getMessage());
    }
    HttpResponse<String> r;
    try {
      r = http.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new Failed(
          uri + ": " + Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failed(uri + ": interrupted");
    }
    JsonNode answer;
    try {
      answer = Json.M.readTree(r.body());
    } catch (IOException e) {
      answer = Json.M.createObjectNode();
    }
    if (r.statusCode() / 100 != 2) {
      throw new Failed(
          uri
              + ": "
              + r.statusCode()
              + " "
              + answer
                  .path("error")
                  .asText(r.body().length() > 200 ? r.body().substring(0, 200) : r.body()));
    }
    return answer;
  }
}
