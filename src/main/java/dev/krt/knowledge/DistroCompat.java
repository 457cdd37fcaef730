package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import java.util.ArrayList;
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
      return rows.stream().filter(x -> x.release().equals(r)).map(ToolchainCompat.Row::result).findFirst();
    }
  }

  public static DistroCompat compute(KernelPolicies kernels, Arch arch, Distro d) {
    List<OptionRows> out = new ArrayList<>();
    for (DistroOption o : d.options()) {
      out.add(new OptionRows(o, o.toolchain().map(tc -> ToolchainCompat.compute(kernels, arch, tc).rows()).orElse(List.of())));
    }
    return new DistroCompat(d, arch, List.copyOf(out));
  }

  /** The best outcome any option reaches for a kernel. */
  public Optional<Compatibility.Result> best(KernelRelease r) {
    Compatibility.Result best = null;
    for (OptionRows o : options) {
      Optional<Compatibility.Result> x = o.result(r);
      if (x.isPresent() && (best == null || x.get().verdict().ordinal() < best.verdict().ordinal())) {
        best = x.get();
      }
    }
    return Optional.ofNullable(best);
  }

  public boolean buildsAny() {
    return options.stream().anyMatch(o -> o.rows().stream().anyMatch(r -> r.result().accepted()));
  }
}
