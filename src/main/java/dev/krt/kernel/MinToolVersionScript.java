package dev.krt.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates {@code scripts/min-tool-version.sh} without a shell.
 *
 * <p>The script is one {@code case "$1" in ... esac} whose arms {@code echo} a version, some behind
 * {@code if [ "$SRCARCH" = s390 ]; then ... elif ...; else ...; fi} (also {@code -o}, {@code -a},
 * {@code !=}, {@code ||}, {@code &&}). This class interprets exactly that subset and throws {@link
 * UnsupportedScriptException} for anything else, so callers can fall back to running the script
 * with {@code /bin/sh} instead of guessing.
 */
public final class MinToolVersionScript {
  private final Map<String, List<Stmt>> arms; // pattern -> body; "*" for the default arm

  private MinToolVersionScript(Map<String, List<Stmt>> arms) {
    this.arms = arms;
  }

  /** The script's answer for one tool: its stdout line, or failure (unknown tool). */
  public record Result(Optional<String> version, int exitCode, String stderr) {}

  /** Thrown when the script uses shell beyond the subset the kernel has ever used here. */
  public static final class UnsupportedScriptException extends Exception {
    public UnsupportedScriptException(String msg) {
      super(msg);
    }
  }

  public static MinToolVersionScript parse(String text) throws UnsupportedScriptException {
    // Only the case statement matters; the usage check before it uses $# and friends.
    int at = text.indexOf("case \"$1\" in");
    if (at < 0) {
      at = text.indexOf("case $1 in");
    }
    if (at < 0) {
      throw new UnsupportedScriptException("no `case \"$1\" in` statement");
    }
    List<String> tokens = lex(text.substring(at));
    int i = 0;
    // Find `case "$1" in`.
    while (i < tokens.size()
        && !(tokens.get(i).equals("case")
            && i + 2 < tokens.size()
            && tokens.get(i + 1).equals("\u00011\u0002")
            && tokens.get(i + 2).equals("in"))) {
      i++;
    }
    if (i >= tokens.size()) {
      throw new UnsupportedScriptException("no `case \"$1\" in` statement");
    }
    Parser p = new Parser(tokens, i + 3);
    Map<String, List<Stmt>> arms = new LinkedHashMap<>();
    p.skipNewlines();
    while (!p.peekIs("esac")) {
      if (p.atEnd()) {
        throw new UnsupportedScriptException("unterminated case statement");
      }
      List<String> patterns = new ArrayList<>();
      patterns.add(p.next());
      while (p.peekIs("|")) {
        p.next();
        patterns.add(p.next());
      }
      p.expect(")");
      List<Stmt> body = p.statements("esac", ";;");
      if (p.peekIs(";;")) {
        p.next();
      }
      for (String pat : patterns) {
        arms.putIfAbsent(pat, body);
      }
      p.skipNewlines();
    }
    return new MinToolVersionScript(arms);
  }

  /** Runs the script for {@code tool} with the environment variables it reads (ARCH, SRCARCH). */
  public Result evaluate(String tool, Map<String, String> env) throws UnsupportedScriptException {
    List<Stmt> body = arms.get(tool);
    if (body == null) {
      body = arms.get("*");
    }
    if (body == null) {
      return new Result(Optional.empty(), 0, "");
    }
    Ctx ctx = new Ctx(tool, env);
    run(body, ctx);
    String out = ctx.out.toString();
    if (out.endsWith("\n")) {
      out = out.substring(0, out.length() - 1);
    }
    return new Result(
        ctx.exit == 0 && !out.isEmpty() ? Optional.of(out) : Optional.empty(),
        ctx.exit,
        ctx.err.toString());
  }

  /** The tool names the script knows (its arms, without the default). */
  public List<String> tools() {
    List<String> out = new ArrayList<>();
    for (String k : arms.keySet()) {
      if (!k.equals("*")) {
        out.add(k);
      }
    }
    return out;
  }

  // ---------------------------------------------------------------------------------------------

  private sealed interface Stmt permits Echo, If, Exit {}

  private record Echo(List<String> words, boolean toStderr) implements Stmt {}

  private record If(List<List<String>> conds, List<List<Stmt>> bodies, List<Stmt> elseBody)
      implements Stmt {}

  private record Exit(String code) implements Stmt {}

  private static final class Ctx {
    final String arg;
    final Map<String, String> env;
    final StringBuilder out = new StringBuilder();
    final StringBuilder err = new StringBuilder();
    int exit = 0;
    boolean exited;

    Ctx(String arg, Map<String, String> env) {
      this.arg = arg;
      this.env = env;
    }

    String expand(String w) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < w.length(); i++) {
        char c = w.charAt(i);
        if (c == '\u0001') { // marks a variable reference produced by the lexer
          int end = w.indexOf('\u0002', i);
          String name = w.substring(i + 1, end);
          b.append(
              name.equals("1")
                  ? arg
                  : name.equals("0") ? "min-tool-version.sh" : env.getOrDefault(name, ""));
          i = end;
        } else {
          b.append(c);
        }
      }
      return b.toString();
    }
  }

  private static void run(List<Stmt> body, Ctx ctx) throws UnsupportedScriptException {
    for (Stmt s : body) {
      if (ctx.exited) {
        return;
      }
      if (s instanceof Echo e) {
        List<String> ws = new ArrayList<>();
        for (String w : e.words()) {
          ws.add(ctx.expand(w));
        }
        (e.toStderr() ? ctx.err : ctx.out).append(String.join(" ", ws)).append('\n');
      } else if (s instanceof Exit x) {
        try {
          ctx.exit = Integer.parseInt(ctx.expand(x.code()));
        } catch (NumberFormatException ex) {
          throw new UnsupportedScriptException("exit with a non-numeric code");
        }
        ctx.exited = true;
      } else if (s instanceof If f) {
        boolean done = false;
        for (int k = 0; k < f.conds().size() && !done; k++) {
          if (test(f.conds().get(k), ctx)) {
            run(f.bodies().get(k), ctx);
            done = true;
          }
        }
        if (!done) {
          run(f.elseBody(), ctx);
        }
      }
    }
  }

  /** Evaluates {@code [ a = b -o c != d ] || [ ... ]} word lists. */
  private static boolean test(List<String> words, Ctx ctx) throws UnsupportedScriptException {
    // Split on || and && (left to right, equal precedence as in sh lists).
    boolean acc = false;
    String op = null;
    List<String> cur = new ArrayList<>();
    List<String> all = new ArrayList<>(words);
    all.add("||END");
    for (String w : all) {
      if (w.equals("||") || w.equals("&&") || w.equals("||END")) {
        boolean v = bracket(cur, ctx);
        acc = op == null ? v : op.equals("||") ? (acc || v) : (acc && v);
        op = w;
        cur = new ArrayList<>();
      } else {
        cur.add(w);
      }
    }
    return acc;
  }

  private static boolean bracket(List<String> w, Ctx ctx) throws UnsupportedScriptException {
    if (w.size() < 2 || !(w.get(0).equals("[") && w.get(w.size() - 1).equals("]"))) {
      throw new UnsupportedScriptException("condition is not a [ ... ] test: " + w);
    }
    List<String> inner = w.subList(1, w.size() - 1);
    // -o binds looser than -a, as in test(1).
    boolean result = false;
    List<String> andGroup = new ArrayList<>();
    List<String> items = new ArrayList<>(inner);
    items.add("-o");
    boolean groupVal = true;
    for (String t : items) {
      if (t.equals("-o") || t.equals("-a")) {
        groupVal = groupVal && compare(andGroup, ctx);
        andGroup = new ArrayList<>();
        if (t.equals("-o")) {
          result = result || groupVal;
          groupVal = true;
        }
      } else {
        andGroup.add(t);
      }
    }
    return result;
  }

  private static boolean compare(List<String> w, Ctx ctx) throws UnsupportedScriptException {
    if (w.size() == 3 && (w.get(1).equals("=") || w.get(1).equals("!="))) {
      boolean eq = ctx.expand(w.get(0)).equals(ctx.expand(w.get(2)));
      return w.get(1).equals("=") ? eq : !eq;
    }
    throw new UnsupportedScriptException("unsupported test: " + w);
  }

  // ---------------------------------------------------------------------------------------------
  // A small shell lexer: words (quotes removed, $VAR marked), operators and newlines.

  static List<String> lex(String text) throws UnsupportedScriptException {
    // The lexer marks variable references with U+0001..U+0002; a script that contains them itself
    // (no real one does; fuzzing made one) is left to the real shell.
    if (text.indexOf('\u0001') >= 0 || text.indexOf('\u0002') >= 0) {
      throw new UnsupportedScriptException("control characters in the script");
    }
    List<String> out = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\n') {
        out.add("\n");
        i++;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        i++;
      } else if (c == '\\' && i + 1 < n && text.charAt(i + 1) == '\n') {
        i += 2;
      } else if (c == '#') {
        while (i < n && text.charAt(i) != '\n') {
          i++;
        }
      } else if (c == ';') {
        if (i + 1 < n && text.charAt(i + 1) == ';') {
          out.add(";;");
          i += 2;
        } else {
          out.add(";");
          i++;
        }
      } else if (c == ')' || c == '(') {
        out.add(String.valueOf(c));
        i++;
      } else if (c == '|' || c == '&') {
        if (i + 1 < n && text.charAt(i + 1) == c) {
          out.add("" + c + c);
          i += 2;
        } else if (c == '|') {
          out.add("|");
          i++;
        } else {
          throw new UnsupportedScriptException("background job or pipe");
        }
      } else if (c == '>' || c == '<') {
        // Redirections: keep `>&2` as one token, reject the rest.
        if (text.startsWith(">&2", i)) {
          out.add(">&2");
          i += 3;
        } else {
          throw new UnsupportedScriptException("unsupported redirection");
        }
      } else {
        StringBuilder w = new StringBuilder();
        while (i < n) {
          c = text.charAt(i);
          if (c == '"') {
            i++;
            while (i < n && text.charAt(i) != '"') {
              char d = text.charAt(i);
              if (d == '$') {
                i = variable(text, i, w);
              } else if (d == '\\' && i + 1 < n) {
                w.append(text.charAt(i + 1));
                i += 2;
              } else if (d == '`') {
                throw new UnsupportedScriptException("command substitution");
              } else {
                w.append(d);
                i++;
              }
            }
            i++;
          } else if (c == '\'') {
            int end = text.indexOf('\'', i + 1);
            if (end < 0) {
              throw new UnsupportedScriptException("unterminated quote");
            }
            w.append(text, i + 1, end);
            i = end + 1;
          } else if (c == '$') {
            i = variable(text, i, w);
          } else if (c == '`') {
            throw new UnsupportedScriptException("command substitution");
          } else if (" \t\r\n;|&()<>".indexOf(c) >= 0) {
            break;
          } else {
            w.append(c);
            i++;
          }
        }
        out.add(w.toString());
      }
    }
    return out;
  }

  private static int variable(String text, int i, StringBuilder w)
      throws UnsupportedScriptException {
    int n = text.length();
    int j = i + 1;
    String name;
    if (j < n && text.charAt(j) == '{') {
      int end = text.indexOf('}', j);
      if (end < 0) {
        throw new UnsupportedScriptException("unterminated ${");
      }
      name = text.substring(j + 1, end);
      j = end + 1;
      if (!name.matches("[A-Za-z_][A-Za-z0-9_]*|[0-9]")) {
        throw new UnsupportedScriptException("parameter expansion ${" + name + "}");
      }
    } else if (j < n && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_')) {
      int k = j;
      if (Character.isDigit(text.charAt(k))) {
        k++;
      } else {
        while (k < n && (Character.isLetterOrDigit(text.charAt(k)) || text.charAt(k) == '_')) {
          k++;
        }
      }
      name = text.substring(j, k);
      j = k;
    } else if (j < n && (text.charAt(j) == '#' || text.charAt(j) == '(')) {
      throw new UnsupportedScriptException("$" + text.charAt(j));
    } else {
      w.append('$');
      return j;
    }
    w.append('\u0001').append(name).append('\u0002');
    return j;
  }

  private static final class Parser {
    private final List<String> t;
    private int i;

    Parser(List<String> tokens, int start) {
      this.t = tokens;
      this.i = start;
    }

    boolean atEnd() {
      return i >= t.size();
    }

    boolean peekIs(String s) {
      return i < t.size() && t.get(i).equals(s);
    }

    String next() throws UnsupportedScriptException {
      if (atEnd()) {
        throw new UnsupportedScriptException("unexpected end of script");
      }
      return t.get(i++);
    }

    void expect(String s) throws UnsupportedScriptException {
      String got = next();
      if (!got.equals(s)) {
        throw new UnsupportedScriptException("expected '" + s + "' but found '" + got + "'");
      }
    }

    void skipNewlines() {
      while (i < t.size() && (t.get(i).equals("\n") || t.get(i).equals(";"))) {
        i++;
      }
    }

    /** Statements until one of the terminators (not consumed). */
    List<Stmt> statements(String... terminators) throws UnsupportedScriptException {
      List<Stmt> out = new ArrayList<>();
      while (true) {
        skipNewlines();
        if (atEnd()) {
          throw new UnsupportedScriptException("unexpected end of script");
        }
        String w = t.get(i);
        for (String term : terminators) {
          if (w.equals(term)) {
            return out;
          }
        }
        switch (w) {
          case "echo" -> {
            i++;
            List<String> words = new ArrayList<>();
            boolean err = false;
            while (!atEnd()
                && !t.get(i).equals("\n")
                && !t.get(i).equals(";")
                && !t.get(i).equals(";;")) {
              String x = t.get(i++);
              if (x.equals("|") || x.equals("||") || x.equals("&&")) {
                throw new UnsupportedScriptException("echo in a pipe or list");
              }
              if (x.equals(">&2")) {
                err = true;
              } else {
                words.add(x);
              }
            }
            out.add(new Echo(words, err));
          }
          case "exit" -> {
            i++;
            String code = "0";
            if (!atEnd()
                && !t.get(i).equals("\n")
                && !t.get(i).equals(";")
                && !t.get(i).equals(";;")) {
              code = t.get(i++);
            }
            out.add(new Exit(code));
          }
          case "if" -> out.add(parseIf());
          default ->
              throw new UnsupportedScriptException(
                  "unsupported command '" + w.replace("\u0001", "$").replace("\u0002", "") + "'");
        }
      }
    }

    private If parseIf() throws UnsupportedScriptException {
      expect("if");
      List<List<String>> conds = new ArrayList<>();
      List<List<Stmt>> bodies = new ArrayList<>();
      List<Stmt> elseBody = List.of();
      conds.add(condition());
      bodies.add(statements("elif", "else", "fi"));
      while (true) {
        String w = next();
        if (w.equals("elif")) {
          conds.add(condition());
          bodies.add(statements("elif", "else", "fi"));
        } else if (w.equals("else")) {
          elseBody = statements("fi");
        } else if (w.equals("fi")) {
          return new If(conds, bodies, elseBody);
        } else {
          throw new UnsupportedScriptException("unexpected '" + w + "' in if");
        }
      }
    }

    /** Words up to {@code then} (separators and newlines dropped). */
    private List<String> condition() throws UnsupportedScriptException {
      List<String> words = new ArrayList<>();
      while (true) {
        String w = next();
        if (w.equals("then")) {
          return words;
        }
        if (!w.equals(";") && !w.equals("\n")) {
          words.add(w);
        }
      }
    }
  }
}
