package dev.krt.matrix;

import dev.krt.check.ToolchainFacts;
import dev.krt.toolchain.PathLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Cell keys: a sha-256 over everything that decides a cell's outcome, so an unchanged cell is not
 * built again. The kernel's content identity, the toolchain's fingerprint (its make variables and
 * environment, the versions its programs report, and each program file's size and modification
 * time, which catches a nightly replaced in place), the arch, the config and the steps. Names are
 * part of the key too: two names for one toolchain are two cells.
 */
public final class CellKeys {
  /** Bumped when krt changes how it builds a cell, so old results are not taken for new ones. */
  static final String FORMAT = "krt-matrix-cell 1";

  private CellKeys() {}

  public static String key(
      KernelCheckout kernel,
      String toolchainFingerprint,
      String toolchainName,
      String arch,
      MatrixSpec.ConfigSpec config,
      List<MatrixSpec.StepSpec> steps) {
    List<String> parts = new ArrayList<>();
    parts.add(FORMAT);
    parts.add("kernel " + kernel.name() + " " + kernel.identity());
    parts.add("toolchain " + toolchainName + " " + toolchainFingerprint);
    parts.add("arch " + arch);
    parts.add("config " + config.base() + " " + String.join(" ", config.fragments()));
    for (MatrixSpec.StepSpec s : steps) {
      parts.add(
          "step "
              + s.name()
              + " "
              + s.kind()
              + " "
              + String.join(" ", s.targets())
              + " "
              + new TreeMap<>(s.makeVariables())
              + " "
              + s.timeout().toSeconds()
              // Only when set, so the keys of earlier steps stay as they were.
              + (s.ifPresent() ? " if-present" : "")
              + (s.kunitconfig().isEmpty() ? "" : " kunitconfig " + s.kunitconfig()));
    }
    return sha256(String.join("\n", parts));
  }

  /** What identifies a toolchain's programs as they are now. */
  public static String fingerprint(
      BuildToolchain tc, Optional<ToolchainFacts> facts, PathLookup lookup) {
    List<String> parts = new ArrayList<>(tc.makeVariables());
    parts.add("env " + new TreeMap<>(tc.toolchain().env()));
    facts.ifPresent(
        f -> {
          parts.add(
              "rustc "
                  + f.rustcVersionLine().orElse("")
                  + " llvm "
                  + f.rustcLlvm().orElse("")
                  + " host "
                  + f.host().orElse(""));
          parts.add(
              "bindgen "
                  + f.bindgenVersion().orElse("")
                  + " libclang "
                  + f.libclangVersion().orElse(""));
          parts.add("cc " + f.cc().orElse(""));
          parts.add(
              "tools "
                  + f.rustdocVersion().orElse("")
                  + " | "
                  + f.rustfmtVersion().orElse("")
                  + " | "
                  + f.clippyVersion().orElse(""));
          parts.add("sysroot " + f.sysroot().orElse(""));
        });
    List<String> programs =
        new ArrayList<>(
            List.of(
                tc.toolchain().rustc(),
                tc.toolchain().bindgen(),
                tc.toolchain().cc().trim().split("\\s+")[0]));
    tc.toolchain().rustdoc().ifPresent(programs::add);
    tc.toolchain().rustfmt().ifPresent(programs::add);
    tc.toolchain().clippyDriver().ifPresent(programs::add);
    for (String p : programs) {
      parts.add("file " + p + " " + lookup.find(p).map(CellKeys::stat).orElse("missing"));
    }
    return sha256(String.join("\n", parts)).substring(0, 32);
  }

  private static String stat(Path p) {
    try {
      Path real = p.toRealPath();
      BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
      return real + " " + a.size() + " " + a.lastModifiedTime().toMillis();
    } catch (IOException e) {
      return "unreadable";
    }
  }

  static String sha256(String s) {
    MessageDigest md = KernelCheckout.sha256();
    return HexFormat.of().formatHex(md.digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** The short form shown to users and used for directory names. */
  public static String shortKey(String key) {
    return key.substring(0, Math.min(12, key.length()));
  }
}
