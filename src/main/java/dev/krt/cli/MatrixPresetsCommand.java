package dev.krt.cli;

import dev.krt.error.UserException;
import dev.krt.matrix.MatrixPresets;
import dev.krt.report.PresetsJson;
import dev.krt.report.PresetsText;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code krt matrix presets [NAME]}: the CI kernel jobs a matrix can run as they are. */
@Command(
    name = "presets",
    header = "Lists the CI jobs a matrix can reproduce (preset: NAME), or shows what one runs.",
    mixinStandardHelpOptions = true,
    description = {
      "The Rust compiler's and bindgen's pre-merge kernel jobs as matrix presets: the config fragment",
      "and the make calls of each, step for step, with the file and commit they follow."
    },
    footer = {"", "Examples:", "  krt matrix presets", "  krt matrix presets rust-ci"})
public final class MatrixPresetsCommand implements Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Parameters(arity = "0..1", paramLabel = "NAME", description = "A preset (default: list them).")
  String name;

  @Mixin FormatOption format = new FormatOption();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    List<MatrixPresets.Preset> shown = MatrixPresets.ALL;
    if (name != null) {
      shown =
          List.of(
              MatrixPresets.named(name)
                  .orElseThrow(
                      () ->
                          new UserException(
                              "no preset '" + name + "' (known: " + MatrixPresets.names() + ")")));
    }
    if (format.json()) {
      PresetsJson.write(shown, ctx.out());
    } else if (name == null) {
      PresetsText.list(shown, ctx.out());
    } else {
      PresetsText.show(shown.get(0), ctx.out());
    }
    return ExitCodes.OK;
  }
}
