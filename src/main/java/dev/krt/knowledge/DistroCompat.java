package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Which kernel releases a distribution release can build with its packages alone. */
public record DistroCompat(Distro distro, Arch arch, List<OptionRows> options) {

  /** One package set against every kernel; {@code rows} is empty when a tool is not packaged. */
  public record OptionRows(DistroOption option, List<ToolchainCompat.Row> rows) {
    public boolean builds(KernelRelease r) {
      return result(r).map(Compatibility.Result::accepted).orElse(false);
    }

    public Optional<Compatibility.Result> result(KernelRelease r) {
      return rows.stream()
          .filter(x -> x.release().equals(r))
          .map(ToolchainCompat.Row::result)
          .findFirst();
    }
  }

  public static DistroCompat compute(KernelPolicies kernels, Arch arch, Distro d) {
    List<OptionRows> out = new ArrayList<>();
    for (DistroOption o : d.options()) {
      out.add(
          new OptionRows(
              o,
              o.toolchain()
                  .map(tc -> ToolchainCompat.compute(kernels, arch, tc).rows())
                  .orElse(List.of())));
    }
    return new DistroCompat(d, arch, List.copyOf(out));
  }

  /** The best outcome any option reaches for a kernel. */
  public Optional<Compatibility.Result> best(KernelRelease r) {
    return bestOption(r).flatMap(o -> o.result(r));
  }

  /**
   * The option to recommend for a kernel: the best verdict; then, among failures, the one whose
   * check got furthest; then the fewest problems; then for a pinned kernel the oldest tools
   * (nearest the pinned ones), else the newest.
   */
  public Optional<OptionRows> bestOption(KernelRelease k) {
    Comparator<OptionRows> tools =
        Comparator.comparing((OptionRows o) -> o.option().rustc().orElseThrow())
            .thenComparing(o -> o.option().libclang().orElseThrow())
            .thenComparing(o -> o.option().bindgen().orElseThrow());
    Comparator<OptionRows> order =
        Comparator.comparing((OptionRows o) -> o.result(k).get().verdict().ordinal())
            .thenComparing(o -> -progress(o.result(k).get()))
            .thenComparing(o -> o.result(k).get().reasons().size())
            .thenComparing(k.pinned() ? tools : tools.reversed());
    return options.stream().filter(o -> o.result(k).isPresent()).min(order);
  }

  /** How far the kernel's check got before its first error: rustc, bindgen, libclang, sources. */
  private static int progress(Compatibility.Result r) {
    for (dev.krt.check.Finding f : r.findings()) {
      if (f.severity() == dev.krt.check.Severity.ERROR) {
        return switch (f.id().subject()) {
          case RUSTC -> 0;
          case BINDGEN -> 1;
          case LIBCLANG -> 2;
          default -> 3;
        };
      }
    }
    return 4;
  }

  public boolean buildsAny() {
    return options.stream().anyMatch(o -> o.rows().stream().anyMatch(r -> r.result().accepted()));
  }
}
