package dev.krt.knowledge.local;

import dev.krt.toolchain.MachineInventory;
import dev.krt.version.Version;
import java.util.Optional;

/**
 * A package as this machine's package manager reports it.
 *
 * @param installed the installed version, if any
 * @param candidate the version an install would get now, if any
 */
public record Package(String name, Optional<String> installed, Optional<String> candidate) {

  /** The upstream version an install would give (the candidate, else what is installed). */
  public Optional<Version> upstream() {
    return candidate.or(() -> installed).flatMap(MachineInventory::upstream);
  }

  public String describe() {
    return name
        + " "
        + candidate.or(() -> installed).orElse("?")
        + (installed.isPresent()
            ? (installed.equals(candidate) || candidate.isEmpty()
                ? ", installed"
                : ", " + installed.get() + " installed")
            : "");
  }
}
