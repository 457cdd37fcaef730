package dev.krt.knowledge;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.kernel.MinVersions;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Kernel toolchain policies krt knows without a tree (the resource {@code kernel-policies.json}). */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  /** The libclang probe header, equivalent to the kernel's: Clang prints its version in a pragma. */
  static final byte[] LIBCLANG_PROBE = "#pragma message(\"clang version \" __clang_version__)\n".getBytes(StandardCharsets.US_ASCII);

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> releases() {
    return (List<Map<String, Object>>) JsonResource.read(BuiltinKernels.class, "kernel-policies.json").get("releases");
  }

  private static KernelVersion version(Map<String, Object> r) {
    return KernelVersion.parse((String) r.get("kernel")).orElseThrow();
  }

  /** The newest released kernel krt knows, as a tree without files. */
  public static KernelTree newest() {
    Map<String, Object> best = null;
    for (Map<String, Object> r : releases()) {
      if (Boolean.TRUE.equals(r.get("released")) && (best == null || version(r).compareTo(version(best)) > 0)) {
        best = r;
      }
    }
    return tree(best);
  }

  @SuppressWarnings("unchecked")
  private static KernelTree tree(Map<String, Object> r) {
    KernelVersion v = version(r);
    Map<String, String> llvmByArch = new HashMap<>((Map<String, String>) r.getOrDefault("llvmByArch", Map.of()));
    String rustc = (String) r.get("rustc");
    String bindgen = (String) r.get("bindgen");
    String llvm = (String) r.get("llvm");
    String gcc = (String) r.getOrDefault("gcc", "8.1.0");
    MinVersions mv =
        new MinVersions() {
          @Override
          public MinToolVersionScript.Result query(String tool, Arch arch) {
            String out =
                switch (tool) {
                  case "rustc" -> rustc;
                  case "bindgen" -> bindgen;
                  case "llvm" -> llvmByArch.getOrDefault(arch.srcarch(), llvm);
                  case "gcc" -> gcc;
                  default -> null;
                };
            return out == null ? new MinToolVersionScript.Result(Optional.empty(), 1, tool + ": unknown tool\n") : new MinToolVersionScript.Result(Optional.of(out), 0, "");
          }

          @Override
          public String basis() {
            return "krt's built-in policy of Linux " + v + " (" + r.get("source") + ")";
          }
        };
    CheckerEra era = CheckerEra.fromSpec((String) r.get("era"));
    return new KernelTree("built-in Linux " + v + " policy", v, Optional.of(era), mv, Map.of(CheckerEra.HEADER_LIBCLANG, LIBCLANG_PROBE), Optional.empty(), true);
  }
}
