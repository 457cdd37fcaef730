package dev.krt.cli;

import dev.krt.app.ToolchainSelection;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code krt toolchains}: the toolchains krt finds here, by name (no probing). */
@Command(
    name = "toolchains",
    header = "The Rust toolchains krt finds here (the names krt check --toolchain takes).",
    mixinStandardHelpOptions = true,
    description = {
      "Lists the Rust toolchains krt finds on this machine: the one make would use (RUSTC/BINDGEN/CC",
      "or PATH), rustup toolchains, distro layouts, and the toolchains file. Use the names with",
      "'krt check --toolchain NAME'."
    })
public final class ToolchainsCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(names = "--toolchains", paramLabel = "FILE", description = "Toolchains file (TOML) instead of $KRT_TOOLCHAINS or ~/.config/krt/toolchains.toml.")
  java.nio.file.Path file;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ToolchainSelection sel = new ToolchainSelection(List.of(), false, Optional.ofNullable(file), ToolchainSelection.Programs.NONE);
    Map<String, Toolchain> known = sel.known(ctx.workspace(), new ToolchainDiscovery(ctx.env(), ctx.cwd()));
    if (format.json()) {
      ObjectMapper m = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
      ObjectNode root = m.createObjectNode();
      root.put("schema", "krt.toolchains/1");
      ArrayNode a = root.putArray("toolchains");
      for (Toolchain t : known.values()) {
        ObjectNode n = a.addObject();
        n.put("name", t.name());
        n.put("origin", t.origin());
        n.put("description", t.description());
        ArrayNode vars = n.putArray("make");
        t.makeVariables().forEach(vars::add);
      }
      ctx.out().println(m.writeValueAsString(root));
    } else {
      if (known.isEmpty()) {
        ctx.out().println("No Rust toolchain found (no rustc in PATH, no rustup toolchains, no toolchains file).");
      }
      for (Toolchain t : known.values()) {
        ctx.out().println(t.name() + "  (" + t.origin() + ": " + t.description() + ")");
        ctx.out().println("    " + String.join(" ", t.makeVariables()));
      }
    }
    return ExitCodes.OK;
  }
}
