package dev.krt.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a real program (dash, sed, git) as a test oracle, independent of krt's own {@code
 * dev.krt.process} code. Always with a timeout; a run that exceeds it is killed with its children
 * and reported as an {@link AssertionError}.
 */
public final class RealProcess {
  private RealProcess() {}

  /** What a run produced; text accessors decode as Latin-1 so every byte survives. */
  public record Result(int exitCode, byte[] stdout, byte[] stderr) {
    public String out() {
      return new String(stdout, StandardCharsets.ISO_8859_1);
    }

    public String err() {
      return new String(stderr, StandardCharsets.ISO_8859_1);
    }
  }

  /** Default environment for oracles: C locale, a plain PATH, nothing else. */
  public static final Map<String, String> C_ENV = Map.of("PATH", "/usr/bin:/bin", "LC_ALL", "C");

  public static Result run(
      List<String> argv, Map<String, String> env, byte[] stdin, Path cwd, Duration timeout) {
    ProcessBuilder pb = new ProcessBuilder(argv);
    pb.environment().clear();
    pb.environment().putAll(env);
    if (cwd != null) {
      pb.directory(cwd.toFile());
    }
    Process p;
    try {
      p = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + argv, e);
    }
    CompletableFuture<byte[]> out = drain(p.getInputStream());
    CompletableFuture<byte[]> err = drain(p.getErrorStream());
    try (OutputStream os = p.getOutputStream()) {
      if (stdin != null) {
        os.write(stdin);
      }
    } catch (IOException e) {
      // the program did not read all of its stdin
    }
    try {
      if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        throw new AssertionError("timed out after " + timeout + ": " + argv);
      }
      return new Result(
          p.exitValue(), out.get(10, TimeUnit.SECONDS), err.get(10, TimeUnit.SECONDS));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new AssertionError("interrupted", e);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new AssertionError("cannot read output of " + argv, e);
    }
  }

  public static Result run(List<String> argv, byte[] stdin) {
    return run(argv, C_ENV, stdin, null, Duration.ofSeconds(20));
  }

  /** {@code /bin/sh -c SCRIPT sh ARGS...} in the C locale. */
  public static Result sh(String script, String... args) {
    List<String> argv = new java.util.ArrayList<>(List.of("/bin/sh", "-c", script, "sh"));
    argv.addAll(List.of(args));
    return run(argv, null);
  }

  private static CompletableFuture<byte[]> drain(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            return in.readAllBytes();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        },
        r -> {
          Thread t = new Thread(r, "real-process-drain");
          t.setDaemon(true);
          t.start();
        });
  }
}
