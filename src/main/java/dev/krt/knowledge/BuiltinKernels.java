package dev.krt.knowledge;

import dev.krt.kernel.KernelTree;
import java.nio.charset.StandardCharsets;

/** The kernel krt checks against when it is given no tree: the newest released policy it knows. */
public final class BuiltinKernels {
  private BuiltinKernels() {}

  /**
   * The libclang probe header, equivalent to the kernel's: Clang prints its version in a pragma.
   */
  static final byte[] LIBCLANG_PROBE =
      "#pragma message(\"clang version \" __clang_version__)\n".getBytes(StandardCharsets.US_ASCII);

  /** The newest released mainline kernel krt knows, as a tree without files. */
  public static KernelTree newest() {
    return KernelPolicies.builtin().newestReleased().tree();
  }
}
