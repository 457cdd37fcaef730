package dev.krt.cache;

import java.nio.file.Path;
import java.util.Map;

/**
 * krt's places on disk, following the XDG base directory spec: cache in {@code $XDG_CACHE_HOME/krt}
 * (default {@code ~/.cache/krt}), data in {@code $XDG_DATA_HOME/krt}, config in {@code
 * $XDG_CONFIG_HOME/krt}. Without HOME (the kernel runs its checker with a bare environment) krt
 * falls back to a per-user directory under {@code /tmp}.
 */
public record KrtDirs(Path cache, Path data, Path config) {

  public static KrtDirs fromEnvironment(Map<String, String> env) {
    String home = nonEmpty(env.get("HOME"));
    Path fallback =
        Path.of(System.getProperty("java.io.tmpdir"), "krt-" + System.getProperty("user.name"));
    Path cache = xdg(env, "XDG_CACHE_HOME", home, ".cache", fallback.resolve("cache"));
    Path data = xdg(env, "XDG_DATA_HOME", home, ".local/share", fallback.resolve("data"));
    Path config = xdg(env, "XDG_CONFIG_HOME", home, ".config", fallback.resolve("config"));
    if (nonEmpty(env.get("KRT_CACHE_DIR")) != null) {
      cache = Path.of(env.get("KRT_CACHE_DIR"));
    }
    return new KrtDirs(cache, data, config);
  }

  private static Path xdg(
      Map<String, String> env, String var, String home, String rel, Path fallback) {
    String v = nonEmpty(env.get(var));
    // The spec says relative values are invalid and must be ignored.
    if (v != null && v.startsWith("/")) {
      return Path.of(v, "krt");
    }
    if (home != null) {
      return Path.of(home, rel, "krt");
    }
    return fallback;
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
