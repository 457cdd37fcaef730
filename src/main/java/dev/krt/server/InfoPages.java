package dev.krt.server;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The pages over krt's other answers, each rendered from the same JSON its {@code /api} twin
 * serves: this host's toolchains × kernels, kernel releases × Rust releases, features × toolchains,
 * distributions.
 */
final class InfoPages {
  private InfoPages() {}

  private static boolean failed(Html h, JsonNode n, String api) {
    if (n == null) {
      h.raw("<p>No kernel tree: start <code>krt serve --kernel SRC</code> to see this.</p>");
      return true;
    }
    if (n.has("error")) {
      h.raw("<p class=\"fail\">").text(n.path("error").asText()).raw("</p>");
      return true;
    }
    h.raw("<p>").link(api, "JSON").raw("</p>");
    return false;
  }

  /** Toolchains as rows, kernels as columns, krt check's verdict in each cell. */
  static String toolchains(JsonNode n) {
    Html h = new Html();
    h.el("h1", "", "This host's toolchains × kernels");
    if (failed(h, n, "/api/toolchains")) {
      return Html.page("Toolchains", h.toString());
    }
    List<String> kernels = new ArrayList<>();
    Map<String, Map<String, JsonNode>> byToolchain = new LinkedHashMap<>();
    for (JsonNode check : n.path("checks")) {
      if (check.has("error")) {
        h.raw("<p class=\"fail\">").text(check.path("error").asText()).raw("</p>");
        continue;
      }
      String k =
          "Linux "
              + check.path("kernel").path("version").asText()
              + (check.path("kernel").path("builtin").asBoolean() ? " (built-in policy)" : "");
      kernels.add(k);
      for (JsonNode t : check.path("toolchains")) {
        byToolchain.computeIfAbsent(t.path("name").asText(), x -> new LinkedHashMap<>()).put(k, t);
      }
    }
    h.raw(
        "<div class=\"scroll\"><table><tr><th>toolchain</th><th>rustc</th><th>bindgen / libclang</th>");
    kernels.forEach(k -> h.el("th", "", k));
    h.raw("</tr>");
    for (Map.Entry<String, Map<String, JsonNode>> e : byToolchain.entrySet()) {
      JsonNode any = e.getValue().values().iterator().next();
      h.raw("<tr>")
          .el("th", "", e.getKey())
          .el(
              "td",
              "class=\"mono\"",
              any.path("found").path("rustc").path("version_line").asText(""))
          .el(
              "td",
              "class=\"mono\"",
              any.path("found").path("bindgen").path("version").asText("")
                  + " / "
                  + any.path("found").path("libclang").asText(""));
      for (String k : kernels) {
        JsonNode t = e.getValue().get(k);
        if (t == null) {
          h.raw("<td></td>");
          continue;
        }
        String verdict = t.path("verdict").asText();
        List<String> ids = new ArrayList<>();
        t.path("findings")
            .forEach(
                f -> {
                  if (!f.path("severity").asText().equals("info")) {
                    ids.add(f.path("id").asText());
                  }
                });
        h.raw("<td class=\"" + Html.esc(verdict) + "\">")
            .text(verdict.replace('_', ' '))
            .raw(
                ids.isEmpty()
                    ? ""
                    : "<br><span class=\"muted mono\">"
                        + Html.esc(String.join(", ", ids))
                        + "</span>")
            .raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw("</table></div>");
    return Html.page("Toolchains", h.toString());
  }

  /** Rust releases as rows, kernel releases as columns: minimum, pinned, accepted, warned. */
  static String knowledge(JsonNode n) {
    Html h = new Html();
    h.el("h1", "", "Kernel releases × Rust releases");
    if (failed(h, n, "/api/knowledge")) {
      return Html.page("Kernels × Rust", h.toString());
    }
    Set<String> kernels = new LinkedHashSet<>();
    for (JsonNode r : n.path("releases")) {
      for (String f :
          List.of("accepted_by", "accepted_with_warnings_by", "minimum_of", "pinned_by")) {
        r.path(f).forEach(k -> kernels.add(k.asText()));
      }
    }
    List<String> ks = new ArrayList<>(kernels);
    ks.sort(InfoPages::byVersion);
    h.raw("<p class=\"muted\">As of ")
        .text(n.path("date").asText())
        .raw(
            ". ✓ accepted, ! accepted with warnings, min: the kernel's minimum, pin: its pinned version.</p>");
    h.raw("<div class=\"scroll\"><table><tr><th>Rust</th><th>date</th>");
    ks.forEach(k -> h.el("th", "", k));
    h.raw("</tr>");
    for (JsonNode r : n.path("releases")) {
      h.raw("<tr>")
          .el("th", "", r.path("version").asText())
          .el(
              "td",
              "class=\"nowrap\"",
              r.path("date").asText()
                  + (r.path("channel").asText().equals("released")
                      ? ""
                      : " (" + r.path("channel").asText() + ")"));
      for (String k : ks) {
        boolean min = contains(r.path("minimum_of"), k);
        boolean pin = contains(r.path("pinned_by"), k);
        boolean ok = contains(r.path("accepted_by"), k);
        boolean warn = contains(r.path("accepted_with_warnings_by"), k);
        String cls = ok ? "available" : warn ? "warned" : "";
        String label = (pin ? "pin " : min ? "min " : "") + (ok ? "✓" : warn ? "!" : "");
        h.el("td", cls.isEmpty() ? "" : "class=\"" + cls + "\"", label.trim());
      }
      h.raw("</tr>");
    }
    h.raw("</table></div>");
    return Html.page("Kernels × Rust", h.toString());
  }

  private static boolean contains(JsonNode a, String s) {
    for (JsonNode x : a) {
      if (x.asText().equals(s)) {
        return true;
      }
    }
    return false;
  }

  private static int byVersion(String a, String b) {
    String[] x = a.replace(".y", "").split("\\.");
    String[] y = b.replace(".y", "").split("\\.");
    for (int i = 0; i < Math.min(x.length, y.length); i++) {
      int c = Integer.compare(num(x[i]), num(y[i]));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(x.length, y.length) != 0
        ? Integer.compare(x.length, y.length)
        : a.compareTo(b);
  }

  private static int num(String s) {
    try {
      return Integer.parseInt(s.replaceAll("\\D.*", ""));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** Features as rows, toolchains as columns, each cell the feature's status on that compiler. */
  static String features(JsonNode n) {
    Html h = new Html();
    h.el("h1", "", "Unstable features × toolchains");
    if (failed(h, n, "/api/features")) {
      return Html.page("Features", h.toString());
    }
    h.raw("<p>")
        .text(
            "Linux "
                + n.path("kernel").path("version").asText()
                + " ("
                + n.path("kernel").path("source").asText()
                + "), minimum rustc "
                + n.path("minimum").asText("?"))
        .raw("</p>");
    List<String> blockers = new ArrayList<>();
    n.path("blockers").forEach(b -> blockers.add(b.asText()));
    h.raw("<p><b>Still unstable on the newest toolchain (")
        .text(n.path("newest").asText("?"))
        .raw("):</b> ")
        .text(blockers.isEmpty() ? "none" : String.join(", ", blockers))
        .raw("</p>");
    h.raw("<div class=\"scroll\"><table><tr><th>feature</th><th>uses</th>");
    n.path("toolchains")
        .forEach(
            t -> h.el("th", "", t.path("name").asText() + " (" + t.path("version").asText() + ")"));
    h.raw("</tr>");
    for (JsonNode f : n.path("usage").path("features")) {
      String name = f.path("name").asText();
      h.raw("<tr>")
          .el("th", "class=\"mono\"", name)
          .el("td", "", String.valueOf(f.path("uses").size()));
      for (JsonNode t : n.path("toolchains")) {
        JsonNode s = t.path("features").path(name);
        String status = s.path("status").asText("");
        String cls =
            status.equals("stable")
                ? "available"
                : status.equals("unstable")
                        || status.equals("incomplete")
                        || status.equals("internal")
                    ? "warned"
                    : status.equals("removed") || status.equals("unknown") ? "not_available" : "";
        h.el(
            "td",
            cls.isEmpty() ? "" : "class=\"" + cls + "\"",
            status + (s.path("since").isTextual() ? " " + s.path("since").asText() : ""));
      }
      h.raw("</tr>");
    }
    h.raw("</table></div>");
    return Html.page("Features", h.toString());
  }

  /** Each distribution release and what its packages can build. */
  static String distros(JsonNode n) {
    Html h = new Html();
    h.el("h1", "", "Distributions");
    if (failed(h, n, "/api/distros")) {
      return Html.page("Distros", h.toString());
    }
    h.raw(
        "<div class=\"scroll\"><table><tr><th>distribution</th><th>packages</th><th>rustc</th><th>bindgen</th><th>libclang</th><th>builds (newest kernels it accepts)</th></tr>");
    for (JsonNode d : n.path("distros")) {
      for (JsonNode o : d.path("options")) {
        JsonNode opt = o.path("option");
        List<String> ok = new ArrayList<>();
        o.path("kernels")
            .forEach(
                k -> {
                  if (!k.path("verdict").asText().equals("not_available")) {
                    ok.add(k.path("kernel").path("name").asText());
                  }
                });
        h.raw("<tr>")
            .el("th", "", d.path("name").asText())
            .el("td", "", opt.path("label").asText())
            .el("td", "", opt.path("rustc").asText(""))
            .el("td", "", opt.path("bindgen").asText(""))
            .el("td", "", opt.path("libclang").asText(""))
            .el(
                "td",
                ok.isEmpty() ? "class=\"not_available\"" : "class=\"available\"",
                ok.isEmpty()
                    ? "none"
                    : String.join(", ", ok.subList(Math.max(0, ok.size() - 6), ok.size())))
            .raw("</tr>");
      }
    }
    h.raw("</table></div>");
    return Html.page("Distros", h.toString());
  }
}
