package dev.krt.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.interop.CellReports;
import dev.krt.matrix.RunLayout;
import dev.krt.report.Json;
import dev.krt.report.MatrixJson;
import dev.krt.store.CellRow;
import dev.krt.store.FarmCells;
import dev.krt.store.RunRow;
import dev.krt.store.Store;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

/**
 * {@code krt serve}: the dashboard and the JSON API over krt's store. Every page has its JSON under
 * {@code /api}; remote runners report cells with a token. Pages are plain server-rendered HTML
 * without scripts.
 */
public final class KrtServer implements AutoCloseable {
  /**
   * How the server runs.
   *
   * @param token what {@code POST} requests must send as {@code Authorization: Bearer TOKEN};
   *     empty: posting is refused
   * @param maxBody the largest request body taken, in bytes
   */
  public record Settings(String bind, int port, Optional<String> token, long maxBody) {}

  static final ObjectMapper M = new ObjectMapper();
  private final Store store;
  private final Path dataDir;
  private final Settings settings;
  private final RunViews runs;
  private final CommandViews commands;
  private Javalin app;

  public KrtServer(
      Store store,
      Path dataDir,
      Settings settings,
      java.util.Map<String, String> env,
      Path cwd,
      java.util.List<String> kernels) {
    this.store = store;
    this.dataDir = dataDir;
    this.settings = settings;
    this.runs = new RunViews(store);
    this.commands = new CommandViews(env, cwd, kernels, java.time.Duration.ofMinutes(10));
  }

  /** Starts listening; {@link #port()} says where (port 0 picks a free one). */
  public KrtServer start() {
    app =
        Javalin.create(
            c -> {
              c.startup.showJavalinBanner = false;
              c.http.maxRequestSize = settings.maxBody();
              // The big answers are compressed once, when cached; compressing per request costs a
              // core.
              c.http.compressionStrategy = io.javalin.compression.CompressionStrategy.NONE;
              c.jetty.host = settings.bind();
              c.jetty.port = settings.port();
              c.routes.before(
                  ctx -> {
                    checkHost(ctx);
                    ctx.header(
                        "Content-Security-Policy",
                        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'");
                    ctx.header("X-Content-Type-Options", "nosniff");
                    ctx.header("Referrer-Policy", "no-referrer");
                  });
              c.routes.get("/", ctx -> html(ctx, RunPages.dashboard(store)));
              c.routes.get(
                  "/runs",
                  ctx -> html(ctx, RunPages.runs(store, RunViews.page(store, 100, before(ctx)))));
              c.routes.get("/runs/{id}", ctx -> html(ctx, RunPages.run(runs.matrix(run(ctx)))));
              c.routes.get(
                  "/runs/{id}/cells/{key}", ctx -> html(ctx, RunPages.cell(store, cell(ctx))));
              c.routes.get(
                  "/runs/{id}/cells/{key}/log",
                  ctx -> {
                    CellRow cell = cell(ctx);
                    html(ctx, RunPages.log(cell, logPage(ctx, cell, 500)));
                  });
              c.routes.get(
                  "/toolchains", ctx -> html(ctx, InfoPages.toolchains(commands.toolchains())));
              c.routes.get(
                  "/knowledge", ctx -> html(ctx, InfoPages.knowledge(commands.knowledge())));
              c.routes.get("/features", ctx -> html(ctx, InfoPages.features(commands.features())));
              c.routes.get("/distros", ctx -> html(ctx, InfoPages.distros(commands.distros())));

              c.routes.get("/api", ctx -> json(ctx, ApiIndex.json()));
              c.routes.get("/api/runs", ctx -> json(ctx, runs.list(limit(ctx), before(ctx))));
              c.routes.get("/api/runs/{id}", ctx -> cachedJson(ctx, false));
              c.routes.get("/api/runs/{id}/matrix", ctx -> cachedJson(ctx, true));
              c.routes.get(
                  "/api/runs/{id}/cells/{key}",
                  ctx -> {
                    CellRow cell = cell(ctx);
                    ObjectNode n =
                        MatrixJson.detail(
                            cell,
                            store.steps(cell.runId(), cell.key()),
                            store.tests(cell.runId(), cell.key()));
                    if (store.farm().isFarmRun(cell.runId())) {
                      MatrixJson.refusals(n, store.farm().refusals(cell.runId(), cell.key()));
                    }
                    // Places on the building host say nothing to a client and map the server's
                    // disk for anyone who can read the dashboard.
                    if (n.path("metadata").path("build") instanceof ObjectNode build) {
                      build.remove(List.of("kernel_dir", "build_dir"));
                    }
                    // Where the log is for a client: its API path, not a path on this machine.
                    if (cell.logPath().isPresent()) {
                      n.put(
                          "log",
                          "/api/runs/"
                              + Html.seg(cell.runId())
                              + "/cells/"
                              + Html.seg(cell.key())
                              + "/log");
                    }
                    json(ctx, n);
                  });
              c.routes.get(
                  "/api/runs/{id}/cells/{key}/log",
                  ctx -> {
                    CellRow cell = cell(ctx);
                    LogReader.Page p = logPage(ctx, cell, 1000);
                    ObjectNode n = M.createObjectNode();
                    n.put("from", p.from());
                    n.put("total", p.total());
                    RunPages.firstErrorLine(cell)
                        .ifPresentOrElse(
                            l -> n.put("first_error_line", l), () -> n.putNull("first_error_line"));
                    p.lines().forEach(n.putArray("lines")::add);
                    json(ctx, n);
                  });
              c.routes.get("/api/toolchains", ctx -> json(ctx, commands.toolchains()));
              c.routes.get("/api/knowledge", ctx -> json(ctx, commands.knowledge()));
              c.routes.get(
                  "/api/features",
                  ctx ->
                      json(
                          ctx,
                          Optional.ofNullable(commands.features())
                              .orElseThrow(
                                  () ->
                                      new NotFound(
                                          "no kernel tree given to krt serve (--kernel SRC)"))));
              c.routes.get("/api/distros", ctx -> json(ctx, commands.distros()));
              c.routes.post("/api/runs", this::createRun);
              c.routes.post("/api/runs/{id}/cells", this::reportCell);

              c.routes.exception(NotFound.class, (e, ctx) -> problem(ctx, 404, e.getMessage()));
              c.routes.exception(Refused.class, (e, ctx) -> problem(ctx, e.status, e.getMessage()));
              c.routes.exception(
                  dev.krt.store.StoreException.class,
                  (e, ctx) -> problem(ctx, 503, e.getMessage()));
              c.routes.error(
                  404,
                  ctx -> {
                    if (ctx.result() == null || ctx.result().isEmpty()) {
                      problem(ctx, 404, "no such page: " + ctx.path());
                    }
                  });
            });
    app.start();
    return this;
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    if (app != null) {
      app.stop();
    }
  }

  // ---------------------------------------------------------------------------------------------

  /** A 404 with a message for the user. */
  static final class NotFound extends RuntimeException {
    NotFound(String m) {
      super(m);
    }
  }

  /** A refused request: 400, 401, 403, 409, 413. */
  static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String m) {
      super(m);
      this.status = status;
    }
  }

  private RunRow run(Context ctx) {
    String id = ctx.pathParam("id");
    if (!CellReports.RUN_ID.matcher(id).matches()) {
      throw new NotFound("no run '" + id + "'");
    }
    return store.run(id).orElseThrow(() -> new NotFound("no run '" + id + "'"));
  }

  private CellRow cell(Context ctx) {
    RunRow r = run(ctx);
    String key = ctx.pathParam("key");
    if (key.matches("@\\d{1,9}")) {
      // @N: the run's Nth cell, as the grid API names cells
      return store
          .cellAt(r.id(), Integer.parseInt(key.substring(1)))
          .orElseThrow(() -> new NotFound("no cell " + key + " in run " + r.id()));
    }
    if (!CellReports.KEY.matcher(key).matches()) {
      throw new NotFound("no cell '" + key + "' in run " + r.id());
    }
    return store
        .cell(r.id(), key)
        .orElseThrow(() -> new NotFound("no cell '" + key + "' in run " + r.id()));
  }

  /** A page of the cell's log: from ?from=N, else the page with the first error on it. */
  private LogReader.Page logPage(Context ctx, CellRow cell, int size) throws IOException {
    // A farm cell's log is in the store (its path is on the worker that built it).
    Optional<FarmCells.Log> kept = store.farm().log(cell);
    if (kept.isEmpty()
        && (cell.logPath().isEmpty() || !Files.isRegularFile(Path.of(cell.logPath().get())))) {
      throw new NotFound("cell " + cell.key() + " has no log");
    }
    int from;
    String f = ctx.queryParam("from");
    if (f != null) {
      if (!f.matches("[1-9]\\d{0,8}")) {
        throw new Refused(400, "from: a line number, 1 or more");
      }
      from = Integer.parseInt(f);
    } else {
      int err = RunPages.firstErrorLine(cell).orElse(1);
      from = Math.max(1, err - size / 2);
    }
    return kept.isPresent()
        ? LogReader.read(kept.get().gzip(), from, size, cell.logLines())
        : LogReader.read(Path.of(cell.logPath().get()), from, size, cell.logLines());
  }

  /** A run's cached view: one lookup of its revision, then bytes made once (ETag, gzip). */
  private void cachedJson(Context ctx, boolean grid) throws IOException {
    String id = ctx.pathParam("id");
    RunViews.Matrix m =
        (CellReports.RUN_ID.matcher(id).matches()
                ? runs.matrix(id)
                : Optional.<RunViews.Matrix>empty())
            .orElseThrow(() -> new NotFound("no run '" + id + "'"));
    String etag = "\"" + m.etag() + (grid ? "-g" : "") + "\"";
    ctx.header("ETag", etag);
    ctx.header("Vary", "Accept-Encoding");
    if (etag.equals(ctx.header("If-None-Match"))) {
      ctx.status(304);
      return;
    }
    String ae = ctx.header("Accept-Encoding");
    boolean gzip = ae != null && ae.contains("gzip");
    if (gzip) {
      ctx.header("Content-Encoding", "gzip");
    }
    ctx.contentType("application/json");
    byte[] body = grid ? (gzip ? m.gridGzip() : m.grid()) : (gzip ? m.gzip() : m.json());
    // Straight to the connection: no copy through a result stream.
    ctx.res().setContentLength(body.length);
    ctx.res().getOutputStream().write(body);
  }

  /** How many bytes of run views are cached (bounded by {@link RunViews#CACHE_BYTES}). */
  long cachedBytes() {
    return runs.cachedBytes();
  }

  private static int limit(Context ctx) {
    String l = ctx.queryParam("limit");
    if (l == null) {
      return 100;
    }
    if (!l.matches("[1-9]\\d{0,2}") || Integer.parseInt(l) > RunViews.MAX_PAGE) {
      throw new Refused(400, "limit: a number from 1 to " + RunViews.MAX_PAGE);
    }
    return Integer.parseInt(l);
  }

  private static Optional<String> before(Context ctx) {
    String b = ctx.queryParam("before");
    if (b != null && !CellReports.RUN_ID.matcher(b).matches()) {
      throw new Refused(400, "before: a run id");
    }
    return Optional.ofNullable(b);
  }

  /**
   * On a loopback bind, only requests addressed to a loopback name are answered: a web page
   * elsewhere that rebinds its own host name to 127.0.0.1 (DNS rebinding) cannot read the dashboard
   * or post to it through the user's browser.
   */
  private void checkHost(Context ctx) {
    if (!loopback(settings.bind())) {
      return;
    }
    String host = Optional.ofNullable(ctx.header("Host")).orElse("");
    String name =
        host.startsWith("[")
            ? host.substring(0, Math.max(host.indexOf(']') + 1, 0))
            : host.contains(":") ? host.substring(0, host.indexOf(':')) : host;
    if (!loopback(name)) {
      throw new Refused(
          403,
          "krt serve on a loopback address answers requests to localhost only, not '" + host + "'");
    }
  }

  private static boolean loopback(String name) {
    String n = name.toLowerCase(java.util.Locale.ROOT);
    return n.equals("localhost")
        || n.equals("[::1]")
        || n.equals("::1")
        || n.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  }

  private void authorize(Context ctx) {
    if (settings.token().isEmpty()) {
      throw new Refused(403, "posting is off: start krt serve with KRT_TOKEN set");
    }
    String h = ctx.header("Authorization");
    // The scheme's name is case-insensitive (RFC 9110, 11.1).
    if (h == null || !h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      ctx.header("WWW-Authenticate", "Bearer");
      throw new Refused(401, "send 'Authorization: Bearer TOKEN' (the server's KRT_TOKEN)");
    }
    byte[] given = h.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
    byte[] want = settings.token().get().getBytes(StandardCharsets.UTF_8);
    // Constant time: the comparison must not tell how much of a guess was right.
    if (!MessageDigest.isEqual(sha(given), sha(want))) {
      throw new Refused(403, "wrong token");
    }
  }

  private static byte[] sha(byte[] b) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(b);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** The body, at most maxBody bytes (413 beyond, whatever Content-Length claimed). */
  private byte[] body(Context ctx) throws IOException {
    long declared = ctx.req().getContentLengthLong();
    if (declared > settings.maxBody()) {
      throw new Refused(413, "request body over " + settings.maxBody() + " bytes");
    }
    try (InputStream in = ctx.req().getInputStream()) {
      byte[] b = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBody() + 1));
      if (b.length > settings.maxBody()) {
        throw new Refused(413, "request body over " + settings.maxBody() + " bytes");
      }
      return b;
    }
  }

  private void createRun(Context ctx) throws IOException {
    authorize(ctx);
    byte[] b = body(ctx);
    JsonNode n;
    try {
      n = b.length == 0 ? M.createObjectNode() : M.readTree(b);
    } catch (IOException e) {
      throw new Refused(400, "the body is not JSON");
    }
    if (n == null || !n.isObject()) {
      throw new Refused(400, "the body must be a JSON object: {\"matrix\": NAME, \"host\": NAME}");
    }
    String matrix = n.path("matrix").asText("remote");
    String host = n.path("host").asText(Optional.ofNullable(ctx.ip()).orElse("remote"));
    if (matrix.length() > 500 || host.length() > 200) {
      throw new Refused(400, "matrix or host too long");
    }
    String id = dev.krt.matrix.MatrixRunner.newRunId();
    store.createRemoteRun(id, matrix, host, System.currentTimeMillis());
    ObjectNode out = M.createObjectNode();
    out.set("run", RunViews.run(store.run(id).orElseThrow()));
    ctx.status(201);
    json(ctx, out);
  }

  private void reportCell(Context ctx) throws IOException {
    authorize(ctx);
    RunRow run = run(ctx);
    CellReports.Report r;
    try {
      r = CellReports.parse(body(ctx));
    } catch (CellReports.Invalid e) {
      throw new Refused(400, e.getMessage());
    }
    Store.Outcome o = r.outcome();
    // The posted log goes to a file of its own first and takes the cell's log name only once
    // the report is recorded: a repeated, conflicting or refused report never touches a log.
    Path log = new RunLayout(dataDir).log(run.id(), r.plan().key());
    Path posted = null;
    if (r.log().isPresent()) {
      Files.createDirectories(log.getParent());
      posted = log.resolveSibling(log.getFileName() + ".post-" + java.util.UUID.randomUUID());
      try (var out = new GZIPOutputStream(Files.newOutputStream(posted))) {
        out.write(r.log().get().getBytes(StandardCharsets.UTF_8));
      }
      // A posted result is never a reuse (reused_from is not a field a report can have).
      o =
          o.withLog(
              Optional.of(log.toString()),
              Optional.of(LogReader.lines(r.log().get())),
              o.metadataJson());
    }
    Store.Report result;
    try {
      result = store.reportCell(run.id(), r.plan(), o, System.currentTimeMillis());
      if (posted != null && result == Store.Report.CREATED) {
        Files.move(posted, log, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      }
    } finally {
      if (posted != null) {
        Files.deleteIfExists(posted);
      }
    }
    ObjectNode out = M.createObjectNode();
    switch (result) {
      case CREATED -> {
        ctx.status(201);
        out.put("result", "created");
      }
      case SAME -> out.put("result", "unchanged");
      case CONFLICT ->
          throw new Refused(
              409, "cell " + r.plan().key() + " is already recorded with another result");
      case LOCAL_RUN ->
          throw new Refused(
              409,
              "run "
                  + run.id()
                  + " was built or imported with this store and takes no reports; POST /api/runs makes a run for them");
    }
    out.set("cell", MatrixJson.cell(store.cell(run.id(), r.plan().key()).orElseThrow()));
    json(ctx, out);
  }

  // ---------------------------------------------------------------------------------------------

  private static void html(Context ctx, String page) {
    ctx.contentType("text/html; charset=utf-8").result(page);
  }

  private static void json(Context ctx, JsonNode n) throws IOException {
    ctx.contentType("application/json").result(Json.M.writeValueAsBytes(n));
  }

  private static void problem(Context ctx, int status, String message) {
    ctx.status(status);
    if (ctx.path().startsWith("/api")) {
      ObjectNode n = M.createObjectNode();
      n.put("error", message);
      ctx.contentType("application/json").result(n.toString());
    } else {
      ctx.contentType("text/html; charset=utf-8")
          .result(
              Html.page(
                  "Error " + status, "<h1>" + status + "</h1><p>" + Html.esc(message) + "</p>"));
    }
  }
}
