package dev.krt.knowledge.local;

import dev.krt.process.ProcessExecutor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds this machine's package manager (the first of apt, dnf, pacman, zypper that is installed).
 */
public final class PackageManagers {
  private PackageManagers() {}

  public static Optional<PackageManager> detect(ProcessExecutor exec, Path root) {
    OsRelease os = OsRelease.read(root.resolve("etc/os-release"));
    for (String dir : new String[] {"usr/bin", "bin"}) {
      Path d = root.resolve(dir);
      if (Files.isExecutable(d.resolve("apt-cache"))) {
        return Optional.of(new AptPackages(exec, d.resolve("apt-cache"), os));
      }
      if (Files.isExecutable(d.resolve("dnf"))) {
        return Optional.of(
            new DnfPacmanZypperPackages(exec, d.resolve("dnf"), DnfPacmanZypperPackages.DNF));
      }
      if (Files.isExecutable(d.resolve("pacman"))) {
        return Optional.of(
            new DnfPacmanZypperPackages(exec, d.resolve("pacman"), DnfPacmanZypperPackages.PACMAN));
      }
      if (Files.isExecutable(d.resolve("zypper"))) {
        return Optional.of(
            new DnfPacmanZypperPackages(exec, d.resolve("zypper"), DnfPacmanZypperPackages.ZYPPER));
      }
    }
    return Optional.empty();
  }

  public static OsRelease os(Path root) {
    return OsRelease.read(root.resolve("etc/os-release"));
  }
}
