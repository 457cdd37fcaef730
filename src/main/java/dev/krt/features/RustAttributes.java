package dev.krt.features;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the inner attributes {@code #![feature(a, b)]} and {@code #![cfg_attr(COND, feature(a))]}
 * in Rust source, across lines and around comments and string literals, with the line of every
 * feature name. A small tokenizer, not a Rust parser: it only needs to see attribute syntax.
 */
final class RustAttributes {
  private RustAttributes() {}

  /** A feature name in an attribute; {@code condition} is the cfg_attr predicate, as written. */
  record Found(String name, int line, Optional<String> condition) {}

  /** The features, and the malformed attributes (line and why). */
  record Result(List<Found> features, List<String> problems) {}

  private record Tok(String text, int line) {}

  static Result scan(String src) {
    List<Found> out = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    List<Tok> toks = tokens(src, problems);
    for (int i = 0; i + 2 < toks.size(); i++) {
      if (!(toks.get(i).text().equals("#")
          && toks.get(i + 1).text().equals("!")
          && toks.get(i + 2).text().equals("["))) {
        continue;
      }
      int start = toks.get(i).line();
      int end = matching(toks, i + 2);
      if (end < 0) {
        problems.add(start + ": unbalanced inner attribute #![...]");
        break;
      }
      List<Tok> body = toks.subList(i + 3, end);
      attribute(body, Optional.empty(), out, problems, start);
      i = end;
    }
    return new Result(out, problems);
  }

  /** {@code feature(...)} or {@code cfg_attr(COND, attr, attr...)}; anything else is not ours. */
  private static void attribute(
      List<Tok> t, Optional<String> cond, List<Found> out, List<String> problems, int line) {
    if (t.isEmpty()) {
      return;
    }
    String head = t.get(0).text();
    if (!head.equals("feature") && !head.equals("cfg_attr")) {
      return;
    }
    if (t.size() < 2 || !t.get(1).text().equals("(") || matching(t, 1) != t.size() - 1) {
      problems.add(line + ": malformed #![" + head + "(...)] attribute");
      return;
    }
    List<List<Tok>> args = split(t.subList(2, t.size() - 1));
    if (head.equals("feature")) {
      for (List<Tok> a : args) {
        if (a.isEmpty()) {
          continue; // a trailing comma
        }
        if (a.size() != 1 || !a.get(0).text().matches("[A-Za-z_][A-Za-z0-9_]*")) {
          problems.add(a.get(0).line() + ": not a feature name in #![feature(...)]: " + join(a));
          continue;
        }
        out.add(new Found(a.get(0).text(), a.get(0).line(), cond));
      }
      return;
    }
    if (args.size() < 2 || args.get(0).isEmpty()) {
      problems.add(line + ": malformed #![cfg_attr(...)] attribute");
      return;
    }
    String c = join(args.get(0));
    Optional<String> both = Optional.of(cond.map(x -> "all(" + x + ", " + c + ")").orElse(c));
    for (List<Tok> a : args.subList(1, args.size())) {
      attribute(a, both, out, problems, line);
    }
  }

  private static String join(List<Tok> t) {
    StringBuilder b = new StringBuilder();
    for (Tok x : t) {
      if (b.length() > 0
          && !x.text().equals("(")
          && !x.text().equals(")")
          && !x.text().equals(",")
          && !b.toString().endsWith("(")) {
        b.append(' ');
      }
      b.append(x.text());
      if (x.text().equals(",")) {
        b.append(' ');
      }
    }
    return b.toString().replace("  ", " ").trim();
  }

  /** Splits at top-level commas. */
  private static List<List<Tok>> split(List<Tok> t) {
    List<List<Tok>> out = new ArrayList<>();
    int depth = 0;
    int from = 0;
    for (int i = 0; i < t.size(); i++) {
      String s = t.get(i).text();
      if (s.equals("(") || s.equals("[")) {
        depth++;
      } else if (s.equals(")") || s.equals("]")) {
        depth--;
      } else if (s.equals(",") && depth == 0) {
        out.add(t.subList(from, i));
        from = i + 1;
      }
    }
    out.add(t.subList(from, t.size()));
    return out;
  }

  /** The index of the bracket closing the one at {@code open}, or -1. */
  private static int matching(List<Tok> t, int open) {
    int depth = 0;
    for (int i = open; i < t.size(); i++) {
      String s = t.get(i).text();
      if (s.equals("(") || s.equals("[") || s.equals("{")) {
        depth++;
      } else if (s.equals(")") || s.equals("]") || s.equals("}")) {
        depth--;
        if (depth == 0) {
          return i;
        }
      }
    }
    return -1;
  }

  /** Identifiers, punctuation and literals (kept whole), without comments and whitespace. */
  private static List<Tok> tokens(String s, List<String> problems) {
    List<Tok> out = new ArrayList<>();
    int line = 1;
    int i = 0;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '\n') {
        line++;
        i++;
      } else if (Character.isWhitespace(c)) {
        i++;
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '/') {
        while (i < n && s.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && s.charAt(i + 1) == '*') {
        int depth = 1;
        i += 2;
        while (i < n && depth > 0) {
          if (s.charAt(i) == '\n') {
            line++;
          }
          if (s.startsWith("/*", i)) {
            depth++;
            i += 2;
          } else if (s.startsWith("*/", i)) {
            depth--;
            i += 2;
          } else {
            i++;
          }
        }
      } else if (c == '"'
          || (c == 'r'
              && i + 1 < n
              && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '#')
              && isRawString(s, i))
          || ((c == 'b' || c == 'c') && i + 1 < n && s.charAt(i + 1) == '"')) {
        int startLine = line;
        int j = stringEnd(s, i);
        if (j < 0) {
          problems.add(startLine + ": unterminated string literal");
          return out;
        }
        for (int k = i; k < j; k++) {
          if (s.charAt(k) == '\n') {
            line++;
          }
        }
        out.add(new Tok("\"\"", startLine));
        i = j;
      } else if (c == '\'') {
        // A char literal ('a', '\n') or a lifetime ('a): skip either without tripping on quotes.
        int j = i + 1;
        if (j < n && s.charAt(j) == '\\') {
          j = s.indexOf('\'', j + 2);
          i = j < 0 ? n : j + 1;
        } else if (j + 1 < n && s.charAt(j + 1) == '\'') {
          i = j + 2;
        } else {
          i = j;
        }
        out.add(new Tok("'", line));
      } else if (Character.isLetterOrDigit(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(s.charAt(j)) || s.charAt(j) == '_')) {
          j++;
        }
        out.add(new Tok(s.substring(i, j), line));
        i = j;
      } else {
        out.add(new Tok(String.valueOf(c), line));
        i++;
      }
    }
    return out;
  }

  private static boolean isRawString(String s, int i) {
    int j = i + 1;
    while (j < s.length() && s.charAt(j) == '#') {
      j++;
    }
    return j < s.length() && s.charAt(j) == '"';
  }

  /**
   * The index after the literal starting at {@code i} ({@code "..."}, {@code r#"..."#}, b/c
   * prefixes), or -1.
   */
  private static int stringEnd(String s, int i) {
    int j = i;
    if (s.charAt(j) == 'b' || s.charAt(j) == 'c') {
      j++;
    }
    if (s.charAt(j) == 'r') {
      int hashes = 0;
      j++;
      while (s.charAt(j) == '#') {
        hashes++;
        j++;
      }
      String close = "\"" + "#".repeat(hashes);
      int k = s.indexOf(close, j + 1);
      return k < 0 ? -1 : k + close.length();
    }
    j++; // the opening quote
    while (j < s.length()) {
      char c = s.charAt(j);
      if (c == '\\') {
        j += 2;
      } else if (c == '"') {
        return j + 1;
      } else {
        j++;
      }
    }
    return -1;
  }
}
