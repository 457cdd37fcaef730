package dev.krt.knowledge.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code /etc/os-release}: which distribution this is (for its package naming and notes). */
public record OsRelease(String id, String idLike, String prettyName, String versionId) {

  public static OsRelease read(Path file) {
    Map<String, String> m = new HashMap<>();
    try {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int eq = line.indexOf('=');
        if (eq > 0 && !line.startsWith("#")) {
          String v = line.substring(eq + 1).trim();
          if (v.length() >= 2
              && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
          }
          m.put(line.substring(0, eq).trim(), v);
        }
      }
    } catch (IOException e) {
      // no os-release: an unknown Linux
    }
    return new OsRelease(
        m.getOrDefault("ID", "linux"),
        m.getOrDefault("ID_LIKE", ""),
        m.getOrDefault("PRETTY_NAME", "Linux"),
        m.getOrDefault("VERSION_ID", ""));
  }

  public boolean is(String distroId) {
    return id.equals(distroId) || (" " + idLike + " ").contains(" " + distroId + " ");
  }
}
