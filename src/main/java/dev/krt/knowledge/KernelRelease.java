package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.kernel.MinVersions;
import dev.krt.kernel.ToolPolicy;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One row of krt's kernel dataset: a mainline release (or the state of a stable line) with what its
 * {@code scripts/min-tool-version.sh} prints and which checks its {@code rust_is_available.sh}
 * makes.
 *
 * @param kernel {@code 6.12} for a mainline release, {@code 6.12.y} for a stable line
 * @param line {@code mainline} or {@code stable}
 * @param asOf for a stable line, the release the row describes (e.g. {@code 6.12.117})
 * @param status {@code released}, or {@code announced} for changes queued for a release to come
 * @param date the release date, when known
 * @param overrides the script's architecture conditions, in its order: the first match wins
 * @param pinned whether the kernel expects exactly these versions (≤ 6.10)
 * @param confidence how well the row is sourced: high, medium, low
 * @param source where every value comes from
 * @param kconfigRust what the tree's {@code config RUST} asks of rustc beyond the script, per arch
 *     and config, learned by asking a real tree's Kconfig ({@code krt check --config})
 */
public record KernelRelease(
    String kernel,
    String line,
    Optional<String> asOf,
    String status,
    Optional<LocalDate> date,
    String rustc,
    String bindgen,
    String llvm,
    String gcc,
    List<ArchCondition> overrides,
    boolean pinned,
    CheckerEra era,
    String confidence,
    String source,
    List<KconfigMinimum> kconfigRust) {

  /**
   * The lowest rustc with which {@code CONFIG_RUST=y} survives a config on an arch, when it is
   * above the script's minimum.
   *
   * @param gate the {@code depends on} line that sets it, with its place ({@code init/Kconfig:1984
   *     depends on ...})
   */
  public record KconfigMinimum(
      String arch, String config, String rustc, String gate, String source) {
    /** The minimum, or empty when no rustc keeps CONFIG_RUST in that config ({@code "none"}). */
    public Optional<dev.krt.version.Version> version() {
      return rustc.equals("none")
          ? Optional.empty()
          : Optional.of(dev.krt.version.Version.parse(rustc));
    }

    /** {@code rustc >=1.81.0}, or {@code no rustc}. */
    public String describe() {
      return version().map(v -> "rustc >=" + v).orElse("no rustc");
    }
  }

  /** The Kconfig minimum for this arch and config, if the dataset has one. */
  public Optional<KconfigMinimum> kconfigMinimum(Arch arch, String config) {
    return kconfigRust.stream()
        .filter(k -> k.arch().equals(arch.arch()) && k.config().equals(config))
        .findFirst();
  }

  /**
   * {@code if [ "$VARIABLE" = value ]; then echo version}: one architecture condition.
   *
   * @param variable {@code ARCH} or {@code SRCARCH}, as the script tests it
   */
  public record ArchCondition(String tool, String variable, String value, String version) {
    boolean matches(String tool, Arch arch) {
      return this.tool.equals(tool)
          && value.equals(variable.equals("ARCH") ? arch.arch() : arch.srcarch());
    }
  }

  public boolean released() {
    return status.equals("released");
  }

  public boolean stableLine() {
    return line.equals("stable");
  }

  /** The version the row stands for: the stable release it describes, else the series. */
  public KernelVersion version() {
    return KernelVersion.parse(asOf.orElse(kernel.replace(".y", ""))).orElseThrow();
  }

  /** {@code 6.12}, {@code 6.12.y (6.12.117)}, {@code 7.2 (announced)}. */
  public String label() {
    return kernel + asOf.map(a -> " (" + a + ")").orElse("") + (released() ? "" : " (announced)");
  }

  /** What {@code min-tool-version.sh TOOL} prints for this architecture. */
  public Optional<String> minimum(String tool, Arch arch) {
    for (ArchCondition o : overrides) {
      if (o.matches(tool, arch)) {
        return Optional.of(o.version());
      }
    }
    return Optional.ofNullable(
        switch (tool) {
          case "rustc" -> rustc;
          case "bindgen" -> bindgen;
          case "llvm" -> llvm;
          case "gcc" -> gcc;
          default -> null;
        });
  }

  public ToolPolicy policy(Arch arch) {
    return tree().policy(arch);
  }

  /** The release as a tree without files, for the checker and {@code krt check}. */
  public KernelTree tree() {
    MinVersions mv =
        new MinVersions() {
          @Override
          public MinToolVersionScript.Result query(String tool, Arch arch) {
            return minimum(tool, arch)
                .map(v -> new MinToolVersionScript.Result(Optional.of(v), 0, ""))
                .orElseGet(
                    () ->
                        new MinToolVersionScript.Result(
                            Optional.empty(), 1, tool + ": unknown tool\n"));
          }

          @Override
          public String basis() {
            return "krt's built-in policy of Linux " + label() + " (" + source + ")";
          }
        };
    return new KernelTree(
        "built-in Linux " + label() + " policy",
        version(),
        Optional.of(era),
        mv,
        Map.of(CheckerEra.HEADER_LIBCLANG, BuiltinKernels.LIBCLANG_PROBE),
        Optional.empty(),
        true,
        Optional.empty());
  }
}
