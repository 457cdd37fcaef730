package dev.krt.knowledge;

import dev.krt.version.Version;
import java.util.List;
import java.util.Optional;

/**
 * One set of packages that makes a kernel Rust toolchain on a distribution release.
 *
 * @param label e.g. {@code default}, {@code rustc-web}, {@code versioned 1.85}
 * @param rustSrcPackage the package with the {@code core} sources; empty when there is none
 * @param bindgen empty when the release packages no bindgen
 * @param libclang the libclang bindgen loads by default (the release's default Clang)
 * @param bindgenPatched whether its bindgen carries the fixes the kernel's bug probes detect
 * @param install the command that installs the set
 * @param rustLibSrc a {@code RUST_LIB_SRC} the user must set, when rustc does not find the sources
 * @param make extra make variables the set needs (versioned program names)
 */
public record DistroOption(
    String label,
    Optional<Version> rustc,
    Optional<String> rustcPackage,
    Optional<String> rustcPackageVersion,
    Optional<String> rustSrcPackage,
    Optional<Version> bindgen,
    Optional<String> bindgenPackage,
    Optional<Version> libclang,
    Optional<String> clangPackage,
    List<Version> otherLibclang,
    boolean bindgenPatched,
    Optional<String> install,
    Optional<String> rustLibSrc,
    Optional<String> make,
    Optional<String> asOf,
    String source,
    Optional<String> notes) {

  /**
   * The toolchain these packages make, or empty when a piece is not packaged or of unknown version.
   */
  public Optional<HypotheticalToolchain> toolchain() {
    if (rustc.isEmpty() || bindgen.isEmpty() || libclang.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new HypotheticalToolchain(
            rustc, bindgen, libclang, bindgenPatched, rustSrcPackage.isPresent()));
  }

  /**
   * Why there is no toolchain: {@code not packaged: bindgen} or {@code version unknown to krt:
   * rustc}.
   */
  public String missing() {
    List<String> parts = new java.util.ArrayList<>();
    if (!notPackaged().isEmpty()) {
      parts.add("not packaged: " + String.join(", ", notPackaged()));
    }
    if (!unknownVersions().isEmpty()) {
      parts.add("version unknown to krt: " + String.join(", ", unknownVersions()));
    }
    return String.join("; ", parts);
  }

  /** Whether the only gap is a version krt does not know (the packages exist). */
  public boolean versionUnknown() {
    return toolchain().isEmpty() && notPackaged().isEmpty();
  }

  /** Tools with neither a version nor a package. */
  public List<String> notPackaged() {
    return gaps(false);
  }

  /** Tools with a package whose version krt does not know. */
  public List<String> unknownVersions() {
    return gaps(true);
  }

  private List<String> gaps(boolean packaged) {
    List<String> out = new java.util.ArrayList<>();
    gap(out, "rustc", rustc.isPresent(), rustcPackage.isPresent(), packaged);
    gap(out, "bindgen", bindgen.isPresent(), bindgenPackage.isPresent(), packaged);
    // bindgen may bring its own libclang (Nix's wrapper does).
    gap(
        out,
        "libclang",
        libclang.isPresent(),
        clangPackage.isPresent() || bindgenPackage.isPresent(),
        packaged);
    return out;
  }

  private static void gap(
      List<String> out, String tool, boolean version, boolean pkg, boolean packaged) {
    if (!version && pkg == packaged) {
      out.add(tool);
    }
  }
}
