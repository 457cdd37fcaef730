package dev.krt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * krt run in-process as a user in a fresh home: a plain PATH, HOME and the cache under a test
 * directory, a working directory that is no kernel tree.
 */
public final class CliHarness {
  private final Path tmp;
  public final Map<String, String> env = new HashMap<>();

  public CliHarness(Path tmp) throws IOException {
    this.tmp = tmp;
    env.put("PATH", "/usr/local/bin:/usr/bin:/bin");
    env.put("HOME", Files.createDirectories(tmp.resolve("home")).toString());
    env.put("XDG_CACHE_HOME", tmp.resolve("cache").toString());
  }

  public RunKrt.Result run(String... args) throws IOException {
    return RunKrt.run(env, Files.createDirectories(tmp.resolve("cwd")), args);
  }

  public static JsonNode json(RunKrt.Result r) throws IOException {
    return new ObjectMapper().readTree(r.stdout());
  }
}
