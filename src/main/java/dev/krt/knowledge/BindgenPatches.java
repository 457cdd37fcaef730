package dev.krt.knowledge;

/**
 * Which distributions' bindgen carries the fixes for the 0.66 and libclang 19.1 bugs the kernel
 * probes for. The kernel's own messages name Debian's ("unless patched (like Debian's)"); Ubuntu's
 * 0.66 was not patched (Rust-for-Linux/linux#1127). Derivatives are not assumed.
 */
public final class BindgenPatches {
  private BindgenPatches() {}

  /**
   * @param distroId an os-release {@code ID} or a dataset family ({@code debian}, {@code ubuntu},
   *     ...)
   */
  public static boolean patchedByDistro(String distroId) {
    return "debian".equals(distroId);
  }
}
