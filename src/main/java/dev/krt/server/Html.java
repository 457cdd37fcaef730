package dev.krt.server;

/**
 * Server-rendered HTML without a template engine: every text that is not krt's own goes through
 * {@link #esc}. Pages use no script at all (the CSP forbids it), so a log line holding {@code
 * <script>} is only ever text.
 */
final class Html {
  private final StringBuilder b = new StringBuilder(8192);

  static String esc(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder o = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> o.append("&lt;");
        case '>' -> o.append("&gt;");
        case '&' -> o.append("&amp;");
        case '"' -> o.append("&quot;");
        case '\'' -> o.append("&#39;");
        default -> {
          // Control characters (a log's escape sequences) would only garble the page.
          if (c < 0x20 && c != '\t') {
            o.append('\uFFFD');
          } else {
            o.append(c);
          }
        }
      }
    }
    return o.toString();
  }

  /** A URL path segment (ids and keys are checked before, this is a second line of defence). */
  static String seg(String s) {
    return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
        .replace("+", "%20");
  }

  Html raw(String s) {
    b.append(s);
    return this;
  }

  Html text(String s) {
    b.append(esc(s));
    return this;
  }

  /** {@code <tag attrs>text</tag>} with the text escaped; attrs are krt's own. */
  Html el(String tag, String attrs, String text) {
    b.append('<')
        .append(tag)
        .append(attrs.isEmpty() ? "" : " " + attrs)
        .append('>')
        .append(esc(text))
        .append("</")
        .append(tag)
        .append('>');
    return this;
  }

  Html link(String href, String text) {
    b.append("<a href=\"").append(esc(href)).append("\">").append(esc(text)).append("</a>");
    return this;
  }

  static final String CSS =
      """
      body{font:15px/1.45 system-ui,-apple-system,sans-serif;margin:0;color:#1b1f23;background:#fafbfc}
      header{background:#24292e;color:#fff;padding:.6em 1em;display:flex;flex-wrap:wrap;gap:.2em 1.2em;align-items:baseline}
      header a{color:#fff;text-decoration:none}header b{font-size:1.1em;margin-right:.5em}
      main{padding:1em;max-width:1400px}
      h1{font-size:1.35em;margin:.2em 0 .6em}h2{font-size:1.1em;margin:1.2em 0 .4em}
      table{border-collapse:collapse;margin:.4em 0}th,td{border:1px solid #d1d5da;padding:.25em .5em;text-align:left;vertical-align:top}
      th{background:#f1f3f5;position:sticky;top:0}
      .scroll{overflow-x:auto;max-width:100%}
      .pass,.available{background:#dcffe4}.fail,.not_available{background:#ffdce0}.error,.available_with_warnings,.warned{background:#fff5b1}
      .pending{background:#f1f3f5}.running{background:#dbedff}.reused{font-style:italic}
      td.cell a{display:block;color:inherit;text-decoration:none}
      .nowrap{white-space:nowrap}.muted{color:#6a737d}.mono,pre,.log{font-family:ui-monospace,SFMono-Regular,Menlo,monospace;font-size:13px}
      .log{border-collapse:collapse;width:100%}.log td{border:0;padding:0 .6em;white-space:pre-wrap;word-break:break-all}
      .log td.n{color:#6a737d;text-align:right;user-select:none;width:1%;white-space:nowrap}
      .log tr.hit{background:#ffdce0}.log tr.hit td{font-weight:600}
      .firsterror{background:#ffdce0;padding:.5em;border-left:4px solid #d73a49;overflow-x:auto}
      nav.pages a{margin-right:.6em}
      @media (max-width:600px){main{padding:.5em}th,td{padding:.2em .3em}body{font-size:14px}}
      """;

  /** The page around a body: title, navigation, styles. */
  static String page(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        + "<title>"
        + esc(title)
        + " · krt</title><style>"
        + CSS
        + "</style></head><body>"
        + "<header><b><a href=\"/\">krt</a></b><a href=\"/runs\">runs</a><a href=\"/toolchains\">toolchains</a>"
        + "<a href=\"/knowledge\">kernels × Rust</a><a href=\"/features\">features</a><a href=\"/distros\">distros</a><a href=\"/api\">API</a></header>"
        + "<main>"
        + body
        + "</main></body></html>\n";
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
