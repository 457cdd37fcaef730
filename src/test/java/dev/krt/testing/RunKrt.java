package dev.krt.testing;

import dev.krt.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/** Runs krt in-process with captured streams, as a user would run it from a shell. */
public final class RunKrt {
  private RunKrt() {}

  /** What one krt run produced. Streams are decoded as Latin-1 so every byte survives. */
  public record Result(int exitCode, String stdout, String stderr) {}

  public static Result run(Map<String, String> env, Path cwd, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream o = new PrintStream(out, true, StandardCharsets.ISO_8859_1);
    PrintStream e = new PrintStream(err, true, StandardCharsets.ISO_8859_1);
    int code = new Main(o, e, env, cwd).run(args);
    o.flush();
    e.flush();
    return new Result(
        code, out.toString(StandardCharsets.ISO_8859_1), err.toString(StandardCharsets.ISO_8859_1));
  }
}
