package dev.krt.cli;

import dev.krt.app.Stages;

/** Phase timings on stderr when {@code KRT_TIMING=1}: what benchmarks and start-up work look at. */
final class Timing implements Stages {
  private final KrtContext ctx;
  private final boolean on;
  private long last = System.nanoTime();

  Timing(KrtContext ctx) {
    this.ctx = ctx;
    this.on = "1".equals(ctx.env().get("KRT_TIMING"));
    if (on) {
      // Process start to here: JVM start-up, class loading, option parsing.
      ctx.err().println("krt timing: start-up " + sinceProcessStart() + " ms");
    }
  }

  /**
   * Milliseconds since the process started, to clock-tick precision: /proc/uptime minus the start
   * time in /proc/self/stat share one clock. (ProcessHandle's start instant adds the boot time,
   * known only to the second, so it can be off by up to a second.) -1 where /proc is missing.
   */
  static long sinceProcessStart() {
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/self/stat"));
      // Field 22 (starttime, in clock ticks); fields after the ")" of the command name start at 3.
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      long startTicks = Long.parseLong(f[22 - 3]);
      String uptime =
          java.nio.file.Files.readString(java.nio.file.Path.of("/proc/uptime")).split(" ")[0];
      double upSeconds = Double.parseDouble(uptime);
      // USER_HZ is 100 on every Linux architecture krt runs on.
      return Math.round(upSeconds * 1000 - startTicks * 10.0);
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  @Override
  public void mark(String phase) {
    if (on) {
      long now = System.nanoTime();
      ctx.err().println("krt timing: " + phase + " " + (now - last) / 1_000_000 + " ms");
      last = now;
    }
  }
}
