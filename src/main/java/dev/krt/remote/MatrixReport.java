package dev.krt.remote;

import dev.krt.matrix.MatrixPlan;
import dev.krt.matrix.MatrixRunner;
import dev.krt.store.CellRow;
import dev.krt.store.Store;
import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code krt matrix run --report URL}: each cell goes to a remote {@code krt serve} as soon as it
 * finishes, reused cells at the end. A server that cannot be reached costs a warning, never the
 * build: the results are in the local store either way.
 */
public final class MatrixReport extends MatrixRunner.Forwarding {
  private final RemoteReporter reporter;
  private final Store store;
  private final PrintStream err;
  private final URI url;
  private final Set<String> sent = ConcurrentHashMap.newKeySet();
  private volatile String remoteRun;
  private volatile String problem;

  public MatrixReport(
      MatrixRunner.Listener progress, URI url, String token, Store store, PrintStream err) {
    super(progress);
    this.url = url;
    this.reporter = new RemoteReporter(url, token, Duration.ofSeconds(30));
    this.store = store;
    this.err = err;
  }

  /** Creates the remote run; false (with a warning) when the server does not take it. */
  public boolean open(String matrix, String host) {
    try {
      remoteRun = reporter.createRun(matrix, host);
      return true;
    } catch (RemoteReporter.Failed e) {
      warn(e.getMessage());
      return false;
    }
  }

  @Override
  public void finished(MatrixPlan.Cell cell, CellRow row) {
    super.finished(cell, row);
    send(row);
  }

  /** Sends what has not gone yet (cells reused from earlier runs); a one-line summary. */
  public String finish(String localRun) {
    if (remoteRun == null) {
      return "report: nothing sent to " + url;
    }
    for (CellRow c : store.cells(localRun)) {
      if (c.finished()) {
        send(c);
      }
    }
    return "report: "
        + sent.size()
        + " cells sent to "
        + url.resolve("/runs/" + remoteRun)
        + (problem == null ? "" : " (" + problem + ")");
  }

  private void send(CellRow row) {
    if (remoteRun == null || sent.contains(row.key())) {
      return;
    }
    try {
      reporter.report(
          remoteRun, row, store.steps(row.runId(), row.key()), store.tests(row.runId(), row.key()));
      sent.add(row.key());
    } catch (RemoteReporter.Failed e) {
      warn(e.getMessage());
    }
  }

  private synchronized void warn(String msg) {
    if (problem == null) {
      problem = "some cells were not sent";
    }
    err.println("krt: report: " + msg);
  }
}
