package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import java.util.ArrayList;
import java.util.List;

/** Which kernel releases accept one toolchain, and why the others do not. */
public record ToolchainCompat(HypotheticalToolchain toolchain, Arch arch, List<Row> rows) {

  public record Row(KernelRelease release, Compatibility.Result result) {}

  public static ToolchainCompat compute(
      KernelPolicies kernels, Arch arch, HypotheticalToolchain tc) {
    List<Row> rows = new ArrayList<>();
    for (KernelRelease r : kernels.all()) {
      rows.add(new Row(r, Compatibility.evaluate(r.tree(), arch, tc)));
    }
    return new ToolchainCompat(tc, arch, List.copyOf(rows));
  }

  public boolean anyAccepts() {
    return rows.stream().anyMatch(r -> r.result().accepted());
  }
}
