package dev.krt.check;

import dev.krt.kernel.kconfig.KconfigEntry;
import dev.krt.kernel.kconfig.KconfigExpr;
import dev.krt.kernel.kconfig.RustKconfig;
import dev.krt.kernel.kconfig.RustRefusal;
import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the tree's Kconfig adds to the script's verdict: {@code config RUST}'s own {@code depends
 * on} lines, which the script does not check. Pure: the Kconfig run itself is the caller's.
 */
public final class KconfigFindings {
  private KconfigFindings() {}

  static final String ORIGIN = "kconfig";

  /** The version a kernel code stands for: 108100 is rustc 1.81.0, 190103 is LLVM 19.1.3. */
  public static Version version(String symbol, long code) {
    return symbol.equals("RUSTC_LLVM_VERSION")
        ? Version.of(code / 10000, (code / 100) % 100, code % 100)
        : Version.of(code / 100000, (code / 100) % 1000, code % 100);
  }

  static String what(String symbol) {
    return symbol.equals("RUSTC_LLVM_VERSION") ? "rustc built with LLVM" : "rustc";
  }

  /**
   * Without a config: the version gates of {@code config RUST} this rustc does not meet, as what
   * RUST then needs of the config ({@code !CALL_PADDING}), or empty when it meets them all.
   */
  public static Optional<Finding> gated(RustKconfig k, Version rustc, Optional<Version> rustcLlvm) {
    List<String> needs = new ArrayList<>();
    String rustcCode = Long.toString(rustc.rustcCode());
    String llvmCode = rustcLlvm.map(v -> Long.toString(v.llvmCode())).orElse(null);
    for (KconfigEntry.Line g : k.versionGates()) {
      KconfigExpr e = g.expression().orElseThrow();
      KconfigExpr left =
          e.partial(
              s ->
                  s.equals("RUSTC_VERSION")
                      ? rustcCode
                      : s.equals("RUSTC_LLVM_VERSION") ? llvmCode : null);
      if (left.equals(KconfigExpr.YES)) {
        continue;
      }
      List<String> above = new ArrayList<>();
      for (long c : e.comparedWith("RUSTC_VERSION")) {
        if (c > rustc.rustcCode()) {
          above.add(version("RUSTC_VERSION", c).toString());
        }
      }
      needs.add(
          (left.equals(KconfigExpr.NO) ? "nothing can satisfy " + e.render() : left.render())
              + " ("
              + g.location()
              + (above.isEmpty() ? "" : ", unless rustc >= " + String.join(" or ", above))
              + ")");
    }
    if (needs.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Finding(
            FindingId.KCONFIG_RUST_GATED,
            Severity.INFO,
            ORIGIN,
            List.of(
                "config RUST gates on the rustc version: with rustc "
                    + rustc
                    + " it also needs "
                    + String.join(", ", needs)
                    + "; 'krt check --config defconfig' asks the tree's Kconfig for a config"),
            List.of()));
  }

  /**
   * With a config: Kconfig dropped {@code CONFIG_RUST}; the false lines, their values, and the
   * fixes (a rustc from {@code candidates} that has the version, or a symbol to turn off).
   *
   * @param config how the user named the config ({@code defconfig}, a file)
   * @param candidates toolchains checked in the same run, by name, with their rustc version
   */
  public static Finding refused(
      String config, List<RustRefusal.Culprit> culprits, Map<String, Version> candidates) {
    List<String> msg = new ArrayList<>();
    List<String> advice = new ArrayList<>();
    msg.add("Kconfig drops CONFIG_RUST=y from " + config + " with this toolchain:");
    if (culprits.isEmpty()) {
      msg.add(
          "  no 'depends on' line of config RUST is false in the resulting .config (a 'visible if',"
              + " menu or choice dependency, which krt does not read, may be)");
    }
    for (RustRefusal.Culprit c : culprits) {
      msg.add(
          "  "
              + c.line().location()
              + ": "
              + c.line().text()
              + "  is false: "
              + values(c.values()));
      for (RustRefusal.Nested n : c.because()) {
        msg.add("    " + n.symbol() + " is n: " + n.line().location() + ": " + n.line().text());
        n.raise().forEach((sym, code) -> advice.add(rustcFix(sym, code, candidates, n.symbol())));
      }
      c.raise().forEach((sym, code) -> advice.add(rustcFix(sym, code, candidates, null)));
      for (String s : c.turnOff()) {
        advice.add(
            "or a config without CONFIG_"
                + s
                + " (make menuconfig; it may be selected by another option)");
      }
      if (c.values().containsKey("RUST_IS_AVAILABLE")
          && "n".equals(c.values().get("RUST_IS_AVAILABLE"))) {
        advice.add(
            "the kernel's rust_is_available.sh refused the toolchain: see the findings above");
      }
      if (c.values().containsKey("HAVE_RUST") && "n".equals(c.values().get("HAVE_RUST"))) {
        advice.add("this architecture (or its config) does not support Rust in this kernel");
      }
    }
    return new Finding(
        FindingId.KCONFIG_RUST_REFUSED,
        Severity.ERROR,
        ORIGIN,
        msg,
        advice.stream().distinct().toList());
  }

  /**
   * The culprits in one line, for a matrix cell's first error: {@code init/Kconfig:1984: depends on
   * !CALL_PADDING || RUSTC_VERSION >= 108100 (CALL_PADDING=y, RUSTC_VERSION=107800 (1.78.0)); rustc
   * >= 1.81.0 meets it}.
   */
  public static String oneLine(List<RustRefusal.Culprit> culprits) {
    List<String> parts = new ArrayList<>();
    for (RustRefusal.Culprit c : culprits) {
      StringBuilder b =
          new StringBuilder(
              c.line().location() + ": " + c.line().text() + " (" + values(c.values()) + ")");
      c.raise()
          .forEach(
              (sym, code) ->
                  b.append("; ")
                      .append(what(sym))
                      .append(" >= ")
                      .append(version(sym, code))
                      .append(" meets it"));
      for (RustRefusal.Nested n : c.because()) {
        b.append("; ").append(n.symbol()).append(" is n by ").append(n.line().location());
        n.raise()
            .forEach(
                (sym, code) ->
                    b.append(", ")
                        .append(what(sym))
                        .append(" >= ")
                        .append(version(sym, code))
                        .append(" meets it"));
      }
      parts.add(b.toString());
    }
    return String.join(" | ", parts);
  }

  /** Kconfig could not be asked (make failed, timed out). */
  public static Finding failed(String config, String why) {
    return new Finding(
        FindingId.KCONFIG_FAILED,
        Severity.WARNING,
        ORIGIN,
        List.of("krt could not ask the tree's Kconfig about " + config + ": " + why),
        List.of());
  }

  private static String values(Map<String, String> v) {
    List<String> parts = new ArrayList<>();
    v.forEach(
        (k, x) ->
            parts.add(
                k
                    + "="
                    + x
                    + (RustRefusal.VERSIONS.contains(k) && x.matches("\\d{1,12}")
                        ? " (" + version(k, Long.parseLong(x)) + ")"
                        : "")));
    return String.join(", ", parts);
  }

  private static String rustcFix(
      String symbol, long code, Map<String, Version> candidates, String via) {
    Version min = version(symbol, code);
    String head = "use " + what(symbol) + " >= " + min + (via == null ? "" : " (for " + via + ")");
    if (!symbol.equals("RUSTC_VERSION")) {
      return head;
    }
    List<String> have =
        candidates.entrySet().stream()
            .filter(e -> e.getValue().isAtLeast(min))
            .map(e -> e.getKey() + " (" + e.getValue() + ")")
            .toList();
    return head + (have.isEmpty() ? "" : "; on this machine: " + String.join(", ", have));
  }
}
