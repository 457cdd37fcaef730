package dev.krt.cli;

import dev.krt.report.Json;
import dev.krt.report.TextTable;
import dev.krt.report.CompatJson;
import dev.krt.error.UserException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.KbScan;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt kb scan}: the policy table of every release tag of a kernel repository. */
@Command(
    name = "scan",
    header = "Reads the toolchain policy at every release tag of a kernel repository; --diff against krt's dataset.",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
      "Reads scripts/min-tool-version.sh and scripts/rust_is_available.sh at every release tag of a",
      "kernel git repository (JGit, no checkout) and prints the toolchain policy table: rustc,",
      "bindgen and LLVM per architecture, pinned or minimum, the checker era. --diff shows where the",
      "repository disagrees with krt's built-in dataset (update the dataset when a kernel ships)."
    },
    footer = {
      "",
      "Exit codes: 0 scanned (and with --diff: no difference), 1 differences found, 2 bad input.",
      "",
      "Examples:",
      "  krt kb scan --git ~/src/linux",
      "  krt kb scan --git ~/src/linux --tags 'v6.*' --diff"
    })
public final class KbScanCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(names = "--git", paramLabel = "REPO", required = true, description = "A kernel git repository (work tree or bare).")
  Path git;

  @Option(names = "--tags", paramLabel = "GLOB", description = "Tags to read (* and ?); default: every release tag vX.Y and vX.Y.Z (no -rc).")
  String tags;

  @Option(names = "--diff", description = "Only show where the tags disagree with krt's built-in dataset.")
  boolean diff;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  /** What the scan found, and (with --diff) the disagreements. */
  public record Report(Path repo, List<KbScan.Scanned> scanned, List<KbScan.Difference> differences) {}

  @Override
  public Integer call() throws IOException {
    Report r = compute();
    if (format.json()) {
      json(r);
    } else if (diff) {
      diffText(r);
    } else {
      table(r);
    }
    return diff && !r.differences().isEmpty() ? ExitCodes.NEGATIVE : ExitCodes.OK;
  }

  public Report compute() throws IOException {
    Path repo = ctx.cwd().resolve(git).normalize();
    KernelTreeLoader loader = ShellMinToolVersion.treeLoader();
    List<KbScan.Scanned> s = KbScan.scan(repo, Optional.ofNullable(tags), loader);
    if (s.isEmpty()) {
      throw new UserException(tags == null ? "no release tags (vX.Y, vX.Y.Z) in " + repo + " (try --tags GLOB)" : "no tags matching '" + tags + "' in " + repo);
    }
    if (s.stream().noneMatch(KbScan.Scanned::hasRust) && s.stream().allMatch(x -> x.problem().isPresent())) {
      throw new UserException("none of the " + s.size() + " tags in " + repo + " holds a kernel krt can read: " + s.get(0).tag() + ": " + s.get(0).problem().get());
    }
    return new Report(repo, s, diff ? KbScan.diff(s, KernelPolicies.builtin()) : List.of());
  }

  private void table(Report r) {
    var out = ctx.out();
    out.println(String.format("%-12s %-11s %-8s %-8s %-8s %-9s %-9s %s", "tag", "version", "rustc", "bindgen", "llvm", "policy", "checker", "per-arch differences"));
    for (KbScan.Scanned s : r.scanned()) {
      if (s.problem().isPresent()) {
        out.println(String.format("%-12s %s", s.tag(), "-- " + s.problem().get()));
        continue;
      }
      if (!s.hasRust()) {
        out.println(String.format("%-12s %-11s %s", s.tag(), s.version().get(), "no Rust support"));
        continue;
      }
      ToolPolicy x = s.policies().get("x86_64");
      List<String> other = new ArrayList<>();
      for (Map.Entry<String, ToolPolicy> e : s.policies().entrySet()) {
        ToolPolicy p = e.getValue();
        if (!p.rustc().equals(x.rustc())) {
          other.add(e.getKey() + " rustc " + p.rustc());
        }
        if (!p.bindgen().equals(x.bindgen())) {
          other.add(e.getKey() + " bindgen " + p.bindgen());
        }
        if (!p.llvm().equals(x.llvm())) {
          other.add(e.getKey() + " llvm " + p.llvm());
        }
      }
      var era = s.era().get();
      out.println(String.format("%-12s %-11s %-8s %-8s %-8s %-9s %-9s %s", s.tag(), s.version().get(), x.rustc(), x.bindgen(), x.llvm(), era.pinned() ? "pinned" : "minimum", era.name(), String.join(", ", other)));
    }
    out.println("(rustc/bindgen/llvm for ARCH=x86_64; the last column lists the architectures that differ)");
  }

  private void diffText(Report r) {
    var out = ctx.out();
    if (r.differences().isEmpty()) {
      out.println("the " + r.scanned().size() + " tags agree with krt's built-in dataset");
      return;
    }
    TextTable t = new TextTable("").row("tag", "row", "what", "tree says", "dataset says");
    for (KbScan.Difference d : r.differences()) {
      t.row(d.tag(), d.row(), d.what(), d.tree(), d.dataset());
    }
    t.print(out);
    out.println(r.differences().size() + " difference(s): update src/main/resources/dev/krt/knowledge/kernel-policies.json (each row cites its source)");
  }

  private void json(Report r) throws IOException {
    ObjectNode root = Json.object();
    root.put("schema", "krt.kb-scan/1");
    root.put("repository", r.repo().toString());
    ArrayNode tags = root.putArray("tags");
    for (KbScan.Scanned s : r.scanned()) {
      ObjectNode n = tags.addObject();
      n.put("tag", s.tag());
      n.put("commit", s.commit());
      n.put("version", s.version().map(Object::toString).orElse(null));
      n.put("rust", s.hasRust());
      n.put("problem", s.problem().orElse(null));
      n.set("era", s.era().map(e -> (com.fasterxml.jackson.databind.JsonNode) Json.object().put("name", e.name()).put("spec", e.spec()).put("pinned", e.pinned())).orElse(null));
      ObjectNode pol = n.putObject("policies");
      s.policies().forEach((a, p) -> pol.set(a, CompatJson.policy(p)));
    }
    if (diff) {
      ArrayNode ds = root.putArray("differences");
      for (KbScan.Difference d : r.differences()) {
        ds.addObject().put("tag", d.tag()).put("row", d.row()).put("what", d.what()).put("tree", d.tree()).put("dataset", d.dataset());
      }
    }
    Json.print(root, ctx.out());
  }
}
