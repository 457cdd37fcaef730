package dev.krt.features;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads Makefiles and Kconfig files for what decides by compiler: {@code -Z} flags (with the
 * version branch they sit in), {@code rust_allowed_features}, {@code -Zcrate-attr=feature(...)},
 * {@code rustc-min-version}, {@code rustc-option}, {@code RUSTC_VERSION} expressions and the {@code
 * RUSTC_HAS_*} symbols they define, and where those symbols are used.
 */
final class BuildFileScanner {
  private BuildFileScanner() {}

  private static final Pattern ZFLAG =
      Pattern.compile(
          "(?<![A-Za-z0-9_-])-Z\\s*([a-z][a-z0-9_-]*)(?:=('[^']*'|\"[^\"]*\"|(?:\\$\\([^)]*\\)|[^\\s'\"$)])+))?");
  private static final Pattern ALLOWED =
      Pattern.compile("^\\s*rust_allowed_features\\s*:?=\\s*(.*)$");
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern CRATE_ATTR_FEATURE =
      Pattern.compile("-Zcrate-attr=['\"]?feature\\(([^)]*)\\)");
  private static final Pattern MIN_VERSION =
      Pattern.compile("\\$\\(call\\s+rustc-min-version\\s*,\\s*(\\d+)\\s*\\)");
  private static final Pattern IF_MIN_VERSION =
      Pattern.compile("\\$\\(if\\s+\\$\\(call\\s+rustc-min-version\\s*,\\s*(\\d+)\\s*\\)\\s*,");
  private static final Pattern RUSTC_OPTION =
      Pattern.compile(
          "\\$\\(call\\s+(rustc-option(?:-yn)?|__rustc-option)\\s*,|\\$\\(rustc-option\\s*,");
  private static final Pattern RUSTC_OPTION_DEF =
      Pattern.compile("^\\s*(__)?rustc-option(-yn)?\\s*[:?]?=.*");

  /** {@code RUSTC_VERSION >= N} and {@code N <= RUSTC_VERSION}. */
  static final Pattern KCONFIG_CMP =
      Pattern.compile(
          "\\bRUSTC_VERSION\\s*(>=|<=|!=|>|<|=)\\s*(\\d+)\\b|\\b(\\d+)\\s*(>=|<=|!=|>|<|=)\\s*RUSTC_VERSION\\b");

  private static final Pattern CONFIG =
      Pattern.compile("^\\s*(?:menu)?config\\s+([A-Z0-9_]+)\\s*$");
  private static final Pattern SYMBOL = Pattern.compile("\\b(?:CONFIG_)?(RUSTC_HAS_[A-Z0-9_]+)\\b");
  private static final Pattern ASSIGN =
      Pattern.compile("^\\s*([A-Za-z0-9_-]+)\\s*[:?+]?=\\s*(.*)$");

  /** A Makefile: -Z flags, allowed features, crate attributes, rustc-min-version, rustc-option. */
  static void makefile(String path, String text, FeatureUsageBuilder out) {
    Map<String, String> vars = new HashMap<>();
    for (LogicalLine ll : logicalLines(text)) {
      String line = makeComment(ll.text());
      if (line.isBlank()
          || !(line.contains("-Z")
              || line.contains("rustc")
              || line.contains("rust_allowed")
              || line.contains("="))) {
        continue;
      }
      Matcher a = ASSIGN.matcher(line);
      if (a.matches()) {
        vars.put(a.group(1), a.group(2).trim());
      }
      Matcher al = ALLOWED.matcher(line);
      if (al.matches()) {
        Matcher nm = NAME.matcher(line);
        nm.region(al.start(1), line.length());
        while (nm.find()) {
          out.feature(
              new FeatureUsage.Feature(
                  nm.group(), ll.at(path, nm.start()), "rust_allowed_features", Optional.empty()));
        }
      }
      Matcher ca = CRATE_ATTR_FEATURE.matcher(line);
      while (ca.find()) {
        // $(rust_allowed_features) is counted where it is assigned.
        if (ca.group(1).contains("$(rust_allowed_features)")) {
          continue;
        }
        for (String f : expand(ca.group(1), vars).split("[,\\s]+")) {
          if (NAME.matcher(f).matches()) {
            out.feature(
                new FeatureUsage.Feature(
                    f, ll.at(path, ca.start()), "-Zcrate-attr", Optional.empty()));
          }
        }
      }
      List<Branch> branches = branches(line);
      Matcher z = ZFLAG.matcher(line);
      while (z.find()) {
        String name = z.group(1).replace('_', '-');
        out.zflag(
            new FeatureUsage.ZFlag(
                name,
                Optional.ofNullable(z.group(2)).filter(v -> !v.isEmpty()),
                ll.at(path, z.start()),
                branchAt(branches, z.start())));
      }
      Matcher mv = MIN_VERSION.matcher(line);
      while (mv.find()) {
        SourceLocation at = ll.at(path, mv.start());
        long code = VersionGates.code(mv.group(1));
        out.gate(
            new FeatureUsage.VersionGate(
                "rustc-min-version",
                at,
                "RUSTC_VERSION >= " + code,
                List.of(new FeatureUsage.Comparison(">=", code)),
                Optional.empty(),
                ll.physical(at.line())));
      }
      Matcher ro = RUSTC_OPTION.matcher(line);
      if (ro.find() && !RUSTC_OPTION_DEF.matcher(line).matches()) {
        SourceLocation at = ll.at(path, ro.start());
        out.gate(
            new FeatureUsage.VersionGate(
                "rustc-option", at, "", List.of(), Optional.empty(), ll.physical(at.line())));
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

  /** The then/else parts of {@code $(if $(call rustc-min-version,N),THEN,ELSE)} on a line. */
  private record Branch(int from, int to, FeatureUsage.Comparison when) {}

  private static List<Branch> branches(String line) {
    List<Branch> out = new ArrayList<>();
    Matcher m = IF_MIN_VERSION.matcher(line);
    while (m.find()) {
      long code = VersionGates.code(m.group(1));
      int depth = 0;
      int comma = -1;
      int end = line.length();
      for (int i = m.end(); i < line.length(); i++) {
        char c = line.charAt(i);
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          if (depth == 0) {
            end = i;
            break;
          }
          depth--;
        } else if (c == ',' && depth == 0 && comma < 0) {
          comma = i;
        }
      }
      int split = comma < 0 ? end : comma;
      out.add(new Branch(m.end(), split, new FeatureUsage.Comparison(">=", code)));
      if (comma >= 0) {
        out.add(new Branch(comma + 1, end, new FeatureUsage.Comparison("<", code)));
      }
    }
    return out;
  }

  private static Optional<FeatureUsage.Comparison> branchAt(List<Branch> branches, int offset) {
    // The innermost branch holding the offset (the last one opened before it).
    Optional<FeatureUsage.Comparison> found = Optional.empty();
    for (Branch b : branches) {
      if (b.from() <= offset && offset < b.to()) {
        found = Optional.of(b.when());
      }
    }
    return found;
  }

  /** A Kconfig file: RUSTC_VERSION expressions, RUSTC_HAS_* definitions and uses, rustc-option. */
  static void kconfig(String path, String text, FeatureUsageBuilder out) {
    String current = null;
    for (LogicalLine ll : logicalLines(text)) {
      String raw = ll.text();
      if (!raw.contains("RUSTC") && !raw.contains("rustc") && !raw.contains("config")) {
        continue;
      }
      String line = dev.krt.kernel.kconfig.KconfigEntry.withoutComment(raw);
      Matcher c = CONFIG.matcher(line);
      if (c.matches()) {
        current = c.group(1);
        continue; // a definition, not a use
      }
      List<FeatureUsage.Comparison> cmps = comparisons(line);
      if (!cmps.isEmpty()) {
        boolean defines =
            current != null
                && current.startsWith("RUSTC_HAS_")
                && line.trim().startsWith("def_bool");
        out.gate(
            new FeatureUsage.VersionGate(
                defines ? "symbol" : "kconfig",
                new SourceLocation(path, ll.firstLine()),
                expression(line),
                cmps,
                defines ? Optional.of(current) : Optional.empty(),
                ll.physical(ll.firstLine())));
      }
      if (line.contains("rustc-option")) {
        out.gate(
            new FeatureUsage.VersionGate(
                "rustc-option",
                new SourceLocation(path, ll.firstLine()),
                "",
                List.of(),
                Optional.empty(),
                ll.physical(ll.firstLine())));
        Matcher z = ZFLAG.matcher(line);
        while (z.find()) {
          out.zflag(
              new FeatureUsage.ZFlag(
                  z.group(1).replace('_', '-'),
                  Optional.ofNullable(z.group(2)).filter(v -> !v.isEmpty()),
                  ll.at(path, z.start()),
                  Optional.empty()));
        }
      }
      for (int k = 0; k < ll.physical().length; k++) {
        symbols(path, ll.firstLine() + k, ll.physical()[k], out);
      }
    }
  }

  static List<FeatureUsage.Comparison> comparisons(String line) {
    List<FeatureUsage.Comparison> out = new ArrayList<>();
    Matcher m = KCONFIG_CMP.matcher(line);
    while (m.find()) {
      if (m.group(1) != null) {
        out.add(new FeatureUsage.Comparison(m.group(1), VersionGates.code(m.group(2))));
      } else {
        out.add(
            new FeatureUsage.Comparison(
                dev.krt.kernel.kconfig.KconfigExpr.Compare.mirror(m.group(4)),
                VersionGates.code(m.group(3))));
      }
    }
    return out;
  }

  /** The condition of a Kconfig line: after {@code if}, else after its keyword. */
  static String expression(String line) {
    String t = line.trim();
    int i = t.lastIndexOf(" if ");
    if (i >= 0) {
      return t.substring(i + 4).trim();
    }
    return t.replaceFirst(
            "^(depends\\s+on|def_bool|def_tristate|default\\s+y|default\\s+m|default|visible\\s+if)\\s+",
            "")
        .trim();
  }

  /** Uses of RUSTC_HAS_* on a line (in any file kind). */
  static void symbols(String path, int n, String line, FeatureUsageBuilder out) {
    if (!line.contains("RUSTC_HAS_")) {
      return;
    }
    Matcher s = SYMBOL.matcher(line);
    while (s.find()) {
      out.symbolUse(
          new FeatureUsage.SymbolUse(s.group(1), new SourceLocation(path, n), line.strip()));
    }
  }

  /**
   * A logical line: physical lines joined at a trailing backslash, with where each physical line
   * starts in the joined text (so a match maps back to its own line).
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
      out.add(
          new LogicalLine(
              b.toString(),
              first + 1,
              starts.stream().mapToInt(Integer::intValue).toArray(),
              java.util.Arrays.copyOfRange(phys, first, i + 1)));
      i++;
    }
    return out;
  }

  /**
   * Make's comment rule: {@code #} starts a comment unless escaped ({@code \#}); recipe lines
   * (starting with a tab) go to the shell as they are.
   */
  static String makeComment(String line) {
    if (line.startsWith("\t")) {
      return line;
    }
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\\') {
        i++;
      } else if (c == '#') {
        return line.substring(0, i);
      }
    }
    return line;
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
}
