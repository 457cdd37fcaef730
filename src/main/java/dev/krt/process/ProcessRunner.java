package dev.krt.process;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs external programs safely: argument arrays only, explicit environment, stdin closed or fed, a
 * timeout that kills the whole process tree, and capped output capture.
 */
public final class ProcessRunner implements ProcessExecutor {
  private static final File DEV_NULL = new File("/dev/null");

  /** Runs a program; never throws for program failures, only reports them. */
  @Override
  public ProcessResult run(ProcessSpec spec) {
    long t0 = System.nanoTime();
    ProcessBuilder pb = new ProcessBuilder(spec.argv());
    pb.environment().clear();
    pb.environment().putAll(ChildEnvironment.forChild(spec.env()));
    if (spec.cwd() != null) {
      pb.directory(spec.cwd().toFile());
    }
    if (spec.stdin() == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(DEV_NULL));
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      return startFailure(spec, e, t0);
    }
    Capture out = new Capture(p.getInputStream(), spec.outputCap());
    Capture err = new Capture(p.getErrorStream(), spec.outputCap());
    out.start();
    err.start();
    if (spec.stdin() != null) {
      // On a thread of its own: a program that never reads its input would block this write once
      // the pipe is full, before the timeout below had started.
      Thread feed =
          new Thread(
              () -> {
                try (OutputStream os = p.getOutputStream()) {
                  os.write(spec.stdin());
                } catch (IOException e) {
                  // The program closed its stdin early (or was killed); that is its business.
                }
              },
              "krt-stdin");
      feed.setDaemon(true);
      feed.start();
    }
    boolean timedOut = false;
    try {
      if (!p.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        timedOut = true;
        kill(p);
        p.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      kill(p);
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    out.await(2000);
    err.await(2000);
    int code = p.isAlive() ? 137 : p.exitValue();
    return new ProcessResult(
        code,
        out.bytes(),
        err.bytes(),
        timedOut,
        out.truncated || err.truncated,
        Optional.empty(),
        (System.nanoTime() - t0) / 1_000_000);
  }

  private static void kill(Process p) {
    List<ProcessHandle> kids = new ArrayList<>();
    p.descendants().forEach(kids::add);
    p.destroyForcibly();
    kids.forEach(ProcessHandle::destroyForcibly);
  }

  private static ProcessResult startFailure(ProcessSpec spec, IOException e, long t0) {
    String msg = String.valueOf(e.getMessage());
    int code;
    String why;
    if (msg.contains("error=2,")) {
      code = 127;
      why = "not found";
    } else if (msg.contains("error=13,")) {
      code = 126;
      why = "Permission denied";
    } else if (msg.contains("error=8,")) {
      code = 126;
      why = "Exec format error";
    } else {
      code = 126;
      int i = msg.indexOf("error=");
      why = i >= 0 ? msg.substring(i) : msg;
    }
    return new ProcessResult(
        code,
        new byte[0],
        new byte[0],
        false,
        false,
        Optional.of(why),
        (System.nanoTime() - t0) / 1_000_000);
  }

  /** Reads one stream to the end, keeping at most {@code cap} bytes. */
  private static final class Capture extends Thread {
    private final InputStream in;
    private final int cap;
    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    volatile boolean truncated;

    Capture(InputStream in, int cap) {
      super("krt-capture");
      setDaemon(true);
      this.in = in;
      this.cap = cap;
    }

    @Override
    public void run() {
      byte[] b = new byte[8192];
      try (in) {
        int r;
        while ((r = in.read(b)) >= 0) {
          int keep = Math.max(0, Math.min(r, cap - buf.size()));
          buf.write(b, 0, keep);
          if (keep < r) {
            truncated = true;
          }
        }
      } catch (IOException e) {
        // stream closed after a kill
      }
    }

    synchronized byte[] bytes() {
      return buf.toByteArray();
    }

    void await(long ms) {
      try {
        join(ms);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
