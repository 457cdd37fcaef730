package dev.krt.features;

import dev.krt.cache.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scan of a tarball or git tree kept by its content identity (the content cannot change under
 * that name), so a second report reads nothing from the archive. Directories are always scanned. A
 * tab-separated text file, one record per line; a damaged file is scanned again, never trusted.
 */
final class FeatureUsageCache {
  private FeatureUsageCache() {}

  /** Bumped whenever the scanner finds more or differently: old entries are then ignored. */
  static final int FORMAT = 2;

  static Path file(Path cacheRoot, String identity) {
    return cacheRoot.resolve("features").resolve(identity + ".v" + FORMAT + ".tsv");
  }

  static Optional<FeatureUsage> load(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      FeatureUsageBuilder b = new FeatureUsageBuilder();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String[] f = line.split("\t", -1);
        for (int i = 0; i < f.length; i++) {
          f[i] = unescape(f[i]);
        }
        switch (f[0]) {
          case "F" -> b.feature(new FeatureUsage.Feature(f[1], loc(f[2], f[3]), f[4], opt(f[5])));
          case "Z" ->
              b.zflag(
                  new FeatureUsage.ZFlag(
                      f[1],
                      opt(f[2]),
                      loc(f[3], f[4]),
                      opt(f[5]).map(FeatureUsageCache::comparison)));
          case "G" ->
              b.gate(
                  new FeatureUsage.VersionGate(
                      f[1], loc(f[2], f[3]), f[4], comparisons(f[5]), opt(f[6]), f[7]));
          case "S" -> b.symbolUse(new FeatureUsage.SymbolUse(f[1], loc(f[2], f[3]), f[4]));
          case "P" -> b.problem(f[1]);
          case "END" -> {
            return Optional.of(b.build());
          }
          default -> {
            return Optional.empty();
          }
        }
      }
      return Optional.empty(); // cut short: no END line
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  static void store(Path file, FeatureUsage u) {
    StringBuilder b = new StringBuilder();
    for (FeatureUsage.Feature f : u.features()) {
      row(
          b,
          "F",
          f.name(),
          f.where().file(),
          String.valueOf(f.where().line()),
          f.how(),
          f.condition().orElse("\0"));
    }
    for (FeatureUsage.ZFlag z : u.zflags()) {
      row(
          b,
          "Z",
          z.name(),
          z.value().orElse("\0"),
          z.where().file(),
          String.valueOf(z.where().line()),
          z.onlyIf().map(c -> c.op() + " " + c.code()).orElse("\0"));
    }
    for (FeatureUsage.VersionGate g : u.gates()) {
      row(
          b,
          "G",
          g.kind(),
          g.where().file(),
          String.valueOf(g.where().line()),
          g.expression(),
          String.join(";", g.comparisons().stream().map(c -> c.op() + " " + c.code()).toList()),
          g.symbol().orElse("\0"),
          g.text());
    }
    for (FeatureUsage.SymbolUse s : u.symbolUses()) {
      row(b, "S", s.symbol(), s.where().file(), String.valueOf(s.where().line()), s.text());
    }
    for (String p : u.problems()) {
      row(b, "P", p);
    }
    row(b, "END");
    try {
      AtomicFiles.write(file, b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      // an optimisation only
    }
  }

  private static void row(StringBuilder b, String... f) {
    List<String> esc = new ArrayList<>();
    for (String x : f) {
      esc.add(escape(x));
    }
    b.append(String.join("\t", esc)).append('\n');
  }

  private static FeatureUsage.Comparison comparison(String s) {
    String[] p = s.split(" ");
    return new FeatureUsage.Comparison(p[0], Long.parseLong(p[1]));
  }

  private static List<FeatureUsage.Comparison> comparisons(String s) {
    List<FeatureUsage.Comparison> out = new ArrayList<>();
    for (String c : s.split(";")) {
      if (!c.isEmpty()) {
        out.add(comparison(c));
      }
    }
    return out;
  }

  private static SourceLocation loc(String file, String line) {
    return new SourceLocation(file, Integer.parseInt(line));
  }

  /** NUL marks an absent value (tabs and newlines are escaped, so it cannot collide). */
  private static Optional<String> opt(String s) {
    return s.equals("\0") ? Optional.empty() : Optional.of(s);
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\0", "\\0");
  }

  private static String unescape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(
            switch (n) {
              case 't' -> '\t';
              case 'n' -> '\n';
              case '0' -> '\0';
              default -> n;
            });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
