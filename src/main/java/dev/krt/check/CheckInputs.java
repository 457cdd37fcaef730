package dev.krt.check;

import java.util.Optional;

/**
 * The checker's inputs, as environment variables: unset is different from empty for RUSTC, BINDGEN
 * and CC (the v6.6+ scripts test {@code ${RUSTC+x}}).
 *
 * @param scriptPath the script's {@code $0}, used in shell error messages and to locate the probe
 *     headers ({@code $(dirname $0)/...})
 * @param verboseArg the {@code -v} argument (v6.1.0 scripts only)
 */
public record CheckInputs(
    Optional<String> rustc,
    Optional<String> bindgen,
    Optional<String> cc,
    Optional<String> krustflags,
    Optional<String> rustLibSrc,
    String scriptPath,
    boolean verboseArg) {}
