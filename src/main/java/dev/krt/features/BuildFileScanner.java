package dev.krt.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Makefiles and Kconfig files line by line for what decides by compiler: {@code -Z} flags,
 * {@code rust_allowed_features}, {@code -Zcrate-attr=feature(...)}, {@code rustc-min-version},
 * {@code rustc-option}, {@code RUSTC_VERSION} comparisons, {@code RUSTC_HAS_*} symbols.
 */
final class BuildFileScanner {
  private BuildFileScanner() {}

  private static final Pattern ZFLAG = Pattern.compile("(?<![A-Za-z0-9_-])-Z\\s*([a-z][a-z0-9_-]*)(?:=('[^']*'|\"[^\"]*\"|(?:\\$\\([^)]*\\)|[^\\s'\"$)])+))?");
  private static final Pattern ALLOWED = Pattern.compile("^\\s*rust_allowed_features\\s*:?=\\s*(.*)$");
  private static final Pattern CRATE_ATTR_FEATURE = Pattern.compile("-Zcrate-attr=['\"]?feature\\(([^)]*)\\)");
  private static final Pattern MIN_VERSION = Pattern.compile("\\$\\(call\\s+rustc-min-version\\s*,\\s*(\\d+)\\s*\\)");
  private static final Pattern RUSTC_OPTION = Pattern.compile("\\$\\(call\\s+(rustc-option(?:-yn)?|__rustc-option)\\s*,|\\$\\(rustc-option\\s*,");
  private static final Pattern KCONFIG_CMP = Pattern.compile("\\bRUSTC_VERSION\\s*(>=|<=|!=|>|<|=)\\s*(\\d+)");
  private static final Pattern CONFIG = Pattern.compile("^\\s*(?:menu)?config\\s+([A-Z0-9_]+)\\s*$");
  private static final Pattern SYMBOL = Pattern.compile("\\b(?:CONFIG_)?(RUSTC_HAS_[A-Z0-9_]+)\\b");
  private static final Pattern ASSIGN = Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*[:?+]?=\\s*(.*)$");

  /** A Makefile: -Z flags, allowed features, crate attributes, rustc-min-version, rustc-option. */
  static void makefile(String path, String text, FeatureUsageBuilder out) {
    Map<String, String> vars = new HashMap<>();
    for (LogicalLine ll : logicalLines(text)) {
      String line = stripComment(ll.text());
      if (line.isBlank() || !(line.contains("-Z") || line.contains("rustc") || line.contains("rust_allowed") || line.contains(":=") || line.contains("="))) {
        continue;
      }
      Matcher a = ASSIGN.matcher(line);
      if (a.matches()) {
        vars.put(a.group(1), a.group(2).trim());
      }
      Matcher al = ALLOWED.matcher(line);
      if (al.matches()) {
        for (String f : al.group(1).split("[,\\s]+")) {
          if (f.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            out.feature(new FeatureUsage.Feature(f, ll.at(path, al.start(1)), "rust_allowed_features", Optional.empty()));
          }
        }
      }
      Matcher ca = CRATE_ATTR_FEATURE.matcher(line);
      while (ca.find()) {
        // $(rust_allowed_features) is counted where it is assigned.
        if (ca.group(1).contains("$(rust_allowed_features)")) {
          continue;
        }
        for (String f : expand(ca.group(1), vars).split("[,\\s]+")) {
          if (f.matches("[A-Za-z_][A-Za-z0-9_]*")) {
            out.feature(new FeatureUsage.Feature(f, ll.at(path, ca.start()), "-Zcrate-attr", Optional.empty()));
          }
        }
      }
      Matcher z = ZFLAG.matcher(line);
      while (z.find()) {
        String name = z.group(1).replace('_', '-');
        out.zflag(new FeatureUsage.ZFlag(name, Optional.ofNullable(z.group(2)).filter(v -> !v.isEmpty()), ll.at(path, z.start())));
      }
      Matcher mv = MIN_VERSION.matcher(line);
      while (mv.find()) {
        SourceLocation at = ll.at(path, mv.start());
        out.gate(new FeatureUsage.VersionGate("rustc-min-version", at, ">=", Long.parseLong(mv.group(1)), Optional.empty(), ll.physical(at.line())));
      }
      Matcher ro = RUSTC_OPTION.matcher(line);
      if (ro.find() && !line.trim().matches("^(__)?rustc-option(-yn)?\\s*=.*")) {
        SourceLocation at = ll.at(path, ro.start());
        out.gate(new FeatureUsage.VersionGate("rustc-option", at, "", 0, Optional.empty(), ll.physical(at.line())));
      }
    }
    if (text.contains("RUSTC_HAS_")) {
      String[] phys = text.split("\n", -1);
      for (int i = 0; i < phys.length; i++) {
        if (!phys[i].trim().startsWith("#")) {
          symbols(path, i + 1, phys[i], out);
        }
      }
    }
  }

  /** A Kconfig file: RUSTC_VERSION comparisons, RUSTC_HAS_* definitions and uses, rustc-option. */
  static void kconfig(String path, String text, FeatureUsageBuilder out) {
    String[] lines = text.split("\n", -1);
    String current = null;
    for (int i = 0; i < lines.length; i++) {
      String raw = lines[i];
      if (!raw.contains("RUSTC") && !raw.contains("rustc") && !raw.contains("config")) {
        continue;
      }
      String line = stripComment(raw);
      int n = i + 1;
      Matcher c = CONFIG.matcher(line);
      if (c.matches()) {
        current = c.group(1);
        if (current.startsWith("RUSTC_HAS_")) {
          continue; // its definition, not a use
        }
      }
      Matcher cmp = KCONFIG_CMP.matcher(line);
      boolean defines = current != null && current.startsWith("RUSTC_HAS_") && line.trim().startsWith("def_bool");
      while (cmp.find()) {
        out.gate(new FeatureUsage.VersionGate(defines ? "symbol" : "kconfig", new SourceLocation(path, n), cmp.group(1), Long.parseLong(cmp.group(2)), defines ? Optional.of(current) : Optional.empty(), raw.strip()));
      }
      if (line.contains("rustc-option")) {
        out.gate(new FeatureUsage.VersionGate("rustc-option", new SourceLocation(path, n), "", 0, Optional.empty(), raw.strip()));
      }
      if (!c.matches()) {
        symbols(path, n, raw, out);
      }
    }
  }

  /** Uses of RUSTC_HAS_* on a line (in any file kind). */
  static void symbols(String path, int n, String line, FeatureUsageBuilder out) {
    if (!line.contains("RUSTC_HAS_")) {
      return;
    }
    Matcher s = SYMBOL.matcher(line);
    while (s.find()) {
      out.symbolUse(new FeatureUsage.SymbolUse(s.group(1), new SourceLocation(path, n), line.strip()));
    }
  }

  /**
   * A logical Makefile line: physical lines joined at a trailing backslash, with where each
   * physical line starts in the joined text (so a match maps back to its own line).
   */
  record LogicalLine(String text, int firstLine, int[] starts, String[] physical) {
    SourceLocation at(String path, int offset) {
      int k = 0;
      while (k + 1 < starts.length && starts[k + 1] <= offset) {
        k++;
      }
      return new SourceLocation(path, firstLine + k);
    }

    String physical(int line) {
      return physical[line - firstLine].strip();
    }
  }

  static List<LogicalLine> logicalLines(String text) {
    String[] phys = text.split("\n", -1);
    List<LogicalLine> out = new ArrayList<>();
    int i = 0;
    while (i < phys.length) {
      int first = i;
      List<Integer> starts = new ArrayList<>();
      StringBuilder b = new StringBuilder();
      while (true) {
        starts.add(b.length());
        String p = phys[i];
        boolean more = p.endsWith("\\") && i + 1 < phys.length;
        b.append(more ? p.substring(0, p.length() - 1) + " " : p);
        if (!more) {
          break;
        }
        i++;
      }
      out.add(new LogicalLine(b.toString(), first + 1, starts.stream().mapToInt(Integer::intValue).toArray(), java.util.Arrays.copyOfRange(phys, first, i + 1)));
      i++;
    }
    return out;
  }

  private static String stripComment(String line) {
    int h = line.indexOf('#');
    return h < 0 ? line : line.substring(0, h);
  }

  /** {@code $(var)} replaced by its value assigned earlier in the same file, once. */
  private static String expand(String s, Map<String, String> vars) {
    Matcher m = Pattern.compile("\\$\\(([A-Za-z0-9_-]+)\\)").matcher(s);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(b, Matcher.quoteReplacement(vars.getOrDefault(m.group(1), m.group())));
    }
    m.appendTail(b);
    return b.toString();
  }

  /** Collects findings as the scan goes. */
  static final class FeatureUsageBuilder {
    final List<FeatureUsage.Feature> features = new ArrayList<>();
    final List<FeatureUsage.ZFlag> zflags = new ArrayList<>();
    final List<FeatureUsage.VersionGate> gates = new ArrayList<>();
    final List<FeatureUsage.SymbolUse> uses = new ArrayList<>();
    final List<String> problems = new ArrayList<>();

    void feature(FeatureUsage.Feature f) {
      features.add(f);
    }

    void zflag(FeatureUsage.ZFlag z) {
      zflags.add(z);
    }

    void gate(FeatureUsage.VersionGate g) {
      gates.add(g);
    }

    void symbolUse(FeatureUsage.SymbolUse u) {
      uses.add(u);
    }

    FeatureUsage build() {
      return new FeatureUsage(List.copyOf(features), List.copyOf(zflags), List.copyOf(gates), List.copyOf(uses), List.copyOf(problems));
    }
  }
}
