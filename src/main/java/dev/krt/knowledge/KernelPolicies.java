package dev.krt.knowledge;

import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * krt's dataset of kernel toolchain policies (the resource {@code kernel-policies.json}): every
 * mainline release since Rust support landed, announced changes, and stable lines krt has read.
 */
public final class KernelPolicies {
  private final List<KernelRelease> releases;

  KernelPolicies(List<KernelRelease> releases) {
    this.releases = releases.stream().sorted(ORDER).toList();
  }

  /** Mainline before stable lines of the same series, older first. */
  private static final Comparator<KernelRelease> ORDER =
      Comparator.comparing(
              (KernelRelease r) -> KernelVersion.parse(r.kernel().replace(".y", "")).orElseThrow())
          .thenComparing(KernelRelease::stableLine);

  private static volatile KernelPolicies builtin;

  /** The built-in dataset (read once). */
  public static KernelPolicies builtin() {
    KernelPolicies b = builtin;
    if (b == null) {
      b = parse(JsonResource.read(KernelPolicies.class, "kernel-policies.json"));
      builtin = b;
    }
    return b;
  }

  public List<KernelRelease> all() {
    return releases;
  }

  public List<KernelRelease> mainline() {
    return releases.stream().filter(r -> !r.stableLine()).toList();
  }

  /** The newest released mainline row. */
  public KernelRelease newestReleased() {
    return mainline().stream().filter(KernelRelease::released).reduce((a, b) -> b).orElseThrow();
  }

  /** A row by name: {@code 6.12}, {@code v6.12}, {@code 6.12.y}. */
  public Optional<KernelRelease> find(String name) {
    String n = name.trim().replaceFirst("^v", "");
    return releases.stream().filter(r -> r.kernel().equals(n)).findFirst();
  }

  /** A release from before Rust support: it has no checker and accepts no toolchain. */
  public static dev.krt.kernel.KernelTree withoutRust(KernelVersion v) {
    dev.krt.kernel.MinVersions none =
        new dev.krt.kernel.MinVersions() {
          @Override
          public dev.krt.kernel.MinToolVersionScript.Result query(
              String tool, dev.krt.kernel.Arch arch) {
            return new dev.krt.kernel.MinToolVersionScript.Result(Optional.empty(), 1, "");
          }

          @Override
          public String basis() {
            return "no Rust support";
          }
        };
    return new dev.krt.kernel.KernelTree(
        "Linux " + v + ", before Rust support",
        v,
        Optional.empty(),
        none,
        java.util.Map.of(),
        Optional.empty(),
        true,
        Optional.empty());
  }

  public List<String> names() {
    return releases.stream().map(KernelRelease::kernel).toList();
  }

  @SuppressWarnings("unchecked")
  static KernelPolicies parse(Map<String, Object> root) {
    Object format = root.get("format");
    if (!(format instanceof Long f) || f != 2) {
      throw new IllegalStateException("kernel-policies.json: format " + format + ", expected 2");
    }
    List<KernelRelease> out = new ArrayList<>();
    for (Map<String, Object> r : (List<Map<String, Object>>) root.get("releases")) {
      String kernel = str(r, "kernel");
      try {
        List<KernelRelease.ArchCondition> ov = new ArrayList<>();
        for (Map<String, Object> o :
            (List<Map<String, Object>>) r.getOrDefault("overrides", List.of())) {
          boolean byArch = o.containsKey("arch");
          ov.add(
              new KernelRelease.ArchCondition(
                  str(o, "tool"),
                  byArch ? "ARCH" : "SRCARCH",
                  str(o, byArch ? "arch" : "srcarch"),
                  str(o, "version")));
        }
        out.add(
            new KernelRelease(
                kernel,
                str(r, "line"),
                Optional.ofNullable((String) r.get("asOf")),
                str(r, "status"),
                Optional.ofNullable((String) r.get("date")).map(JsonResource::date),
                str(r, "rustc"),
                str(r, "bindgen"),
                str(r, "llvm"),
                (String) r.getOrDefault("gcc", "5.1.0"),
                List.copyOf(ov),
                Boolean.TRUE.equals(r.get("pinned")),
                CheckerEra.fromSpec(str(r, "era")),
                (String) r.getOrDefault("confidence", "medium"),
                str(r, "source"),
                kconfigRust(r)));
      } catch (RuntimeException e) {
        throw new IllegalStateException(
            "kernel-policies.json: row " + kernel + ": " + e.getMessage(), e);
      }
    }
    return new KernelPolicies(out);
  }

  @SuppressWarnings("unchecked")
  private static List<KernelRelease.KconfigMinimum> kconfigRust(Map<String, Object> r) {
    List<KernelRelease.KconfigMinimum> out = new ArrayList<>();
    for (Map<String, Object> k :
        (List<Map<String, Object>>) r.getOrDefault("kconfigRust", List.of())) {
      out.add(
          new KernelRelease.KconfigMinimum(
              str(k, "arch"), str(k, "config"), str(k, "rustc"), str(k, "gate"), str(k, "source")));
    }
    return List.copyOf(out);
  }

  private static String str(Map<String, Object> m, String key) {
    Object v = m.get(key);
    if (!(v instanceof String s) || s.isEmpty()) {
      throw new IllegalStateException("missing '" + key + "'");
    }
    return s;
  }
}
