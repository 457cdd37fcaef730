package dev.krt.knowledge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.kernel.MinVersions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

/** Kernel toolchain policies krt knows without a tree (the resource {@code kernel-policies.json}). */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  /** The libclang probe header, equivalent to the kernel's: Clang prints its version in a pragma. */
  static final byte[] LIBCLANG_PROBE = "#pragma message(\"clang version \" __clang_version__)\n".getBytes(StandardCharsets.US_ASCII);

  private static JsonNode data() {
    try (InputStream in = BuiltinKernels.class.getResourceAsStream("kernel-policies.json")) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The newest released kernel krt knows, as a tree without files. */
  public static KernelTree newest() {
    JsonNode best = null;
    for (JsonNode r : data().get("releases")) {
      if (r.get("released").asBoolean() && (best == null || KernelVersion.parse(r.get("kernel").asText()).get().compareTo(KernelVersion.parse(best.get("kernel").asText()).get()) > 0)) {
        best = r;
      }
    }
    return tree(best);
  }

  private static KernelTree tree(JsonNode r) {
    KernelVersion v = KernelVersion.parse(r.get("kernel").asText()).orElseThrow();
    Map<String, String> llvmByArch = new HashMap<>();
    Iterator<Map.Entry<String, JsonNode>> it = r.path("llvmByArch").fields();
    while (it.hasNext()) {
      Map.Entry<String, JsonNode> e = it.next();
      llvmByArch.put(e.getKey(), e.getValue().asText());
    }
    String rustc = r.get("rustc").asText();
    String bindgen = r.get("bindgen").asText();
    String llvm = r.get("llvm").asText();
    String gcc = r.path("gcc").asText("8.1.0");
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
            return "krt's built-in policy of Linux " + v + " (" + r.get("source").asText() + ")";
          }
        };
    CheckerEra era = CheckerEra.fromSpec(r.get("era").asText());
    return new KernelTree("built-in Linux " + v + " policy", v, Optional.of(era), mv, Map.of(CheckerEra.HEADER_LIBCLANG, LIBCLANG_PROBE), Optional.empty(), true);
  }
}
