package dev.krt.knowledge;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * A distribution release and the kernel toolchains its packages make.
 *
 * @param id stable name, e.g. {@code debian-13}
 * @param kernelDocs what the kernel's {@code Documentation/rust/quick-start.rst} says of it
 * @param options the package sets that make a toolchain (default packages, versioned ones, ...)
 */
public record Distro(
    String id,
    String name,
    String family,
    String packageManager,
    Optional<LocalDate> released,
    boolean rolling,
    Optional<String> kernelDocs,
    List<DistroOption> options) {}
