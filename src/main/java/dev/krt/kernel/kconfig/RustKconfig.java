package dev.krt.kernel.kconfig;

import dev.krt.kernel.Arch;
import dev.krt.kernel.source.KernelSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tree's {@code config RUST} (in {@code init/Kconfig}) with the entries of the symbols its {@code
 * depends on} lines read, from the Kconfig files that define them for one architecture: what
 * decides whether {@code CONFIG_RUST=y} survives a configuration.
 *
 * @param related the entries of the symbols {@code config RUST} depends on, where this tree defines
 *     them (in {@code init/Kconfig}, {@code arch/Kconfig} or the arch's own), each with the {@code
 *     select} lines that can turn it on
 */
public record RustKconfig(KconfigEntry rust, Map<String, KconfigEntry> related) {
  /** Where krt looks for the symbols RUST depends on: a bounded set of files, read once. */
  static List<String> files(Arch arch) {
    return List.of("init/Kconfig", "arch/Kconfig", "arch/" + arch.srcarch() + "/Kconfig");
  }

  /** The tree's {@code config RUST}, or empty for a tree without one (before 6.1). */
  public static Optional<RustKconfig> load(KernelSource src, Arch arch) throws IOException {
    Map<String, String> texts = new LinkedHashMap<>();
    for (Map.Entry<String, Optional<byte[]>> e : src.readAll(files(arch)).entrySet()) {
      e.getValue()
          .ifPresent(
              b ->
                  texts.put(
                      e.getKey(), new String(b, java.nio.charset.StandardCharsets.ISO_8859_1)));
    }
    return of(texts);
  }

  /** From the files' texts, by path. */
  public static Optional<RustKconfig> of(Map<String, String> texts) {
    String init = texts.get("init/Kconfig");
    if (init == null) {
      return Optional.empty();
    }
    Optional<KconfigEntry> rust = KconfigEntry.find(init, "init/Kconfig", "RUST");
    if (rust.isEmpty()) {
      return Optional.empty();
    }
    Map<String, KconfigEntry> related = new LinkedHashMap<>();
    for (KconfigEntry.Line d : rust.get().dependsOn()) {
      for (String sym : d.expression().map(KconfigExpr::symbols).orElse(java.util.Set.of())) {
        if (related.containsKey(sym)) {
          continue;
        }
        for (Map.Entry<String, String> t : texts.entrySet()) {
          Optional<KconfigEntry> e = KconfigEntry.find(t.getValue(), t.getKey(), sym);
          if (e.isPresent()) {
            List<KconfigEntry.Line> selectors = new ArrayList<>();
            texts.forEach((f, text) -> selectors.addAll(KconfigEntry.selects(text, f, sym)));
            related.put(sym, e.get().withSelectedBy(selectors));
            break;
          }
        }
      }
    }
    return Optional.of(new RustKconfig(rust.get(), related));
  }

  /** The {@code depends on} lines that compare {@code RUSTC_VERSION} with a constant. */
  public List<KconfigEntry.Line> versionGates() {
    return rust.dependsOn().stream()
        .filter(
            d -> d.expression().map(e -> !e.comparedWith("RUSTC_VERSION").isEmpty()).orElse(false))
        .toList();
  }
}
