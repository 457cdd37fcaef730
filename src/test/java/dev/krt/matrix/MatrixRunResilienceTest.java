package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.store.CellRow;
import dev.krt.store.CellStatus;
import dev.krt.store.RunRow;
import dev.krt.store.RunStatus;
import dev.krt.store.Store;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RealProcess;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A matrix run survives what happens to real runs: {@code kill -9} and {@code --resume}, SIGTERM, a
 * step that hangs, a disk that fills up. Real make on Debian's 6.12 tree with zoo toolchains
 * (rustavailable and config steps: seconds per cell, not minutes).
 */
class MatrixRunResilienceTest {
  @TempDir Path tmp;
  CliHarness krt;
  Path zoo;
  String db;

  @BeforeEach
  void setUp() throws IOException {
    zoo = Zoo.require();
    krt = new CliHarness(tmp);
    krt.env.put("XDG_DATA_HOME", tmp.resolve("data").toString());
    db = "jdbc:sqlite:" + tmp.resolve("db/krt.db");
    krt.env.put("KRT_DB", db);
  }

  Path matrix(String toolchains, String steps, String extra) throws IOException {
    Path f = tmp.resolve("matrix.yaml");
    Files.writeString(
        f,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains-file: %s
        toolchains: [%s]
        configs:
          - name: rust
            fragments: [CONFIG_RUST=y]
        steps: [%s]
        %s
        """
            .formatted(
                zoo.resolve("kernels/linux-source-6.12"),
                zoo.resolve("toolchains.toml"),
                toolchains,
                steps,
                extra));
    return f;
  }

  /** krt in its own JVM, as a user runs it, so it can be killed. */
  Process spawn(String... args) throws IOException {
    ProcessBuilder pb =
        new ProcessBuilder(dev.krt.testing.ChildKrt.argv(List.of(), args))
            .redirectOutput(tmp.resolve("spawn.out").toFile())
            .redirectError(tmp.resolve("spawn.err").toFile());
    pb.environment().clear();
    pb.environment().putAll(krt.env);
    return pb.start();
  }

  @Test
  void aRunKilledWithSigkillResumesWithoutLosingOrRepeatingACell() throws Exception {
    Path m =
        matrix("rustc-web-1.85, rustc-web-1.96, rustc-1.63", "rustavailable, config", "jobs: 1");
    Process p = spawn("matrix", "run", m.toString());
    Store store = Store.open(db);
    String runId = null;
    CellRow first = null;
    long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
    // Kill it while the second cell builds, the first one recorded.
    while (System.nanoTime() < deadline) {
      List<RunRow> runs = store.runs();
      if (!runs.isEmpty()) {
        runId = runs.get(0).id();
        List<CellRow> cells = store.cells(runId);
        if (cells.get(0).finished() && cells.get(1).status() == CellStatus.RUNNING) {
          first = cells.get(0);
          break;
        }
      }
      assertThat(p.isAlive())
          .as("krt ended before it could be killed: " + Files.readString(tmp.resolve("spawn.err")))
          .isTrue();
      Thread.sleep(200);
    }
    assertThat(first).as("never saw the second cell running").isNotNull();
    List<ProcessHandle> builds = p.toHandle().descendants().toList();
    p.destroyForcibly().waitFor();
    assertThat(p.exitValue()).isEqualTo(137);

    assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
    assertThat(store.cells(runId).get(1).status()).isEqualTo(CellStatus.RUNNING);
    assertThat(integrity(db)).isEqualTo("ok");

    RunKrt.Result r = krt.run("matrix", "run", "--resume", runId);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1); // rustc 1.63 fails, as it must
    List<CellRow> after = store.cells(runId);
    assertThat(after).extracting(c -> c.status().wire()).containsExactly("pass", "pass", "fail");
    // The cell finished before the kill was not built again.
    assertThat(after.get(0).finishedAt()).isEqualTo(first.finishedAt());
    assertThat(after.get(0).startedAt()).isEqualTo(first.startedAt());
    for (CellRow c : after) {
      assertThat(store.steps(runId, c.key())).hasSize(2);
    }
    assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.DONE);
    assertThat(integrity(db)).isEqualTo("ok");
    assertThat(builds)
        .as("no build of the killed krt outlives the resume")
        .noneMatch(StepProcess::running);

    RunKrt.Result again = krt.run("matrix", "run", "--resume", runId);
    assertThat(again.exitCode()).isEqualTo(2);
    assertThat(again.stderr()).contains("is complete; nothing to resume");
  }

  @Test
  void twoRunsOfTheSameCellTakeTurnsWithItsBuildDirectory() throws Exception {
    Path m = matrix("rustc-web-1.85", "rustavailable, config", "");
    Process first = spawn("matrix", "run", m.toString(), "--force");
    Store store = Store.open(db);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    while (System.nanoTime() < deadline
        && !(store.runs().size() == 1
            && store.cells(store.runs().get(0).id()).get(0).status() == CellStatus.RUNNING
            && first.toHandle().descendants().findAny().isPresent())) {
      Thread.sleep(100);
    }
    // The second run starts while the first is building the same cell in the same O= directory.
    RunKrt.Result second = krt.run("matrix", "run", m.toString(), "--force");
    assertThat(first.waitFor(2, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
    assertThat(first.exitValue()).as(Files.readString(tmp.resolve("spawn.err"))).isEqualTo(0);
    assertThat(second.exitCode()).as(second.stderr()).isEqualTo(0);
    List<RunRow> runs = store.runs();
    assertThat(runs).hasSize(2);
    CellRow a = store.cells(runs.get(1).id()).get(0);
    CellRow b = store.cells(runs.get(0).id()).get(0);
    assertThat(a.status()).isEqualTo(CellStatus.PASS);
    assertThat(b.status()).isEqualTo(CellStatus.PASS);
    // One after the other: the second began building only when the first was done.
    assertThat(b.finishedAt().orElseThrow() - b.durationMs().orElseThrow())
        .isGreaterThanOrEqualTo(a.finishedAt().orElseThrow() - 1000);
  }

  @Test
  void sigtermStopsTheBuildAndLeavesTheRunResumable() throws Exception {
    Path m = matrix("rustc-web-1.85", "rustavailable, config", "");
    Process p = spawn("matrix", "run", m.toString());
    Store store = Store.open(db);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    String runId = null;
    while (System.nanoTime() < deadline && runId == null) {
      List<RunRow> runs = store.runs();
      if (!runs.isEmpty()
          && store.cells(runs.get(0).id()).get(0).status() == CellStatus.RUNNING
          && p.toHandle().descendants().findAny().isPresent()) {
        runId = runs.get(0).id();
      }
      Thread.sleep(100);
    }
    assertThat(runId).isNotNull();
    Thread.sleep(1000);
    List<ProcessHandle> builds = p.toHandle().descendants().toList();
    p.destroy(); // SIGTERM
    assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    assertThat(store.run(runId).orElseThrow().status()).isEqualTo(RunStatus.INTERRUPTED);
    assertThat(store.cells(runId).get(0).status()).isEqualTo(CellStatus.PENDING);
    assertThat(builds)
        .as("make and its children were stopped with krt")
        .noneMatch(StepProcess::running);
  }

  /**
   * A matrix whose one cell's rustc hangs under make (as a broken or deadlocked compiler would) and
   * answers krt's own probes normally (the kernel's test suite fakes programs the same way); the
   * hanging rustc writes its pid to {@code pidFile}.
   */
  Path hangingMatrix(String name, Path pidFile, String extra) throws IOException {
    Path fake = Files.createDirectories(tmp.resolve("fake-" + name));
    Path rustc = fake.resolve("rustc");
    Files.writeString(
        rustc,
        """
        #!/bin/sh
        if [ -n "$MAKELEVEL" ]; then echo $$ > %s; exec sleep 600; fi
        exec %s "$@"
        """
            .formatted(pidFile, Zoo.bin("rustc-web-1.85", "rustc")));
    rustc.toFile().setExecutable(true);
    Path f = tmp.resolve(name + ".yaml");
    Files.writeString(
        f,
        """
        kernels: [%s]
        toolchains:
          - name: hangs
            rustc: %s
            bindgen: %s
            llvm: "-19"
        configs: [defconfig]
        steps: [rustavailable]
        %s
        """
            .formatted(
                zoo.resolve("kernels/linux-source-6.12"),
                rustc,
                Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
                extra));
    return f;
  }

  @Test
  void aHangingStepIsKilledAtItsTimeoutAndRecordedAsSuch() throws Exception {
    Path pidFile = tmp.resolve("hung.pid");
    Path f = hangingMatrix("hang", pidFile, "timeouts:\n  rustavailable: 3s\n");
    long t0 = System.nanoTime();
    RunKrt.Result r = krt.run("matrix", "run", f.toString(), "--format", "json");
    assertThat((System.nanoTime() - t0) / 1_000_000_000).isLessThan(60);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(1);
    var cell = CliHarness.json(r).path("cells").get(0);
    assertThat(cell.path("classification").asText()).isEqualTo("timeout");
    assertThat(cell.path("first_error").asText())
        .isEqualTo("step 'rustavailable' did not finish within 3s; krt killed it");
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    assertThat(ProcessHandle.of(pid).map(StepProcess::running).orElse(false))
        .as("the hung rustc was killed")
        .isFalse();
  }

  /** --resume of a run another krt on this host is still building is refused, not doubled. */
  @Test
  void aSecondResumeOfALiveRunIsRefused() throws Exception {
    Path pidFile = tmp.resolve("live.pid");
    Path f = hangingMatrix("live", pidFile, "");
    Process p = spawn("matrix", "run", f.toString());
    try {
      long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
      while (!Files.exists(pidFile) && System.nanoTime() < deadline) {
        assertThat(p.isAlive()).as(Files.readString(tmp.resolve("spawn.err"))).isTrue();
        Thread.sleep(200);
      }
      assertThat(pidFile).as("the cell started building").exists();
      long building = Long.parseLong(Files.readString(pidFile).trim());
      String runId;
      try (Store store = Store.open(db)) {
        runId = store.runs().get(0).id();
      }
      RunKrt.Result r = krt.run("matrix", "run", "--resume", runId);
      assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
      assertThat(r.stderr()).contains("is still being built by krt (pid " + p.pid() + ")");
      assertThat(ProcessHandle.of(building).map(StepProcess::running).orElse(false))
          .as("the live run's build goes on")
          .isTrue();
    } finally {
      p.destroy();
      p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
      p.destroyForcibly();
    }
  }

  @Test
  void aFullDiskStopsTheRunAndLosesNothing() throws Exception {
    Path data = Files.createDirectories(tmp.resolve("small"));
    RealProcess.Result mount =
        RealProcess.run(
            List.of("mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", data.toString()),
            RealProcess.C_ENV,
            null,
            null,
            Duration.ofSeconds(20));
    assertThat(mount.exitCode())
        .as("mounting a small tmpfs (tests run as root): " + mount.err())
        .isEqualTo(0);
    try {
      krt.env.put("XDG_DATA_HOME", data.toString());
      Path m = matrix("rustc-web-1.85, rustc-web-1.96", "rustavailable, config", "jobs: 1");
      RunKrt.Result r = krt.run("matrix", "run", m.toString());
      assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
      assertThat(r.stderr()).contains("krt: run stopped: no space left on device");
      Store store = Store.open(db);
      RunRow run = store.runs().get(0);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(store.cells(run.id())).extracting(c -> c.status().wire()).containsOnly("pending");
    } finally {
      RealProcess.run(
          List.of("umount", data.toString()),
          RealProcess.C_ENV,
          null,
          null,
          Duration.ofSeconds(20));
    }
    // Space again (the directory without the small mount on it): the run completes.
    Store store = Store.open(db);
    String runId = store.runs().get(0).id();
    RunKrt.Result r = krt.run("matrix", "run", "--resume", runId);
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(0);
    assertThat(store.cells(runId))
        .extracting(c -> c.status().wire())
        .containsExactly("pass", "pass");
  }

  /**
   * Another program holds the store's write lock while a cell builds, longer than krt waits for it
   * (a real SQLITE_BUSY): the worker that cannot record its cell must stop the run as failed, not
   * vanish and leave it "done" with a cell never built; --resume then builds what is left.
   */
  @Test
  void aStoreThatFailsMidRunStopsTheRunAndResumes() throws Exception {
    Path dbFile = tmp.resolve("busy/krt.db");
    String busyDb = "jdbc:sqlite:" + dbFile;
    krt.env.put("KRT_DB", busyDb);
    assertThat(krt.run("matrix", "runs").exitCode()).isZero(); // creates the store
    Path locked = tmp.resolve("locked");
    Path once = tmp.resolve("locked-once");
    // The lock outlasts krt's 30 s busy timeout once, and is gone 15 s later.
    Path locker = tmp.resolve("locker.py");
    Files.writeString(
        locker,
        "import sqlite3, time, pathlib\n"
            + "c = sqlite3.connect('"
            + dbFile
            + "', isolation_level=None)\n"
            + "c.execute('BEGIN EXCLUSIVE')\n"
            + "pathlib.Path('"
            + locked
            + "').touch()\n"
            + "time.sleep(45)\n"
            + "c.execute('ROLLBACK')\n");
    Path spy = tmp.resolve("locking-rustc");
    Files.writeString(
        spy,
        // Under make only (MAKELEVEL is make's), and once: planning probes rustc too.
        "#!/bin/sh\nif [ -n \"$MAKELEVEL\" ] && [ ! -e '"
            + once
            + "' ]; then touch '"
            + once
            + "'; setsid /usr/bin/python3 '"
            + locker
            + "' </dev/null >/dev/null 2>&1 &\n"
            + "  i=0; while [ ! -e '"
            + locked
            + "' ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done\nfi\nexec '"
            + Zoo.bin("rustc-web-1.85", "rustc")
            + "' \"$@\"\n");
    Files.setPosixFilePermissions(
        spy, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
    Path m = tmp.resolve("locking.yaml");
    Files.writeString(
        m,
        """
        kernels:
          - name: "6.12"
            source: %s
        toolchains:
          - name: locking
            rustc: %s
            bindgen: %s
            llvm: "-19"
          - name: second
            rustc: %s
            bindgen: %s
            llvm: "-19"
        configs: [defconfig]
        steps: [rustavailable]
        jobs: 1
        """
            .formatted(
                zoo.resolve("kernels/linux-source-6.12"),
                spy,
                Zoo.bin("bindgen-0.71.1-lc19", "bindgen"),
                Zoo.bin("rustc-web-1.85", "rustc"),
                Zoo.bin("bindgen-0.71.1-lc19", "bindgen")));
    RunKrt.Result r = krt.run("matrix", "run", m.toString());
    assertThat(Files.exists(locked)).as("the store was locked during the build").isTrue();
    assertThat(r.exitCode()).as(r.stdout() + r.stderr()).isEqualTo(2);
    assertThat(r.stderr()).contains("the store failed").doesNotContain("Exception:");
    try (Store store = Store.open(busyDb)) {
      RunRow run = store.runs().get(0);
      assertThat(run.status()).isEqualTo(RunStatus.FAILED);
      assertThat(store.cells(run.id()).stream().filter(c -> !c.finished())).isNotEmpty();
      RunKrt.Result resumed = krt.run("matrix", "run", "--resume", run.id());
      assertThat(resumed.exitCode()).as(resumed.stdout() + resumed.stderr()).isIn(0, 1);
      assertThat(store.cells(run.id())).allMatch(CellRow::finished);
      assertThat(store.run(run.id()).orElseThrow().status()).isEqualTo(RunStatus.DONE);
    }
  }

  @Test
  void badInputIsOneLineAndRecordsNoRun() throws IOException {
    Path m = matrix("rustc-web-1.58", "rustavailable", "");
    RunKrt.Result r = krt.run("matrix", "run", m.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .isEqualTo(
            "krt: "
                + m
                + ":5: unknown toolchain 'rustc-web-1.58' (did you mean 'rustc-web-1.78'?); known: "
                + knownToolchains()
                + " (or give its programs: rustc:, bindgen:, ...)");

    Path missing = tmp.resolve("missing.yaml");
    Files.writeString(
        missing,
        "kernels: [/nope/linux]\ntoolchains: [rustc-web-1.85]\ntoolchains-file: "
            + zoo.resolve("toolchains.toml")
            + "\nconfigs: [defconfig]\nsteps: [rustavailable]\n");
    r = krt.run("matrix", "run", missing.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .isEqualTo(
            "krt: " + missing + ":1: kernel 'linux': no such file or directory: /nope/linux");

    r = krt.run("matrix", "run", "--resume", "20991231-000000-0000");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).startsWith("krt: no run '20991231-000000-0000' in jdbc:sqlite:");

    r = krt.run("matrix", "show");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr()).contains("no runs in").contains("yet");

    r = krt.run("matrix", "run", m.toString(), "--db", "jdbc:mysql://x/y");
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr().strip())
        .isEqualTo(
            "krt: not a store krt knows: 'jdbc:mysql://x/y' (jdbc:sqlite:FILE or jdbc:postgresql://HOST/DB)");
    assertThat(Store.open(db).runs()).isEmpty();
  }

  @Test
  void aTreeConfiguredInPlaceIsRefusedBeforeAnythingRuns() throws IOException {
    Path tree = Files.createDirectories(tmp.resolve("linux"));
    Files.writeString(tree.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n");
    Files.createDirectories(tree.resolve("scripts"));
    Files.writeString(tree.resolve(".config"), "CONFIG_RUST=y\n");
    Path f = tmp.resolve("inplace.yaml");
    Files.writeString(
        f,
        "kernels: ["
            + tree
            + "]\ntoolchains: [rustc-web-1.85]\ntoolchains-file: "
            + zoo.resolve("toolchains.toml")
            + "\nconfigs: [defconfig]\nsteps: [rustavailable]\n");
    RunKrt.Result r = krt.run("matrix", "run", f.toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.stderr())
        .contains(
            "has been configured in place; builds with O= need a clean tree ('make mrproper' there)");
  }

  private String knownToolchains() throws IOException {
    RunKrt.Result r =
        krt.run(
            "toolchains",
            "--toolchains",
            zoo.resolve("toolchains.toml").toString(),
            "--format",
            "json");
    List<String> names = new ArrayList<>();
    CliHarness.json(r).path("toolchains").forEach(t -> names.add(t.path("name").asText()));
    return String.join(", ", names);
  }

  static String integrity(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url);
        ResultSet rs = c.createStatement().executeQuery("PRAGMA integrity_check")) {
      rs.next();
      return rs.getString(1);
    }
  }
}
