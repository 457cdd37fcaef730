package dev.krt.toolchain;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * krt's toolchains file: named toolchains, one TOML table each.
 *
 * <pre>
 * [toolchain."web-1.96"]
 * rustc = "/opt/rust-1.96/bin/rustc"
 * bindgen = "/usr/local/bin/bindgen"
 * cc = "clang-22"
 * rust-lib-src = "/usr/src/rustc-1.96.0/library"
 * env = { LIBCLANG_PATH = "/usr/lib/llvm-22/lib" }
 * </pre>
 *
 * Found at {@code --toolchains FILE}, {@code $KRT_TOOLCHAINS}, or {@code
 * $XDG_CONFIG_HOME/krt/toolchains.toml}.
 */
public final class ToolchainsFile {
  private ToolchainsFile() {}

  private static final Set<String> KEYS =
      Set.of(
          "rustc",
          "rustdoc",
          "rustfmt",
          "clippy-driver",
          "bindgen",
          "cc",
          "rust-lib-src",
          "krustflags",
          "env",
          "description");

  /** A problem with the file, with where it is. */
  public static final class Invalid extends IOException {
    public Invalid(String msg) {
      super(msg);
    }
  }

  public static List<Toolchain> read(Path file, String defaultCc) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new Invalid("toolchains file not found: " + file);
    }
    String text;
    try {
      text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new Invalid(file + ": not a UTF-8 text file");
    }
    return parse(text, file.toString(), defaultCc);
  }

  /** Parses a toolchains file's text; {@code file} names it in messages. */
  public static List<Toolchain> parse(String text, String file, String defaultCc)
      throws IOException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JacksonException e) {
      com.fasterxml.jackson.core.JsonLocation loc = e.getLocation();
      String where =
          loc == null || loc.getLineNr() < 1 ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr();
      throw new Invalid(file + where + ": " + e.getOriginalMessage().split("\n")[0]);
    }
    List<Toolchain> out = new ArrayList<>();
    JsonNode tcs = root.path("toolchain");
    Iterator<String> top = root.fieldNames();
    while (top.hasNext()) {
      String k = top.next();
      if (!k.equals("toolchain")) {
        throw new Invalid(
            file + ": unknown top-level key '" + k + "' (expected [toolchain.NAME] tables)");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> it = tcs.fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      String name = e.getKey();
      JsonNode t = e.getValue();
      Iterator<String> keys = t.fieldNames();
      while (keys.hasNext()) {
        String k = keys.next();
        if (!KEYS.contains(k)) {
          throw new Invalid(
              file
                  + ": toolchain '"
                  + name
                  + "': unknown key '"
                  + k
                  + "' (known: "
                  + String.join(", ", new java.util.TreeSet<>(KEYS))
                  + ")");
        }
      }
      String rustc =
          text(t, "rustc")
              .orElseThrow(() -> new Invalid(file + ": toolchain '" + name + "' has no rustc"));
      Map<String, String> env = new LinkedHashMap<>();
      Iterator<Map.Entry<String, JsonNode>> ev = t.path("env").fields();
      while (ev.hasNext()) {
        Map.Entry<String, JsonNode> x = ev.next();
        if (!x.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new Invalid(
              file
                  + ": toolchain '"
                  + name
                  + "': not an environment variable name: '"
                  + x.getKey()
                  + "'");
        }
        env.put(x.getKey(), x.getValue().asText());
      }
      Iterator<Map.Entry<String, JsonNode>> all = t.fields();
      while (all.hasNext()) {
        Map.Entry<String, JsonNode> x = all.next();
        if (x.getValue().isTextual() && x.getValue().asText().indexOf('\0') >= 0) {
          throw new Invalid(
              file + ": toolchain '" + name + "': '" + x.getKey() + "' contains a NUL character");
        }
      }
      for (JsonNode v : (Iterable<JsonNode>) t.path("env")::elements) {
        if (v.asText().indexOf('\0') >= 0) {
          throw new Invalid(
              file + ": toolchain '" + name + "': an env value contains a NUL character");
        }
      }
      out.add(
          new Toolchain(
              name,
              "config",
              rustc,
              text(t, "rustdoc"),
              text(t, "rustfmt"),
              text(t, "clippy-driver"),
              text(t, "bindgen").orElse("bindgen"),
              text(t, "cc").orElse(defaultCc),
              text(t, "rust-lib-src"),
              text(t, "krustflags"),
              env,
              text(t, "description").orElse("from " + file)));
    }
    return out;
  }

  private static Optional<String> text(JsonNode t, String k) {
    JsonNode n = t.get(k);
    return n == null || n.isNull() || n.asText().isEmpty()
        ? Optional.empty()
        : Optional.of(n.asText());
  }

  /** The file krt reads when none is named: {@code $KRT_TOOLCHAINS} or the XDG config one. */
  public static Optional<Path> defaultLocation(Map<String, String> env, Path configDir) {
    String v = env.get("KRT_TOOLCHAINS");
    if (v != null && !v.isEmpty()) {
      return Optional.of(Path.of(v));
    }
    Path p = configDir.resolve("toolchains.toml");
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }
}
