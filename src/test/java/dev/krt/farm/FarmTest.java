package dev.krt.farm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import dev.krt.testing.ChildKrt;
import dev.krt.testing.CliHarness;
import dev.krt.testing.Databases;
import dev.krt.testing.RunKrt;
import dev.krt.testing.TestHost;
import dev.krt.testing.Zoo;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real farm: three {@code krt worker} processes, each on a test host of its own (a network
 * namespace reaching the real PostgreSQL through a veth pair) with its own XDG directories,
 * building real cells of Debian's 6.12 tree with zoo toolchains; host-c's rustc-web-1.96 is another
 * toolchain under that name (another bindgen and clang), which it must never build the run's with.
 * Every cell must end exactly once with the status a local run gives it, across a worker killed
 * with {@code kill -9} mid-cell, a worker frozen until it is given up for dead, and a PostgreSQL
 * restart.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FarmTest {
  @TempDir static Path tmp;

  static String url;
  static String schema;
  static final List<TestHost> hosts = new ArrayList<>();
  static final Map<String, Worker> workers = new LinkedHashMap<>();
  static Path zooToolchains;
  static Path submitterToolchains;

  /** The local run's result of the quick matrix, by cell label. */
  static Map<String, String> localQuick;

  /** A worker process: its host, its directories, its output. */
  static final class Worker {
    final String name;
    final TestHost host;
    final Path home;
    final Path toolchains;
    final Path out;
    final String db;
    Process process;

    Worker(String name, TestHost host, Path toolchains, String db) throws IOException {
      this.name = name;
      this.host = host;
      this.home = Files.createDirectories(tmp.resolve(name));
      this.toolchains = toolchains;
      this.out = home.resolve("out.txt");
      this.db = db;
    }

    void start() throws Exception {
      long before = Files.exists(out) ? Files.readString(out).split("taking cells", -1).length : 1;
      ProcessBuilder pb =
          new ProcessBuilder(
              host.exec(ChildKrt.argv(List.of("-Xmx256m"), "worker", "--db", db, "--name", name)));
      pb.environment().clear();
      pb.environment().put("PATH", "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
      pb.environment().put("HOME", home.toString());
      pb.environment().put("XDG_DATA_HOME", home.resolve("data").toString());
      pb.environment().put("XDG_CACHE_HOME", home.resolve("cache").toString());
      pb.environment().put("XDG_CONFIG_HOME", home.resolve("config").toString());
      pb.environment().put("KRT_TOOLCHAINS", toolchains.toString());
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
      process = pb.start();
      await(
          "worker " + name + " starts",
          Duration.ofSeconds(90),
          () -> {
            if (!process.isAlive()) {
              throw new AssertionError("worker " + name + " exited: " + output());
            }
            return output().split("taking cells", -1).length > before;
          });
    }

    String output() {
      try {
        return Files.exists(out) ? Files.readString(out) : "";
      } catch (IOException e) {
        return "";
      }
    }

    Path builds() {
      return home.resolve("data/krt/worker/builds");
    }
  }

  @BeforeAll
  static void farm() throws Exception {
    Path zoo = Zoo.require();
    zooToolchains = zoo.resolve("toolchains.toml");
    String base = Databases.postgres();
    schema = "farm" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(base)) {
      c.createStatement().execute("CREATE SCHEMA " + schema);
    }
    url = base + "&currentSchema=" + schema;
    int pgPort = URI.create(base.substring("jdbc:".length())).getPort();
    String text = Files.readString(zooToolchains);
    // host-c's rustc-web-1.96: the zoo's rustc with rustc-web-1.85's bindgen and clang.
    String newest = sectionOf(text, "rustc-web-1.96");
    String other = sectionOf(text, "rustc-web-1.85");
    String mixed =
        newest
            .replaceAll("(?m)^bindgen = .*$", line(other, "bindgen"))
            .replaceAll("(?m)^cc = .*$", line(other, "cc"));
    assertThat(mixed).as("the zoo's 1.85 and 1.96 differ in bindgen or cc").isNotEqualTo(newest);
    Path withoutNewest = tmp.resolve("another-1.96.toml");
    Files.writeString(
        withoutNewest,
        withoutSection(text, "rustc-web-1.96") + "\n[toolchain.\"rustc-web-1.96\"]\n" + mixed);
    // The submitter has one toolchain no worker has.
    submitterToolchains = tmp.resolve("submitter.toml");
    Files.writeString(
        submitterToolchains,
        text
            + "\n[toolchain.\"only-here\"]\n"
            + sectionOf(text, "rustc-web-1.85")
                .replaceAll("cc = \"clang-\\d+\"", "cc = \"clang-22\""));
    String[] names = {"host-a", "host-b", "host-c"};
    for (int i = 0; i < names.length; i++) {
      TestHost h = TestHost.create(i + 1);
      hosts.add(h);
      String db =
          "jdbc:postgresql://"
              + h.outside()
              + ":"
              + h.relay(pgPort)
              + "/"
              + base.replaceFirst("^jdbc:postgresql://[^/]+/", "")
              + "&currentSchema="
              + schema;
      Worker w = new Worker(names[i], h, i == 2 ? withoutNewest : zooToolchains, db);
      workers.put(w.name, w);
    }
    for (Worker w : workers.values()) {
      w.start();
    }
  }

  @AfterAll
  static void tearDown() throws Exception {
    for (Worker w : workers.values()) {
      if (w.process != null) {
        w.process.destroy();
        if (!w.process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
          w.process.destroyForcibly();
        }
      }
    }
    hosts.forEach(TestHost::close);
    if (schema != null) {
      try (Connection c = DriverManager.getConnection(Databases.postgres())) {
        c.createStatement().execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** 4 toolchains × 2 configs, rustavailable and config steps: a few seconds a cell. */
  static Path quickMatrix() throws IOException {
    Path m = tmp.resolve("quick.yaml");
    Files.writeString(
        m,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains: [rustc-web-1.85, rustc-1.85.1, rustc-web-1.96, rustc-1.48]
        configs:
          - defconfig
          - {name: rust, base: defconfig, fragments: [CONFIG_RUST=y]}
        steps: [rustavailable, config]
        """
            .formatted(Zoo.kernel("6.12")));
    return m;
  }

  @Test
  @Order(1)
  void cellsSpreadOverTheWorkersAndEndAsALocalRunEndsThem() throws Exception {
    Path m = quickMatrix();
    JsonNode farm =
        submitter("matrix", "run", m.toString(), "--db", url, "--farm", "--format", "json");
    localQuick = results(local("matrix", "run", m.toString(), "--format", "json"));
    Map<String, String> onFarm = results(farm);
    assertThat(onFarm).hasSize(8).isEqualTo(localQuick);
    // The local run's outcomes are not all the same, or the comparison says little.
    assertThat(new HashSet<>(localQuick.values())).hasSizeGreaterThan(1);

    Set<String> used = new HashSet<>();
    String run = farm.path("run").path("id").asText();
    try (Store s = Store.open(url)) {
      for (CellRow c : s.cells(run)) {
        String w = c.worker().orElseThrow();
        used.add(w);
        if (c.toolchain().equals("rustc-web-1.96")) {
          assertThat(w).as("host-c's rustc-web-1.96 is not the run's").isNotEqualTo("host-c");
          // What host-c's plan of the cell says, whether or not the queue ever gave it the cell.
          FarmPlans hostC =
              new FarmPlans(
                  Map.of(
                      "PATH", "/usr/local/bin:/usr/bin:/bin",
                      "HOME", tmp.toString(),
                      "KRT_TOOLCHAINS", workers.get("host-c").toolchains.toString()),
                  tmp,
                  tmp.resolve("host-c-plans"),
                  "host-c");
          assertThat(hostC.plan(s.run(run).orElseThrow(), c).refusal())
              .hasValueSatisfying(r -> assertThat(r).contains("not the run's"));
        }
        // The log crossed through the store, as the worker wrote it.
        byte[] kept = s.farm().log(c).orElseThrow().gzip();
        assertThat(kept).isEqualTo(Files.readAllBytes(Path.of(c.logPath().orElseThrow())));
        assertThat(gunzip(kept)).contains("make");
      }
    }
    assertThat(used).as("cells spread over the workers").hasSizeGreaterThan(1);
    // The run's JSON says who would not build what: host-c, rustc-web-1.96, if anyone.
    for (JsonNode c : farm.path("cells")) {
      assertThat(c.path("refusals").isArray()).isTrue();
      for (JsonNode r : c.path("refusals")) {
        assertThat(r.path("worker").asText()).isEqualTo("host-c");
        assertThat(c.path("toolchain").asText()).isEqualTo("rustc-web-1.96");
        assertThat(r.path("reason").asText()).contains("not the run's");
      }
    }
    assertOnceEach(run, 8);
    show(run);

    // Unchanged cells are reused across the farm as they are locally: nothing is queued.
    JsonNode again =
        submitter("matrix", "run", m.toString(), "--db", url, "--farm", "--format", "json");
    assertThat(results(again)).isEqualTo(localQuick);
    for (JsonNode c : again.path("cells")) {
      assertThat(c.path("reused_from").asText()).isEqualTo(run);
    }
  }

  @Test
  @Order(2)
  void aCellNoWorkerCanBuildEndsAsAnErrorSayingWhy() throws Exception {
    Path m = tmp.resolve("only-here.yaml");
    Files.writeString(
        m,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains: [only-here]
        configs: [defconfig]
        steps: [rustavailable]
        """
            .formatted(Zoo.kernel("6.12")));
    JsonNode farm =
        submitter("matrix", "run", m.toString(), "--db", url, "--farm", "--format", "json");
    JsonNode c = farm.path("cells").get(0);
    assertThat(c.path("status").asText()).isEqualTo("error");
    assertThat(c.path("classification").asText()).isEqualTo("no-worker");
    for (String w : workers.keySet()) {
      assertThat(c.path("first_error").asText())
          .contains("worker " + w + " has no toolchain 'only-here'");
    }
  }

  /**
   * A worker killed with {@code kill -9} mid-cell costs that cell's time: another builds it after
   * the heartbeat timeout, the result is the local one, and the killed worker, started again,
   * clears the half-built {@code O=} it left.
   */
  @Test
  @Order(3)
  void aWorkerKilledMidCellCostsOnlyThatCell() throws Exception {
    Path m = tmp.resolve("rust.yaml");
    Files.writeString(
        m,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains: [rustc-web-1.96]
        configs:
          - {name: rust, base: defconfig, fragments: [CONFIG_RUST=y]}
        steps: [rustavailable, config, rust]
        """
            .formatted(Zoo.kernel("6.12")));
    String run = queue(m);
    CellRow first;
    try (Store s = Store.open(url)) {
      await(
          "the rust cell starts",
          Duration.ofMinutes(2),
          () -> s.cells(run).get(0).status() == CellStatus.RUNNING);
      first = s.cells(run).get(0);
      Worker victim = workers.get(first.worker().orElseThrow());
      // Mid-cell: its O= has the config, and make is building the Rust parts.
      Path left = victim.builds().resolve(first.key().substring(0, 12));
      await(
          "the build is under way",
          Duration.ofMinutes(3),
          () -> Files.exists(left.resolve(".config")));
      Thread.sleep(5_000);
      long killed = System.nanoTime();
      victim.process.toHandle().destroyForcibly();
      victim.process.waitFor();
      await(
          "another worker takes the cell",
          Duration.ofMinutes(2),
          () -> s.cells(run).get(0).worker().filter(w -> !w.equals(victim.name)).isPresent());
      System.out.printf(
          "FARM kill -9 of %s to the cell running on %s: %.1f s%n",
          victim.name,
          s.cells(run).get(0).worker().orElseThrow(),
          (System.nanoTime() - killed) / 1e9);
      // The killed worker comes back (its make may still run, orphaned): what it left is cleared
      // before it takes anything.
      assertThat(left).exists();
      victim.start();
      assertThat(left).doesNotExist();
      await(
          "the run ends",
          Duration.ofMinutes(10),
          () -> s.run(run).orElseThrow().status() == RunStatus.DONE);
      CellRow done = s.cells(run).get(0);
      assertThat(done.worker()).isNotEqualTo(first.worker());
      assertThat(attempts(run, done.key())).isEqualTo(2);
      assertOnceEach(run, 1);
      show(run);

      Map<String, String> local = results(local("matrix", "run", m.toString(), "--format", "json"));
      assertThat(Map.of(label(done), outcome(done))).isEqualTo(local);
    }
  }

  /**
   * A worker frozen (SIGSTOP) until it is given up for dead, then thawed: another worker has built
   * its cell meanwhile, and the thawed one's result is dropped, not recorded a second time.
   */
  @Test
  @Order(4)
  void aWorkerGivenUpForDeadThatComesBackRecordsNothing() throws Exception {
    String run = queue(quickMatrix());
    try (Store s = Store.open(url)) {
      CellRow held = running(s, run);
      Worker frozen = workers.get(held.worker().orElseThrow());
      signal("STOP", frozen.process.pid());
      try {
        await(
            "another worker builds the frozen one's cell",
            Duration.ofMinutes(3),
            () -> s.cell(run, held.key()).orElseThrow().finished());
      } finally {
        signal("CONT", frozen.process.pid());
      }
      await(
          "the run ends",
          Duration.ofMinutes(5),
          () -> s.run(run).orElseThrow().status() == RunStatus.DONE);
      CellRow done = s.cell(run, held.key()).orElseThrow();
      assertThat(done.worker()).isNotEqualTo(held.worker());
      String label = label(done) + " (run " + run + "): ";
      await(
          "the thawed worker drops its result",
          Duration.ofMinutes(2),
          () -> frozen.output().contains(label + "given to another worker meanwhile"));
      assertThat(results(s, run)).isEqualTo(localQuick);
      assertOnceEach(run, 8);
      show(run);
    }
  }

  /** PostgreSQL stops and starts again mid-run: the workers wait for it, and the run completes. */
  @Test
  @Order(5)
  void aPostgresRestartPausesTheWorkersAndTheRunCompletes() throws Exception {
    Path services = Path.of("scripts/test-services.sh").toAbsolutePath();
    String run = queue(quickMatrix());
    try (Store s = Store.open(url)) {
      await(
          "a cell finishes",
          Duration.ofMinutes(2),
          () -> s.cells(run).stream().anyMatch(CellRow::finished));
      shell("bash", services.toString(), "--stop");
      Thread.sleep(8_000);
      shell("bash", services.toString());
      await(
          "the run ends",
          Duration.ofMinutes(5),
          () -> s.run(run).orElseThrow().status() == RunStatus.DONE);
      assertThat(results(s, run)).isEqualTo(localQuick);
    }
    assertOnceEach(run, 8);
    show(run);
  }

  /** JobRunr's dashboard shows the farm's workers, to whoever has the password only. */
  @Test
  @Order(6)
  void theJobRunrDashboardShowsTheWorkersBehindItsPassword() throws Exception {
    int port;
    try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
      port = free.getLocalPort();
    }
    java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
    java.net.URI servers = URI.create("http://127.0.0.1:" + port + "/api/servers");
    try (Store s = Store.open(url);
        AutoCloseable dashboard = FarmQueue.open(s).dashboard(port, "s3cret")) {
      assertThat(get(http, servers, null).statusCode()).isEqualTo(401);
      assertThat(get(http, servers, "krt:guess").statusCode()).isEqualTo(401);
      var known = get(http, servers, "krt:s3cret");
      assertThat(known.statusCode()).isEqualTo(200);
      for (String w : workers.keySet()) {
        assertThat(known.body()).contains("\"" + w + "\"");
      }
    }
  }

  /**
   * SIGTERM stops a worker mid-cell without waiting for the heartbeat timeout: it kills its build
   * and hands the cell back, and another worker builds it.
   */
  @Test
  @Order(7)
  void aStoppedWorkerHandsItsCellBack() throws Exception {
    String run = queue(quickMatrix());
    try (Store s = Store.open(url)) {
      CellRow held = running(s, run);
      Worker stopped = workers.get(held.worker().orElseThrow());
      stopped.process.destroy(); // SIGTERM
      assertThat(stopped.process.waitFor(90, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
      assertThat(stopped.process.exitValue()).as("128 + SIGTERM, as the JVM ends").isEqualTo(143);
      assertThat(stopped.output())
          .contains(label(held) + " (run " + run + "): handed back (the worker is stopping)")
          .endsWith("krt worker " + stopped.name + ": stopped\n");
      await(
          "the run ends",
          Duration.ofMinutes(5),
          () -> s.run(run).orElseThrow().status() == RunStatus.DONE);
      CellRow done = s.cell(run, held.key()).orElseThrow();
      assertThat(done.worker()).isNotEqualTo(held.worker());
      assertThat(results(s, run)).isEqualTo(localQuick);
      stopped.start();
    }
    assertOnceEach(run, 8);
    show(run);
  }

  /** GET with basic auth as {@code user:password}, or none. */
  private static java.net.http.HttpResponse<String> get(
      java.net.http.HttpClient http, URI uri, String userPassword) throws Exception {
    java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(uri);
    if (userPassword != null) {
      b.header("Authorization", basic(userPassword));
    }
    return http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  private static String basic(String userPassword) {
    return "Basic "
        + java.util.Base64.getEncoder()
            .encodeToString(userPassword.getBytes(StandardCharsets.UTF_8));
  }

  // ---------------------------------------------------------------------------------------------

  /** A cell of the run that a worker builds now (waiting for one to start). */
  private static CellRow running(Store s, String run) throws Exception {
    await(
        "a cell starts",
        Duration.ofMinutes(2),
        () -> s.cells(run).stream().anyMatch(c -> c.status() == CellStatus.RUNNING));
    return s.cells(run).stream()
        .filter(c -> c.status() == CellStatus.RUNNING)
        .findFirst()
        .orElseThrow();
  }

  /** The run's table, which names the worker of each cell, in the test's output (for the notes). */
  private static void show(String run) throws Exception {
    System.out.println("FARM " + submitterRun("matrix", "show", run, "--db", url).stdout());
  }

  /** Each cell of the run has exactly one recorded result among all the workers' outputs. */
  private static void assertOnceEach(String run, int cells) throws Exception {
    // A worker says so just after it records the cell.
    await(
        "each worker says what it recorded",
        Duration.ofSeconds(30),
        () -> recorded(run).size() >= cells);
    Map<String, Integer> recorded = recorded(run);
    assertThat(recorded).as("results recorded per cell").hasSize(cells);
    assertThat(new HashSet<>(recorded.values())).containsExactly(1);
  }

  private static Map<String, Integer> recorded(String run) {
    Map<String, Integer> recorded = new LinkedHashMap<>();
    for (Worker w : workers.values()) {
      for (String l : w.output().lines().toList()) {
        java.util.regex.Matcher x =
            java.util.regex.Pattern.compile(
                    "^krt worker \\S+: (.*) \\(run " + run + "\\): (pass|fail|error) in ")
                .matcher(l);
        if (x.find()) {
          recorded.merge(x.group(1), 1, Integer::sum);
        }
      }
    }
    return recorded;
  }

  private static int attempts(String run, String key) throws Exception {
    try (Connection c = DriverManager.getConnection(url);
        var st =
            c.prepareStatement("SELECT attempt FROM cells WHERE run_id = ? AND cell_key = ?")) {
      st.setString(1, run);
      st.setString(2, key);
      try (var rs = st.executeQuery()) {
        rs.next();
        return rs.getInt(1);
      }
    }
  }

  private static Map<String, String> results(JsonNode run) {
    Map<String, String> out = new LinkedHashMap<>();
    for (JsonNode c : run.path("cells")) {
      out.put(
          c.path("kernel").asText()
              + " / "
              + c.path("toolchain").asText()
              + " / "
              + c.path("arch").asText()
              + " / "
              + c.path("config").asText(),
          c.path("status").asText()
              + " "
              + c.path("failed_step").asText("-")
              + " "
              + c.path("classification").asText("-"));
    }
    return out;
  }

  private static Map<String, String> results(Store s, String run) {
    Map<String, String> out = new LinkedHashMap<>();
    s.cells(run).forEach(c -> out.put(label(c), outcome(c)));
    return out;
  }

  private static String label(CellRow c) {
    return c.kernel() + " / " + c.toolchain() + " / " + c.arch() + " / " + c.config();
  }

  private static String outcome(CellRow c) {
    return c.status().wire()
        + " "
        + c.failedStep().orElse("-")
        + " "
        + c.classification().orElse("-");
  }

  private static JsonNode submitter(String... args) throws Exception {
    RunKrt.Result r = submitterRun(args);
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    return CliHarness.json(r);
  }

  /** Queues a farm run of the matrix (building every cell again) and returns its id. */
  private static String queue(Path matrix) throws Exception {
    return submitterText(
            "matrix", "run", matrix.toString(), "--db", url, "--farm", "--force", "--no-wait")
        .strip();
  }

  private static String submitterText(String... args) throws Exception {
    RunKrt.Result r = submitterRun(args);
    assertThat(r.exitCode()).as(r.stderr()).isZero();
    return r.stdout();
  }

  private static RunKrt.Result submitterRun(String... args) throws Exception {
    CliHarness h = new CliHarness(Files.createDirectories(tmp.resolve("submitter")));
    h.env.put("KRT_TOOLCHAINS", submitterToolchains.toString());
    return h.run(args);
  }

  /** The same matrix built here, into a store of its own. */
  private static JsonNode local(String... args) throws Exception {
    CliHarness h = new CliHarness(Files.createDirectories(tmp.resolve("local")));
    h.env.put("KRT_TOOLCHAINS", zooToolchains.toString());
    h.env.put("XDG_DATA_HOME", tmp.resolve("local/data").toString());
    RunKrt.Result r = h.run(args);
    assertThat(r.exitCode()).as(r.stderr()).isIn(0, 1);
    return CliHarness.json(r);
  }

  private static String sectionOf(String toml, String name) {
    int at = toml.indexOf("[toolchain.\"" + name + "\"]");
    int body = toml.indexOf('\n', at) + 1;
    int end = toml.indexOf("\n[", body);
    return toml.substring(body, end < 0 ? toml.length() : end + 1);
  }

  /** A {@code key = value} line of a toolchain section, as a regex replacement. */
  private static String line(String section, String key) {
    return java.util.regex.Matcher.quoteReplacement(
        section.lines().filter(l -> l.startsWith(key + " = ")).findFirst().orElseThrow());
  }

  private static String withoutSection(String toml, String name) {
    String head = "[toolchain.\"" + name + "\"]";
    int at = toml.indexOf(head);
    assertThat(at).as("the zoo has %s", name).isNotNegative();
    int end = toml.indexOf("\n[", at);
    return toml.substring(0, at) + (end < 0 ? "" : toml.substring(end + 1));
  }

  private static String gunzip(byte[] gz) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static void signal(String sig, long pid) throws Exception {
    shell("kill", "-" + sig, Long.toString(pid));
  }

  private static void shell(String... argv) throws Exception {
    Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(String.join(" ", argv) + ": " + out).isZero();
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws Exception {
    long end = System.nanoTime() + limit.toNanos();
    while (true) {
      boolean ok;
      try {
        ok = done.getAsBoolean();
      } catch (AssertionError e) {
        throw e;
      } catch (RuntimeException e) {
        ok = false; // the store is restarting, say
      }
      if (ok) {
        return;
      }
      if (System.nanoTime() > end) {
        StringBuilder b = new StringBuilder("timed out waiting: " + what);
        for (Worker w : workers.values()) {
          b.append("\n--- ").append(w.name).append(":\n").append(w.output());
        }
        throw new AssertionError(b.toString());
      }
      Thread.sleep(250);
    }
  }
}
