package dev.krt.kernel.kconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code .config} as Kconfig wrote it: {@code CONFIG_X=value} lines, and {@code # CONFIG_X is not
 * set} for a visible symbol that is {@code n}. A symbol it does not mention is {@code n} (its
 * dependencies are not met, or it is not in this tree).
 *
 * @param values each symbol (without {@code CONFIG_}) and its value as the file writes it, strings
 *     quoted; {@code n} for "is not set"
 */
public record DotConfig(Map<String, String> values) {
  /** More than any real .config (allmodconfig is ~10 MiB); a bigger file is not one. */
  public static final long MAX_BYTES = 64L << 20;

  public DotConfig {
    values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
  }

  public static DotConfig parse(String text) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : text.split("\n", -1)) {
      if (line.startsWith("CONFIG_")) {
        int eq = line.indexOf('=');
        if (eq > 7) {
          out.put(line.substring(7, eq), line.substring(eq + 1));
        }
      } else if (line.startsWith("# CONFIG_") && line.endsWith(" is not set")) {
        out.put(line.substring(9, line.length() - " is not set".length()), "n");
      }
    }
    return new DotConfig(out);
  }

  /** The file, or an empty config when there is none. */
  public static DotConfig read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return new DotConfig(Map.of());
    }
    if (Files.size(file) > MAX_BYTES) {
      throw new IOException(file + " is over " + (MAX_BYTES >> 20) + " MiB: not a .config");
    }
    return parse(Files.readString(file, StandardCharsets.ISO_8859_1));
  }

  /** A symbol's value ({@code y}, {@code 108100}, text without quotes), if the file sets it. */
  public Optional<String> get(String symbol) {
    String v = values.get(symbol);
    if (v != null && v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
    }
    return Optional.ofNullable(v);
  }

  /** Whether a bool or tristate symbol is {@code y} or {@code m}. */
  public boolean enabled(String symbol) {
    String v = values.get(symbol);
    return "y".equals(v) || "m".equals(v);
  }
}
