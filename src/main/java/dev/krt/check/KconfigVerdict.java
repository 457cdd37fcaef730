package dev.krt.check;

import dev.krt.kernel.kconfig.RustRefusal;
import java.util.List;
import java.util.Optional;

/**
 * What the tree's Kconfig said of one toolchain under {@code --config}: whether {@code
 * CONFIG_RUST=y} survived, and if not, the false lines.
 *
 * @param config the config as the user named it
 * @param error why Kconfig could not be asked (then {@code rustKept} is false and says nothing)
 * @param cached answered from krt's cache (nothing ran)
 */
public record KconfigVerdict(
    String config,
    boolean rustKept,
    List<RustRefusal.Culprit> culprits,
    Optional<String> error,
    boolean cached,
    long millis) {
  public KconfigVerdict {
    culprits = List.copyOf(culprits);
  }
}
