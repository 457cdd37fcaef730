package dev.krt.cli;

import dev.krt.app.KernelResolver;
import dev.krt.error.UserException;
import dev.krt.farm.FarmQueue;
import dev.krt.server.KrtServer;
import dev.krt.store.Store;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt serve}: the dashboard and HTTP API over the store. */
@Command(
    name = "serve",
    header =
        "Serves the dashboard and JSON API over krt's store (matrix runs, toolchains, kernels, features, distros).",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Serves krt's results over HTTP: matrix runs as a grid of kernels x toolchains (a failed cell",
      "shows its first error and its log with line numbers), this host's toolchains x kernels, kernel",
      "releases x Rust releases, features x toolchains and distributions. Every page has its JSON",
      "under /api (listed at /api). Remote runners report cells with POST /api/runs/{id}/cells and",
      "'Authorization: Bearer $KRT_TOKEN'; without KRT_TOKEN posting is off. Stop with Ctrl-C."
    },
    footer = {
      "",
      "Exit codes: 0 stopped, 2 bad option or the port is taken.",
      "",
      "Examples:",
      "  krt serve                                     http://127.0.0.1:8080/",
      "  KRT_TOKEN=$(openssl rand -hex 16) krt serve --bind 0.0.0.0 --port 9000 --kernel ~/src/linux"
    })
public final class ServeCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--bind",
      paramLabel = "ADDR",
      defaultValue = "127.0.0.1",
      description =
          "Address to listen on (default: ${DEFAULT-VALUE}; 0.0.0.0 for every interface).")
  String bind;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      defaultValue = "8080",
      description = "Port (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = {"-k", "--kernel"},
      paramLabel = "SRC",
      description =
          "Kernel sources for the toolchains and features pages (repeatable; directory, tarball or REPO@REF). Default: the current directory if it is a kernel tree, else krt's newest built-in policy.")
  List<String> kernels = new ArrayList<>();

  @Option(
      names = "--max-body",
      paramLabel = "BYTES",
      defaultValue = "1048576",
      description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
  long maxBody;

  @Option(
      names = "--farm-dashboard",
      paramLabel = "PORT",
      description =
          "Also serve JobRunr's dashboard of the farm's jobs and workers on PORT (every interface; user krt, password $KRT_TOKEN; PostgreSQL store).")
  Integer farmDashboard;

  @Mixin StoreOption store = new StoreOption();

  /** Set by tests to stop the server; otherwise it runs until the JVM is told to stop. */
  CountDownLatch stop = new CountDownLatch(1);

  /** The running server (tests read its port). */
  volatile KrtServer server;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws InterruptedException {
    if (port < 0 || port > 65535) {
      throw new UserException("--port must be from 0 to 65535");
    }
    if (maxBody < 1024) {
      throw new UserException("--max-body must be at least 1024 bytes");
    }
    List<String> ks = new ArrayList<>(kernels);
    if (ks.isEmpty() && KernelResolver.isKernelTree(ctx.cwd())) {
      ks.add(ctx.cwd().toString());
    }
    Optional<String> token =
        Optional.ofNullable(ctx.env().get("KRT_TOKEN")).filter(t -> !t.isBlank());
    if (farmDashboard != null && (farmDashboard < 1 || farmDashboard > 65535)) {
      throw new UserException("--farm-dashboard must be a port from 1 to 65535");
    }
    if (farmDashboard != null && token.isEmpty()) {
      throw new UserException(
          "--farm-dashboard needs KRT_TOKEN: JobRunr's dashboard listens on every interface, so it asks for it as its password");
    }
    Store db = store.open(ctx);
    AutoCloseable jobs = null;
    if (farmDashboard != null) {
      try {
        jobs = FarmQueue.open(db).dashboard(farmDashboard, token.get());
      } catch (RuntimeException e) {
        db.close();
        throw new UserException(
            "cannot serve the farm dashboard on port " + farmDashboard + ": " + rootMessage(e));
      }
    }
    try {
      server =
          new KrtServer(
                  db,
                  ctx.dirs().data(),
                  new KrtServer.Settings(bind, port, token, maxBody),
                  ctx.env(),
                  ctx.cwd(),
                  ks)
              .start();
    } catch (RuntimeException e) {
      closeQuietly(jobs);
      throw new UserException("cannot listen on " + bind + ":" + port + ": " + rootMessage(e));
    }
    String host = bind.contains(":") ? "[" + bind + "]" : bind;
    ctx.err()
        .println(
            "krt serve: http://"
                + host
                + ":"
                + server.port()
                + "/ (store "
                + db.url()
                + "; posting "
                + (token.isPresent() ? "on, with KRT_TOKEN" : "off: KRT_TOKEN not set")
                + ")");
    if (farmDashboard != null) {
      ctx.err()
          .println(
              "krt serve: the farm's JobRunr dashboard on port "
                  + farmDashboard
                  + " (every interface; user krt, password KRT_TOKEN)");
    }
    AutoCloseable farmJobs = jobs;
    Thread hook =
        new Thread(
            () -> {
              server.close();
              closeQuietly(farmJobs);
            },
            "krt-serve-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stop.await();
    } finally {
      server.close();
      closeQuietly(farmJobs);
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
    }
    return ExitCodes.OK;
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception e) {
      // stopping anyway
    }
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return Optional.ofNullable(c.getMessage()).orElse(c.getClass().getSimpleName());
  }
}
