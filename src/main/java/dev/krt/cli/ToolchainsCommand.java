package dev.krt.cli;

import dev.krt.app.ToolchainSelection;
import dev.krt.report.ToolchainsJson;
import dev.krt.report.ToolchainsText;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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

  @Option(
      names = "--toolchains",
      paramLabel = "FILE",
      description =
          "Toolchains file (TOML) instead of $KRT_TOOLCHAINS or ~/.config/krt/toolchains.toml.")
  java.nio.file.Path file;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    ToolchainSelection sel =
        new ToolchainSelection(
            List.of(), false, Optional.ofNullable(file), ToolchainSelection.Programs.NONE);
    Map<String, Toolchain> known =
        sel.known(ctx.workspace(), new ToolchainDiscovery(ctx.env(), ctx.cwd()));
    List<Toolchain> list = List.copyOf(known.values());
    if (format.json()) {
      ToolchainsJson.write(list, ctx.out());
    } else {
      ToolchainsText.write(list, ctx.out());
    }
    return ExitCodes.OK;
  }
}
