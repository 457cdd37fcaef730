package dev.krt.app;

import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.knowledge.Distro;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.DistroOption;
import dev.krt.knowledge.Distros;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.local.OsRelease;
import dev.krt.knowledge.local.Package;
import dev.krt.knowledge.local.PackageManager;
import dev.krt.knowledge.local.PackageManagers;
import dev.krt.process.ProcessRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code krt distros} as a use case: what each distribution's packages build, from the dataset or
 * this machine.
 */
public final class DistroAnswers {
  private DistroAnswers() {}

  /** What the local package manager said, and what its packages can build. */
  public record LocalReport(
      OsRelease os, String manager, List<Package> packages, DistroCompat compat) {}

  /** Every distribution release in krt's dataset against every kernel. */
  public static List<DistroCompat> all(Arch a) {
    List<DistroCompat> all = new ArrayList<>();
    for (Distro d : Distros.builtin().all()) {
      all.add(DistroCompat.compute(KernelPolicies.builtin(), a, d));
    }
    return all;
  }

  /**
   * This machine's package manager's answer.
   *
   * @param root where /etc/os-release and the package managers are looked for (tests point it
   *     elsewhere)
   */
  public static LocalReport local(Path root, Arch a) {
    OsRelease os = PackageManagers.os(root);
    PackageManager pm =
        PackageManagers.detect(new ProcessRunner(), root)
            .orElseThrow(
                () ->
                    new UserException(
                        "no supported package manager here (apt-cache, dnf, pacman, zypper); see 'krt distros' for krt's dataset"));
    List<Package> pkgs;
    try {
      pkgs = pm.query();
    } catch (PackageManager.PackageQueryException e) {
      throw new UserException(e.getMessage());
    }
    List<DistroOption> opts = pm.options(pkgs);
    Distro d =
        new Distro(
            "local",
            os.prettyName() + " (this machine)",
            os.id(),
            pm.name(),
            Optional.empty(),
            false,
            Optional.empty(),
            opts);
    return new LocalReport(
        os, pm.name(), pkgs, DistroCompat.compute(KernelPolicies.builtin(), a, d));
  }
}
