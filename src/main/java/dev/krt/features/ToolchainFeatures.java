package dev.krt.features;

import dev.krt.toolchain.Toolchain;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What one toolchain's compiler says about a tree's features and -Z flags.
 *
 * @param version rustc's version ({@code release:} of {@code rustc -vV}), if it answered
 * @param versionLine its {@code rustc --version} line, for humans
 * @param features each feature's status, in the tree's order
 * @param zflags the -Z flags {@code rustc -Z help} lists; empty when that run failed
 * @param problems what went wrong (the compiler crashed, hung, printed no diagnostics, ...)
 */
public record ToolchainFeatures(
    Toolchain toolchain,
    Optional<String> version,
    Optional<String> versionLine,
    Map<String, FeatureStatus> features,
    Optional<Set<String>> zflags,
    java.util.List<String> problems) {

  /** The version as a comparable value, nightlies and betas by their number. */
  public Optional<dev.krt.version.Version> parsedVersion() {
    return version.flatMap(
        v -> {
          try {
            return Optional.of(dev.krt.version.Version.parse(v.replaceFirst("-.*$", "")));
          } catch (IllegalArgumentException e) {
            return Optional.empty();
          }
        });
  }
}
