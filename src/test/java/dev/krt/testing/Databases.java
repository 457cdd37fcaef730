package dev.krt.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;

/**
 * The PostgreSQL server scripts/test-services.sh starts (URL in $KRT_TEST_PG or /tmp/krt-pg/url).
 * Unreachable: fails under CI, skips elsewhere with a one-line reason.
 */
public final class Databases {
  private Databases() {}

  public static String postgres() {
    String url = System.getenv("KRT_TEST_PG");
    try {
      if (url == null || url.isEmpty()) {
        Path f = Path.of(System.getenv().getOrDefault("KRT_PG_ROOT", "/tmp/krt-pg"), "url");
        url = Files.isRegularFile(f) ? Files.readString(f).strip() : null;
      }
      if (url != null) {
        try (Connection c = DriverManager.getConnection(url)) {
          return url;
        }
      }
    } catch (Exception e) {
      url = url + " (" + e.getMessage() + ")";
    }
    Zoo.unavailable(
        "no PostgreSQL for tests"
            + (url == null ? "" : " at " + url)
            + " (run scripts/test-services.sh)");
    return null;
  }
}
