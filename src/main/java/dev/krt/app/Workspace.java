package dev.krt.app;

import dev.krt.cache.KrtDirs;
import java.nio.file.Path;
import java.util.Map;

/**
 * What a use case may see of the caller's world: its environment (PATH, ARCH, RUSTC, KRT_*) and
 * working directory. The CLI passes its process's; {@code krt serve} passes the one it started in.
 */
public record Workspace(Map<String, String> env, Path cwd) {
  public KrtDirs dirs() {
    return KrtDirs.fromEnvironment(env);
  }
}
