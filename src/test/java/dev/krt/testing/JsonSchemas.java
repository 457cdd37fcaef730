package dev.krt.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The published schemas of the documents krt writes for other systems (KCIDB, GitLab CI, GitHub
 * Actions), read from the shared reference's {@code interop/} directory (never copied into the
 * project) and checked as their owners check them: draft-07 with format assertions on. Missing:
 * fails under CI, skips elsewhere ({@link Zoo#unavailable}).
 */
public final class JsonSchemas {
  public static final String KCIDB = "kcidb-schema-v5.3.json";
  public static final String GITLAB_CI = "gitlab-ci.schema.json";
  public static final String GITHUB_WORKFLOW = "github-workflow.schema.json";

  private static final ObjectMapper JSON = new ObjectMapper();
  // YAML through Jackson's own tree: keys are always strings ("on" stays "on", as GitHub reads it).
  private static final YAMLMapper YAML = new YAMLMapper();
  // A backslash-zero that is an escape, not an escaped backslash before a 0: after an even number
  // of backslashes.
  private static final Pattern NUL = Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\0");
  private static final Map<String, Schema> LOADED = new ConcurrentHashMap<>();

  private JsonSchemas() {}

  /** The KCIDB I/O schema v5.3 ({@code kcidb_io.schema.LATEST}). */
  public static Schema kcidb() {
    return schema(KCIDB);
  }

  /** GitLab's schema of {@code .gitlab-ci.yml}. */
  public static Schema gitlabCi() {
    return schema(GITLAB_CI);
  }

  /** SchemaStore's schema of a GitHub Actions workflow. */
  public static Schema githubWorkflow() {
    return schema(GITHUB_WORKFLOW);
  }

  /** A schema of the reference's {@code interop/} directory, loaded once. */
  public static Schema schema(String file) {
    return LOADED.computeIfAbsent(file, f -> load(interop(f)));
  }

  /** What the schema finds wrong with the document, one line each ({@code $.path: message}). */
  public static List<String> errors(Schema schema, JsonNode document) {
    return schema.validate(document).stream().map(Error::toString).toList();
  }

  /** A file of the reference's {@code interop/} directory. */
  public static Path interop(String file) {
    String r = System.getenv("KRT_REFERENCE");
    // Next to the checkout on the project's machines; CI's clean checkout may sit elsewhere.
    List<Path> roots =
        r != null && !r.isEmpty()
            ? List.of(Path.of(r))
            : List.of(
                Path.of("..", "shared", "reference").toAbsolutePath().normalize(),
                Path.of("/work/shared/reference"));
    for (Path root : roots) {
      Path p = root.resolve("interop").resolve(file);
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    Zoo.unavailable(
        "the reference schema interop/" + file + " is not under " + roots + " (set KRT_REFERENCE)");
    return roots.get(0).resolve("interop").resolve(file);
  }

  /** A JSON file as a tree. */
  public static JsonNode readJson(Path file) {
    try {
      return JSON.readTree(file.toFile());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A YAML document as a tree, to check a pipeline file against its JSON schema. */
  public static JsonNode readYaml(String text) {
    try {
      return YAML.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static JsonNode readYaml(Path file) {
    try {
      return readYaml(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A draft-07 schema file, as its owners validate with it: formats are assertions. */
  public static Schema load(Path file) {
    JsonNode tree = readJson(file);
    javaPatterns(tree);
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder().formatAssertionsEnabled(true).build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_7, b -> b.schemaRegistryConfig(config));
    Schema schema = registry.getSchema(tree);
    // Compiles every keyword (and every pattern) now, not at the first document that reaches it.
    schema.initializeValidators();
    return schema;
  }

  /**
   * KCIDB's patterns say "no NUL" as {@code [^\0]}, which Python's and ECMAScript's regexes read as
   * NUL but java.util.regex rejects ("Illegal octal escape"); {@code \x00} means the same to both.
   */
  static void javaPatterns(JsonNode n) {
    if (n instanceof ObjectNode o) {
      for (String k : o.properties().stream().map(Map.Entry::getKey).toList()) {
        JsonNode v = o.get(k);
        if (k.equals("pattern") && v.isTextual()) {
          o.put(k, NUL.matcher(v.asText()).replaceAll("$1\\\\x00"));
        } else {
          javaPatterns(v);
        }
      }
    } else if (n instanceof ArrayNode a) {
      a.forEach(JsonSchemas::javaPatterns);
    }
  }
}
