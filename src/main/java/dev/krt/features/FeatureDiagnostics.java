package dev.krt.features;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads rustc's JSON diagnostics for the feature probe: one {@code #![feature(NAME)]} per line, a
 * sentinel feature that must be unknown, then {@code extern crate proc_macro;}. Each diagnostic
 * belongs to the feature on the line of its primary span (message order differs between language
 * and library features, so lines are the key, not text). Method and pitfalls: the shared
 * feature-oracle notes.
 */
public final class FeatureDiagnostics {
  private FeatureDiagnostics() {}

  static final String SENTINEL = "zzz_krt_feature_probe_sentinel";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern SINCE =
      Pattern.compile("(?:stable|stabilized) since `?([0-9][^` ]*?)`?(?: and|$|\\s)");
  private static final Pattern SUCCESSOR =
      Pattern.compile("succeeded by the feature `([A-Za-z0-9_]+)`");
  private static final Pattern REMOVED_IN = Pattern.compile("removed in ([0-9][^;\\s]*);?");

  /** The probe's source text for these features (names must be identifiers). */
  public static String source(List<String> features) {
    StringBuilder b = new StringBuilder();
    for (String f : features) {
      b.append("#![feature(").append(f).append(")]\n");
    }
    b.append("#![feature(").append(SENTINEL).append(")]\n");
    b.append("extern crate proc_macro;\n");
    return b.toString();
  }

  /**
   * The statuses, from the probe's stderr.
   *
   * @return every feature's status; {@code conclusive} says whether "no diagnostic" may be read as
   *     unstable (the sentinel got its E0635), {@code problem} what went wrong otherwise
   */
  public static Result classify(List<String> features, String stderr) {
    Map<String, FeatureStatus> out = new LinkedHashMap<>();
    boolean sentinelUnknown = false;
    Optional<String> problem = Optional.empty();
    int jsonLines = 0;
    for (String line : stderr.split("\n")) {
      if (!line.startsWith("{")) {
        continue;
      }
      JsonNode d;
      try {
        d = JSON.readTree(line);
      } catch (Exception e) {
        continue; // not JSON after all
      }
      jsonLines++;
      String code = d.path("code").path("code").asText("");
      if (code.equals("E0554") || code.equals("E0725")) {
        problem =
            Optional.of(
                code
                    + ": "
                    + d.path("message").asText()
                    + " (RUSTC_BOOTSTRAP=1 not honoured, or -Zallow-features set)");
        continue;
      }
      int ln = primaryLine(d);
      if (ln < 1) {
        continue;
      }
      if (ln == features.size() + 1) {
        sentinelUnknown |= code.equals("E0635");
        continue;
      }
      if (ln > features.size()) {
        continue;
      }
      String f = features.get(ln - 1);
      String msg = d.path("message").asText("");
      List<String> children = new ArrayList<>();
      d.path("children").forEach(c -> children.add(c.path("message").asText(c.asText(""))));
      FeatureStatus s =
          switch (code) {
            case "stable_features" -> {
              Matcher m = SINCE.matcher(msg);
              Optional<String> since =
                  m.find()
                      ? Optional.of(m.group(1).replaceFirst("-(nightly|beta)$", ""))
                      : Optional.empty();
              Matcher sm = SUCCESSOR.matcher(msg);
              yield new FeatureStatus(
                  f,
                  FeatureStatus.Kind.STABLE,
                  since,
                  sm.find() ? Optional.of(sm.group(1)) : Optional.empty(),
                  since.isEmpty() ? Optional.of(msg) : Optional.empty());
            }
            case "E0557" -> {
              Optional<String> in = Optional.empty();
              List<String> why = new ArrayList<>();
              for (String c : children) {
                Matcher m = REMOVED_IN.matcher(c);
                if (m.find() && in.isEmpty()) {
                  in = Optional.of(m.group(1));
                } else if (!c.isBlank()) {
                  why.add(c);
                }
              }
              yield new FeatureStatus(
                  f,
                  FeatureStatus.Kind.REMOVED,
                  in,
                  Optional.empty(),
                  why.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", why)));
            }
            case "E0635" ->
                new FeatureStatus(
                    f,
                    FeatureStatus.Kind.UNKNOWN,
                    Optional.empty(),
                    Optional.empty(),
                    children.stream()
                        .filter(c -> !c.isBlank())
                        .findFirst()
                        .or(() -> msg.contains("renamed") ? Optional.of(msg) : Optional.empty()));
            case "incomplete_features" -> FeatureStatus.of(f, FeatureStatus.Kind.INCOMPLETE);
            case "internal_features" -> FeatureStatus.of(f, FeatureStatus.Kind.INTERNAL);
            default -> null; // another diagnostic on the line (E0636 duplicate, ...): not a status
          };
      if (s != null) {
        out.putIfAbsent(f, s);
      }
    }
    if (problem.isEmpty() && !sentinelUnknown) {
      problem =
          Optional.of(
              jsonLines == 0
                  ? "no JSON diagnostics from rustc"
                  : "the sentinel feature was not reported unknown, so silence cannot be read as unstable");
    }
    boolean conclusive = problem.isEmpty();
    Map<String, FeatureStatus> all = new LinkedHashMap<>();
    for (String f : features) {
      FeatureStatus s = out.get(f);
      // A run that failed its own check proves nothing, not even what it printed.
      if (!conclusive) {
        s =
            new FeatureStatus(
                f, FeatureStatus.Kind.INCONCLUSIVE, Optional.empty(), Optional.empty(), problem);
      } else if (s == null) {
        s = FeatureStatus.of(f, FeatureStatus.Kind.UNSTABLE);
      }
      all.put(f, s);
    }
    return new Result(all, conclusive, problem);
  }

  public record Result(
      Map<String, FeatureStatus> statuses, boolean conclusive, Optional<String> problem) {}

  private static int primaryLine(JsonNode d) {
    for (JsonNode s : d.path("spans")) {
      if (s.path("is_primary").asBoolean(false)) {
        return s.path("line_start").asInt(-1);
      }
    }
    return -1;
  }

  private static final Pattern ZLINE =
      Pattern.compile("^\\s*-Z\\s+([A-Za-z0-9_-]+)(?:=val)?\\s+--\\s.*$");

  /** The flag names {@code rustc -Z help} lists ({@code _} read as {@code -}). */
  public static java.util.Set<String> zflags(String zhelp) {
    java.util.Set<String> out = new java.util.TreeSet<>();
    for (String line : zhelp.split("\n")) {
      Matcher m = ZLINE.matcher(line);
      if (m.matches()) {
        out.add(m.group(1).replace('_', '-'));
      }
    }
    return out;
  }
}
