package dev.krt.check;

import dev.krt.toolchain.Run;
import dev.krt.version.RustcVersion;
import dev.krt.version.Version;
import dev.krt.version.VersionText;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * krt's checks beyond the kernel's: the rest of the toolchain a kernel build runs (rustdoc for
 * {@code make rustdoc} and doctests, rustfmt for {@code make rustfmt}, clippy-driver for {@code
 * CLIPPY=1}) present and from the same release as rustc, and rustc's LLVM matching Clang's (the
 * kernel's {@code RUSTC_CLANG_LLVM_COMPATIBLE}, needed for cross-language LTO and CFI).
 */
public final class KrtChecks {
  private KrtChecks() {}

  private static final Pattern COMMIT =
      Pattern.compile("\\(([0-9a-f]{7,40}) (\\d{4}-\\d{2}-\\d{2})\\)");
  private static final Pattern CLIPPY = Pattern.compile("^clippy 0\\.1\\.(\\d+)");

  /** A tool as configured: its name for messages and its {@code --version} run, if it has one. */
  public record Tool(String program, Optional<Run> versionRun) {}

  public static List<Finding> run(
      Optional<RustcVersion> rustc,
      Optional<Tool> rustdoc,
      Optional<Tool> rustfmt,
      Optional<Tool> clippy,
      Optional<Version> rustcLlvm,
      Optional<String> ccName,
      Optional<Version> clangVersion) {
    List<Finding> out = new ArrayList<>();
    if (rustc.isEmpty()) {
      return out;
    }
    RustcVersion rv = rustc.get();
    tool(out, "rustdoc", rustdoc, "make rustdoc and the KUnit doctests need it")
        .ifPresent(
            line -> {
              Optional<RustcVersion> d =
                  RustcVersion.parse(line.replaceFirst("^rustdoc ", "rustc "));
              if (d.isEmpty() || !sameRelease(rv, d.get())) {
                out.add(
                    Finding.krt(
                        FindingId.RUSTDOC_VERSION_MISMATCH,
                        Severity.WARNING,
                        List.of(
                            "rustdoc is not from the same release as rustc:",
                            "  rustc:   "
                                + rv.version()
                                + rv.commitHash().map(h -> " (" + h + ")").orElse(""),
                            "  rustdoc: " + line)));
              }
            });
    tool(out, "rustfmt", rustfmt, "make rustfmt and rustfmtcheck need it")
        .ifPresent(
            line -> {
              Optional<String> hash = commit(line);
              if (hash.isPresent()
                  && rv.commitHash().isPresent()
                  && !hash.get().startsWith(rv.commitHash().get())
                  && !rv.commitHash().get().startsWith(hash.get())) {
                out.add(
                    Finding.krt(
                        FindingId.RUSTFMT_VERSION_MISMATCH,
                        Severity.WARNING,
                        List.of(
                            "rustfmt is not from the same release as rustc (commit "
                                + hash.get()
                                + " vs "
                                + rv.commitHash().get()
                                + "):",
                            "  " + line)));
              }
            });
    tool(out, "clippy-driver", clippy, "CLIPPY=1 builds need it")
        .ifPresent(
            line -> {
              Matcher m = CLIPPY.matcher(line);
              if (m.find() && Long.parseLong(m.group(1)) != rv.version().minor()) {
                out.add(
                    Finding.krt(
                        FindingId.CLIPPY_VERSION_MISMATCH,
                        Severity.WARNING,
                        List.of(
                            "clippy-driver is not from the same release as rustc "
                                + rv.version()
                                + ":",
                            "  " + line)));
              }
            });
    if (ccName.filter("Clang"::equals).isPresent()
        && rustcLlvm.isPresent()
        && clangVersion.isPresent()
        && rustcLlvm.get().major() != clangVersion.get().major()) {
      out.add(
          Finding.krt(
              FindingId.RUSTC_CLANG_LLVM_MISMATCH,
              Severity.WARNING,
              List.of(
                  "rustc uses LLVM "
                      + rustcLlvm.get().major()
                      + " but the C compiler is Clang "
                      + clangVersion.get().major()
                      + ":",
                  "CONFIG_RUSTC_CLANG_LLVM_COMPATIBLE will be n (cross-language LTO and CFI need the same LLVM major).")));
    }
    return out;
  }

  /** Reports a missing or failing tool; returns its version line when it answered. */
  private static Optional<String> tool(
      List<Finding> out, String name, Optional<Tool> t, String why) {
    if (t.isEmpty()) {
      out.add(
          Finding.krt(
              FindingId.of(name + "-missing"),
              Severity.WARNING,
              List.of("no " + name + " for this toolchain: " + why + ".")));
      return Optional.empty();
    }
    Optional<Run> r = t.get().versionRun();
    if (r.isEmpty() || r.get().code() == 127 || r.get().note().isPresent()) {
      out.add(
          Finding.krt(
              FindingId.of(name + "-missing"),
              Severity.WARNING,
              List.of(name + " '" + t.get().program() + "' could not be found: " + why + ".")));
      return Optional.empty();
    }
    if (r.get().code() != 0 || r.get().timedOut()) {
      out.add(
          Finding.krt(
              FindingId.of(name + "-failed"),
              Severity.WARNING,
              List.of(
                  "'"
                      + t.get().program()
                      + " --version' failed with code "
                      + r.get().code()
                      + (r.get().timedOut() ? " (timed out)" : "")
                      + ".")));
      return Optional.empty();
    }
    return Optional.of(VersionText.firstLine(r.get().out()).strip());
  }

  private static Optional<String> commit(String line) {
    Matcher m = COMMIT.matcher(line);
    return m.find() ? Optional.of(m.group(1)) : Optional.empty();
  }

  private static boolean sameRelease(RustcVersion a, RustcVersion b) {
    if (!a.version().equals(b.version()) || !a.preRelease().equals(b.preRelease())) {
      return false;
    }
    if (a.commitHash().isPresent() && b.commitHash().isPresent()) {
      return a.commitHash().get().equals(b.commitHash().get());
    }
    return true;
  }
}
