package dev.krt.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.krt.store.CellRow;
import dev.krt.store.RunRow;
import dev.krt.store.StepRow;
import dev.krt.store.StepStatus;
import dev.krt.store.Store;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The pages of matrix runs: the dashboard, a run's grid, a cell, its log. */
final class RunPages {
  private RunPages() {}

  static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

  static String dashboard(Store store) {
    Html h = new Html();
    h.el("h1", "", "Kernel Rust toolchains");
    RunViews.Page latest = RunViews.page(store, 10, Optional.empty());
    if (latest.runs().isEmpty()) {
      h.raw(
          "<p>No matrix runs yet. Start one with <code>krt matrix run MATRIX.yaml</code>, or post results to <code>/api/runs</code>.</p>");
    } else {
      h.el("h2", "", "Latest runs");
      runTable(h, latest);
      if (latest.next().isPresent()) {
        h.raw("<p>").link("/runs", "All runs").raw("</p>");
      }
    }
    h.el("h2", "", "More");
    h.raw("<ul><li>")
        .link("/toolchains", "This host's toolchains × kernels")
        .raw(" — what krt check says</li>");
    h.raw("<li>").link("/knowledge", "Kernel releases × Rust releases").raw("</li>");
    h.raw("<li>").link("/features", "Unstable features × toolchains").raw("</li>");
    h.raw("<li>").link("/distros", "Distributions").raw("</li>");
    h.raw("<li>").link("/api", "The JSON API").raw("</li></ul>");
    return Html.page("Dashboard", h.toString());
  }

  /** The run list, 100 runs a page, newest first. */
  static String runs(Store store, RunViews.Page page) {
    Html h = new Html();
    h.el("h1", "", "Matrix runs");
    if (page.runs().isEmpty()) {
      h.raw("<p>No runs here.</p>");
    } else {
      runTable(h, page);
    }
    page.next()
        .ifPresent(
            n ->
                h.raw("<nav class=\"pages\">")
                    .link("/runs?before=" + Html.seg(n), "older runs →")
                    .raw("</nav>"));
    return Html.page("Runs", h.toString());
  }

  private static void runTable(Html h, RunViews.Page page) {
    h.raw(
        "<div class=\"scroll\"><table><tr><th>run</th><th>status</th><th>started</th><th>matrix</th><th>pass</th><th>fail</th><th>other</th></tr>");
    for (RunRow r : page.runs()) {
      Map<String, Integer> c = page.counts().get(r.id());
      int pass = c.getOrDefault("pass", 0);
      int fail = c.getOrDefault("fail", 0) + c.getOrDefault("error", 0);
      int other = c.values().stream().mapToInt(Integer::intValue).sum() - pass - fail;
      h.raw("<tr><td>").link("/runs/" + Html.seg(r.id()), r.id()).raw("</td>");
      h.el("td", "", r.status().wire())
          .el("td", "", WHEN.format(Instant.ofEpochMilli(r.createdAt())))
          .el("td", "class=\"mono\"", RunViews.matrixName(r));
      h.el("td", pass > 0 ? "class=\"pass\"" : "", String.valueOf(pass))
          .el("td", fail > 0 ? "class=\"fail\"" : "", String.valueOf(fail))
          .el("td", "", String.valueOf(other))
          .raw("</tr>");
    }
    h.raw("</table></div>");
  }

  /** A run as a grid: a row per kernel × arch × config, a column per toolchain. */
  static String run(RunViews.Matrix m) {
    RunRow r = m.run();
    Html h = new Html();
    h.el("h1", "", "Run " + r.id());
    h.raw("<p>")
        .text(
            r.status()
                + " · started "
                + WHEN.format(Instant.ofEpochMilli(r.createdAt()))
                + " on "
                + r.host()
                + " · ")
        .el("span", "class=\"mono\"", RunViews.matrixName(r))
        .raw(" · ")
        .link("/api/runs/" + Html.seg(r.id()), "JSON")
        .raw("</p>");
    Set<String> toolchains = new LinkedHashSet<>();
    Map<String, Map<String, CellRow>> rows = new LinkedHashMap<>();
    for (CellRow c : m.cells()) {
      toolchains.add(c.toolchain());
      rows.computeIfAbsent(
              c.kernel() + " · " + c.arch() + " · " + c.config(), k -> new LinkedHashMap<>())
          .put(c.toolchain(), c);
    }
    if (m.cells().isEmpty()) {
      h.raw("<p>No cells yet.</p>");
      return Html.page("Run " + r.id(), h.toString());
    }
    h.raw("<div class=\"scroll\"><table class=\"grid\"><tr><th>kernel · arch · config</th>");
    toolchains.forEach(t -> h.el("th", "", t));
    h.raw("</tr>");
    for (Map.Entry<String, Map<String, CellRow>> row : rows.entrySet()) {
      h.raw("<tr>").el("th", "", row.getKey());
      for (String t : toolchains) {
        CellRow c = row.getValue().get(t);
        if (c == null) {
          h.raw("<td></td>");
          continue;
        }
        String label =
            c.status()
                + c.classification().map(x -> ": " + x).orElse("")
                + c.durationMs().map(d -> " (" + dev.krt.text.Durations.human(d) + ")").orElse("");
        h.raw(
                "<td class=\"cell "
                    + c.status()
                    + (c.reusedFrom().isPresent() ? " reused" : "")
                    + "\" data-status=\""
                    + Html.esc(c.status().wire())
                    + "\">")
            .link("/runs/" + Html.seg(r.id()) + "/cells/" + Html.seg(c.key()), label);
        // A farm cell says where it was built.
        c.worker().ifPresent(w -> h.raw("<br>").el("span", "class=\"muted worker\"", w));
        h.raw("</td>");
      }
      h.raw("</tr>");
    }
    h.raw(
        "</table></div><p class=\"muted\">Italic: reused from an earlier run (unchanged cell).</p>");
    return Html.page("Run " + r.id(), h.toString());
  }

  static String cell(Store store, CellRow c) {
    Html h = new Html();
    String run = Html.seg(c.runId());
    String base = "/runs/" + run + "/cells/" + Html.seg(c.key());
    h.el("h1", "", c.kernel() + " × " + c.toolchain() + " × " + c.arch() + " × " + c.config());
    h.raw("<p>")
        .link("/runs/" + run, "run " + c.runId())
        .raw(" · ")
        .link("/api" + base, "JSON")
        .raw("</p>");
    h.raw(
            "<table><tr><th>status</th><td class=\""
                + Html.esc(c.status().wire())
                + "\" id=\"status\">")
        .text(c.status().wire())
        .raw("</td></tr>");
    c.durationMs()
        .ifPresent(
            d ->
                h.raw("<tr><th>time</th><td>")
                    .text(dev.krt.text.Durations.human(d))
                    .raw("</td></tr>"));
    c.failedStep().ifPresent(s -> h.raw("<tr><th>failed step</th><td>").text(s).raw("</td></tr>"));
    c.classification()
        .ifPresent(
            s -> h.raw("<tr><th>why</th><td id=\"classification\">").text(s).raw("</td></tr>"));
    c.reusedFrom()
        .ifPresent(
            s ->
                h.raw("<tr><th>reused from</th><td>")
                    .link("/runs/" + Html.seg(s), s)
                    .raw("</td></tr>"));
    c.worker()
        .ifPresent(w -> h.raw("<tr><th>worker</th><td id=\"worker\">").text(w).raw("</td></tr>"));
    h.raw("<tr><th>key</th><td class=\"mono\">").text(c.key()).raw("</td></tr></table>");
    c.firstError()
        .ifPresent(
            e -> {
              h.el("h2", "", "First error");
              h.raw("<pre class=\"firsterror\" id=\"first-error\">").text(e).raw("</pre>");
            });
    if (c.logPath().isPresent()) {
      Optional<Integer> line = firstErrorLine(c);
      h.raw("<p>")
          .link(
              base + "/log" + line.map(l -> "#L" + l).orElse(""),
              line.map(l -> "Log, at the first error (line " + l + ")").orElse("Log"))
          .raw("</p>");
    }
    List<dev.krt.store.FarmCells.Refusal> refused = store.farm().refusals(c.runId(), c.key());
    if (!refused.isEmpty()) {
      h.el("h2", "", "Workers that would not build it");
      h.raw("<ul id=\"refusals\">");
      refused.forEach(r -> h.raw("<li>").text(r.reason()).raw("</li>"));
      h.raw("</ul>");
    }
    List<StepRow> steps = store.steps(c.runId(), c.key());
    if (!steps.isEmpty()) {
      h.el("h2", "", "Steps");
      h.raw("<table><tr><th>step</th><th>status</th><th>exit</th><th>time</th><th>why</th></tr>");
      for (StepRow s : steps) {
        h.raw("<tr>")
            .el("td", "", s.name())
            .el("td", "class=\"" + Html.esc(s.status().wire()) + "\"", s.status().wire())
            .el("td", "", s.exitCode().map(String::valueOf).orElse(""))
            .el(
                "td",
                "",
                s.status() == StepStatus.SKIPPED
                    ? ""
                    : dev.krt.text.Durations.human(s.durationMs()))
            .el("td", "", s.classification().orElse(""))
            .raw("</tr>");
      }
      h.raw("</table>");
    }
    metadata(c)
        .ifPresent(
            m -> {
              h.el("h2", "", "Toolchain and config");
              h.raw("<table>");
              row(h, "rustc", m.path("rust").path("rustc_version_full"));
              row(h, "bindgen", m.path("rust").path("bindgen_version"));
              row(h, "libclang", m.path("rust").path("libclang_version"));
              row(h, "C compiler", m.path("compiler").path("version_full"));
              row(h, "RUST_LIB_SRC", m.path("rust").path("rust_lib_src"));
              row(h, "krt check said", m.path("krt_check").path("verdict"));
              m.path("kconfig").fields().forEachRemaining(e -> row(h, e.getKey(), e.getValue()));
              h.raw("</table>");
              JsonNode w = m.path("results").path("warnings");
              if (w.size() > 0) {
                h.el("h2", "", "Warnings (" + w.size() + ")");
                h.raw("<ul>");
                w.forEach(x -> h.el("li", "class=\"mono\"", x.asText()));
                h.raw("</ul>");
              }
            });
    return Html.page(c.toolchain() + " · " + c.kernel(), h.toString());
  }

  private static void row(Html h, String name, JsonNode v) {
    if (!v.isMissingNode() && !v.isNull()) {
      h.raw("<tr><th>")
          .text(name)
          .raw("</th><td class=\"mono\">")
          .text(v.asText())
          .raw("</td></tr>");
    }
  }

  /** A page of the log, line numbers as anchors, the first error's line marked. */
  static String log(CellRow c, LogReader.Page p) {
    Html h = new Html();
    String base = "/runs/" + Html.seg(c.runId()) + "/cells/" + Html.seg(c.key());
    h.el(
        "h1",
        "",
        "Log: " + c.kernel() + " × " + c.toolchain() + " × " + c.arch() + " × " + c.config());
    h.raw("<p>")
        .link(base, "back to the cell")
        .raw(" · lines ")
        .text(p.lines().isEmpty() ? "none" : p.from() + "–" + (p.from() + p.lines().size() - 1))
        .text(" of " + p.total())
        .raw("</p>");
    Optional<Integer> hit = firstErrorLine(c);
    Html nav = new Html();
    nav.raw("<nav class=\"pages\">");
    int size = 500;
    if (p.from() > 1) {
      nav.link(base + "/log?from=" + Math.max(1, p.from() - size), "← earlier");
    }
    if (p.from() + p.lines().size() <= p.total()) {
      nav.link(base + "/log?from=" + (p.from() + p.lines().size()), "later →");
      nav.link(base + "/log?from=" + Math.max(1, p.total() - size + 1), "end");
    }
    hit.ifPresent(l -> nav.link(base + "/log#L" + l, "first error (line " + l + ")"));
    nav.raw("</nav>");
    h.raw(nav.toString());
    h.raw("<div class=\"scroll\"><table class=\"log\">");
    int n = p.from();
    for (String line : p.lines()) {
      boolean isHit = hit.isPresent() && hit.get() == n;
      h.raw(
              "<tr id=\"L"
                  + n
                  + "\""
                  + (isHit ? " class=\"hit\"" : "")
                  + "><td class=\"n\"><a href=\"#L"
                  + n
                  + "\">"
                  + n
                  + "</a></td><td>")
          .text(line)
          .raw("</td></tr>");
      n++;
    }
    h.raw("</table></div>").raw(nav.toString());
    return Html.page("Log", h.toString());
  }

  /** The log line of the first error, from the metadata krt wrote (or a search for its text). */
  static Optional<Integer> firstErrorLine(CellRow c) {
    return metadata(c)
        .map(m -> m.path("results").path("first_error_line"))
        .filter(JsonNode::canConvertToInt)
        .map(JsonNode::asInt)
        .filter(l -> l > 0);
  }

  static Optional<JsonNode> metadata(CellRow c) {
    if (c.metadataJson().isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(KrtServer.M.readTree(c.metadataJson().get()));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
