package dev.krt.cli;

/** Phase timings on stderr when {@code KRT_TIMING=1}: what benchmarks and start-up work look at. */
final class Timing {
  private final KrtContext ctx;
  private final boolean on;
  private long last = System.nanoTime();

  Timing(KrtContext ctx) {
    this.ctx = ctx;
    this.on = "1".equals(ctx.env().get("KRT_TIMING"));
    if (on) {
      // Process start to here: JVM start-up, class loading, option parsing.
      long up = ProcessHandle.current().info().startInstant().map(t -> java.time.Duration.between(t, java.time.Instant.now()).toMillis()).orElse(-1L);
      ctx.err().println("krt timing: start-up " + up + " ms");
    }
  }

  void mark(String phase) {
    if (on) {
      long now = System.nanoTime();
      ctx.err().println("krt timing: " + phase + " " + (now - last) / 1_000_000 + " ms");
      last = now;
    }
  }
}
