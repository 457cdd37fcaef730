package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.farm.FarmQueue;
import dev.krt.farm.FarmWorker;
import dev.krt.store.Store;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt worker}: this machine's share of a build farm. */
@Command(
    name = "worker",
    header =
        "Builds the cells of farm runs (krt matrix run --farm) with this machine's toolchains.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Takes cells of farm runs from the PostgreSQL store (JobRunr jobs) and builds them with this",
      "machine's kernels, toolchains and cores, recording each result, its steps, metadata.json and",
      "compressed log in the store. A cell is built only if this machine plans it to the same cell",
      "key (the same kernel contents and toolchain); otherwise the worker says why in the cell's",
      "record and leaves it to the others. A worker that dies costs only the cell it was building:",
      "after 20 s without its heartbeat, another worker builds it. Runs until SIGTERM or Ctrl-C,",
      "which hand the cells being built back to the farm. See docs/farm.md."
    },
    footer = {
      "",
      "Exit codes: 143 stopped by SIGTERM (128 + 15, as the JVM reports it), 130 by Ctrl-C, 2 bad",
      "option or store.",
      "",
      "Examples:",
      "  krt worker --db 'jdbc:postgresql://db.example.org/krt?user=krt'",
      "  KRT_DB=jdbc:postgresql://db/krt?user=krt krt worker --name build-2 --jobs 2"
    })
public final class WorkerCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      description = "How the worker is shown in results (default: the host name).")
  String name;

  @Option(
      names = {"-j", "--jobs"},
      paramLabel = "N",
      defaultValue = "1",
      description = "Cells built at the same time; make -j shares the cores out (default: 1).")
  int jobs;

  @Mixin StoreOption store = new StoreOption();

  /** The running worker (tests stop it). */
  volatile FarmWorker worker;

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    if (jobs < 1 || jobs > 64) {
      throw new UserException("--jobs must be from 1 to 64");
    }
    String n = name != null ? name : MatrixRunCommand.host();
    if (n.isBlank() || n.length() > 64 || !n.matches("[A-Za-z0-9._@:+-]+")) {
      throw new UserException(
          "--name: 1 to 64 letters, digits and ._@:+- (got '" + n.replace('\0', '?') + "')");
    }
    try (Store db = store.open(ctx)) {
      FarmQueue queue = FarmQueue.open(db);
      int cores = Runtime.getRuntime().availableProcessors();
      FarmWorker w =
          new FarmWorker(
              db,
              queue,
              ctx.dirs().data(),
              ctx.env(),
              ctx.cwd(),
              ctx.dirs().cache(),
              new FarmWorker.Options(n, jobs, cores),
              ctx.out());
      w.start();
      worker = w;
      Thread hook = new Thread(w::stop, "krt-worker-stop");
      Runtime.getRuntime().addShutdownHook(hook);
      ctx.out()
          .println(
              "krt worker "
                  + n
                  + ": taking cells from "
                  + db.url()
                  + " ("
                  + jobs
                  + " at a time, make -j"
                  + Math.max(1, cores / jobs)
                  + ", builds in "
                  + ctx.dirs().data().resolve("worker")
                  + "); stop with SIGTERM or Ctrl-C");
      ctx.out().flush();
      w.awaitStop();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // shutting down
      }
      return ExitCodes.OK;
    }
  }
}
