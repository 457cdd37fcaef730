package dev.krt.matrix;

import dev.krt.error.UserException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which cells of a matrix file one krt builds ({@code krt matrix run --only}): {@code
 * FIELD=VALUE[,FIELD=VALUE...]} with the fields {@code kernel}, {@code toolchain}, {@code arch},
 * {@code config} (names as the file gives them; names cannot hold ',' or '=') and {@code shard=I/N}
 * (the I-th of N equal runs of cells in the file's order). It selects by the file alone, so every
 * machine of a CI pipeline picks the same cells, whatever its toolchains' keys are.
 */
public final class CellSelector {
  public static final CellSelector ALL = new CellSelector("", Map.of(), Optional.empty());

  private static final List<String> FIELDS = List.of("kernel", "toolchain", "arch", "config");
  private static final Pattern SHARD = Pattern.compile("([1-9][0-9]{0,4})/([1-9][0-9]{0,4})");

  /** The I-th (from 1) of N shards. */
  public record Shard(int index, int count) {
    @Override
    public String toString() {
      return index + "/" + count;
    }
  }

  private final String text;
  private final Map<String, String> names;
  private final Optional<Shard> shard;

  private CellSelector(String text, Map<String, String> names, Optional<Shard> shard) {
    this.text = text;
    this.names = names;
    this.shard = shard;
  }

  public static CellSelector parse(String text) {
    Map<String, String> names = new LinkedHashMap<>();
    Optional<Shard> shard = Optional.empty();
    for (String term : text.split(",", -1)) {
      int eq = term.indexOf('=');
      if (eq <= 0) {
        throw new UserException(
            "--only: '"
                + term
                + "' is not FIELD=VALUE (fields: kernel, toolchain, arch, config, shard)");
      }
      String field = term.substring(0, eq);
      String value = term.substring(eq + 1);
      if (names.containsKey(field) || (field.equals("shard") && shard.isPresent())) {
        throw new UserException("--only: " + field + " is given twice");
      }
      if (field.equals("shard")) {
        Matcher m = SHARD.matcher(value);
        if (!m.matches() || Integer.parseInt(m.group(1)) > Integer.parseInt(m.group(2))) {
          throw new UserException("--only: shard=I/N with 1 <= I <= N, not '" + value + "'");
        }
        shard = Optional.of(new Shard(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
      } else if (FIELDS.contains(field)) {
        if (value.isEmpty()) {
          throw new UserException("--only: " + field + "= needs a name");
        }
        names.put(field, value);
      } else {
        throw new UserException(
            "--only: unknown field '"
                + field
                + "' (fields: kernel, toolchain, arch, config, shard)");
      }
    }
    return new CellSelector(text, Map.copyOf(names), shard);
  }

  /** Selects one cell by its names. */
  public static CellSelector of(MatrixSpec.SpecCell c) {
    return parse(
        "kernel="
            + c.kernel().name()
            + ",toolchain="
            + c.toolchain().name()
            + ",arch="
            + c.arch()
            + ",config="
            + c.config().name());
  }

  /** Selects one shard of the file's cells. */
  public static CellSelector shard(int index, int count) {
    return parse("shard=" + index + "/" + count);
  }

  public boolean all() {
    return names.isEmpty() && shard.isEmpty();
  }

  /** The selected cells of a file, in its order; a name the file lacks is an error. */
  public List<MatrixSpec.SpecCell> select(MatrixSpec spec) {
    check(spec, "kernel", spec.kernels(), MatrixSpec.KernelRef::name);
    check(spec, "toolchain", spec.toolchains(), MatrixSpec.ToolchainRef::name);
    check(spec, "arch", spec.arches(), a -> a);
    check(spec, "config", spec.configs(), MatrixSpec.ConfigSpec::name);
    List<MatrixSpec.SpecCell> cells = spec.cells();
    List<MatrixSpec.SpecCell> out =
        cells.stream()
            .filter(c -> matches("kernel", c.kernel().name()))
            .filter(c -> matches("toolchain", c.toolchain().name()))
            .filter(c -> matches("arch", c.arch()))
            .filter(c -> matches("config", c.config().name()))
            .filter(
                c ->
                    shard
                        .map(s -> shardOf(c.ordinal(), cells.size(), s.count()) == s.index())
                        .orElse(true))
            .toList();
    if (out.isEmpty()) {
      throw new UserException(
          "--only '" + text + "' selects none of the " + cells.size() + " cells of " + spec.file());
    }
    return out;
  }

  /**
   * The shard (from 1) a cell falls in: N runs of cells in the file's order, as equal as can be.
   */
  public static int shardOf(int ordinal, int cells, int shards) {
    return (int) ((long) ordinal * shards / cells) + 1;
  }

  /** An arch as the kernel names it: aarch64 is arm64. */
  private static String arch(String a) {
    return dev.krt.kernel.Arch.parse(a).map(dev.krt.kernel.Arch::arch).orElse(a);
  }

  private boolean matches(String field, String value) {
    String want =
        field.equals("arch") && names.containsKey(field)
            ? arch(names.get(field))
            : names.get(field);
    return want == null || want.equals(value);
  }

  private <T> void check(MatrixSpec spec, String field, List<T> items, Function<T, String> name) {
    String want =
        field.equals("arch")
            ? names.get(field) == null ? null : arch(names.get(field))
            : names.get(field);
    if (want == null) {
      return;
    }
    List<String> known = items.stream().map(name).toList();
    if (!known.contains(want)) {
      throw new UserException(
          "--only: "
              + spec.file()
              + " has no "
              + field
              + " '"
              + want
              + "'"
              + dev.krt.text.Suggest.closest(want, known)
                  .map(s -> " (did you mean '" + s + "'?)")
                  .orElse("")
              + "; its "
              + (field.equals("arch") ? "arches" : field + "s")
              + ": "
              + String.join(", ", known));
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
