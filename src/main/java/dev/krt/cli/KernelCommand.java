package dev.krt.cli;

import dev.krt.report.CheckJson;
import dev.krt.app.ResolvedKernel;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.ToolPolicy;
import dev.krt.knowledge.KnownRow;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code krt kernel}: what krt reads from a kernel: version, Rust support, checker era, minimums. */
@Command(
    name = "kernel",
    header = "What krt reads from a kernel: version, Rust support, checker era, tool minimums per ARCH.",
    mixinStandardHelpOptions = true,
    description = {
      "Shows what krt reads from a kernel source: its version, whether it has Rust support, which",
      "checks its scripts/rust_is_available.sh makes (the checker era), and the rustc / bindgen /",
      "libclang minimums of scripts/min-tool-version.sh for the Rust architectures."
    },
    footer = {"", "Example: krt kernel --kernel /usr/src/linux-source-6.12.tar.xz"})
public final class KernelCommand implements Callable<Integer>, KrtSubcommand {

  private KrtContext ctx;

  @Mixin KernelOptions kernelOptions = new KernelOptions();

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ResolvedKernel r = kernelOptions.resolve(ctx);
    KernelTree k = r.tree();
    List<String> arches = kernelOptions.arch.given() ? List.of(kernelOptions.arch(ctx).arch()) : Arch.RUST_ARCHES;
    if (format.json()) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = m.createObjectNode();
      root.put("schema", "krt.kernel/1");
      root.setAll(CheckJson.kernel(k, r.note(), r.knownRow().map(KnownRow::note), k.policy(kernelOptions.arch(ctx))));
      ArrayNode pa = root.putArray("policies");
      for (String a : arches) {
        ToolPolicy p = k.policy(Arch.of(a));
        ObjectNode n = pa.addObject();
        n.put("arch", a);
        n.put("srcarch", p.arch().srcarch());
        n.put("rustc", p.rustc());
        n.put("bindgen", p.bindgen());
        n.put("llvm", p.llvm());
      }
      ctx.out().println(m.writeValueAsString(root));
      return ExitCodes.OK;
    }
    ctx.out().println(k.title());
    if (!r.note().isEmpty()) {
      ctx.out().println("  (" + r.note() + ")");
    }
    r.knownRow().ifPresent(n -> ctx.out().println("  (" + n.note() + ")"));
    if (!k.hasRust()) {
      ctx.out().println("  no Rust support (scripts/rust_is_available.sh appeared in Linux 6.1)");
      return ExitCodes.OK;
    }
    k.era().ifPresent(e -> {
      String text = e.blobId().map(b -> ", script blob " + b.substring(0, 12) + (CheckerEra.knownText(b).isPresent() ? ", a text krt is tested against" : ", a text krt was never tested against: its checks are read from it")).orElse("");
      ctx.out().println("  checker era: " + e.name() + " (" + e.basis() + text + ")");
      for (String f : e.describeFeatures()) {
        ctx.out().println("    - " + f);
      }
    });
    ToolPolicy def = k.policy(kernelOptions.arch(ctx));
    ctx.out().println("  policy: " + (def.pinned() ? "pinned versions (newer ones get \"too new\" warnings)" : "minimum versions") + "; " + def.basis());
    ctx.out().println(String.format("  %-10s %-9s %-9s %s", "ARCH", "rustc", "bindgen", "llvm/libclang"));
    for (String a : arches) {
      ToolPolicy p = k.policy(Arch.of(a));
      ctx.out().println(String.format("  %-10s %-9s %-9s %s", a, p.rustc(), p.bindgen(), p.llvm()));
    }
    return ExitCodes.OK;
  }
}
