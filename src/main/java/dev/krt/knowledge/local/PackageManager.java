package dev.krt.knowledge.local;

import dev.krt.knowledge.DistroOption;
import java.util.List;

/**
 * This machine's package manager, asked which toolchain packages it can install: the real program
 * runs (apt-cache, dnf, pacman, zypper), with a timeout, never installing anything.
 */
public interface PackageManager {
  /** {@code apt}, {@code dnf}, {@code pacman}, {@code zypper}. */
  String name();

  /** The toolchain packages it knows (installed or installable). */
  List<Package> query() throws PackageQueryException;

  /** The package sets that make a kernel Rust toolchain, with install commands. */
  List<DistroOption> options(List<Package> packages);

  final class PackageQueryException extends Exception {
    public PackageQueryException(String message) {
      super(message);
    }
  }
}
