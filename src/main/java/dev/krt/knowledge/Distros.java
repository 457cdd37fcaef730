package dev.krt.knowledge;

import dev.krt.version.Version;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** krt's dataset of distribution releases (the resource {@code distros.json}). */
public final class Distros {
  private final List<Distro> distros;

  Distros(List<Distro> distros) {
    this.distros = List.copyOf(distros);
  }

  private static volatile Distros builtin;

  public static Distros builtin() {
    Distros b = builtin;
    if (b == null) {
      b = parse(JsonResource.read(Distros.class, "distros.json"));
      builtin = b;
    }
    return b;
  }

  public List<Distro> all() {
    return distros;
  }

  public Optional<Distro> find(String id) {
    String i = id.trim().toLowerCase(java.util.Locale.ROOT);
    return distros.stream().filter(d -> d.id().equals(i)).findFirst();
  }

  public List<String> ids() {
    return distros.stream().map(Distro::id).toList();
  }

  @SuppressWarnings("unchecked")
  static Distros parse(Map<String, Object> root) {
    Object format = root.get("format");
    if (!(format instanceof Long f) || f != 1) {
      throw new IllegalStateException("distros.json: format " + format + ", expected 1");
    }
    List<Distro> out = new ArrayList<>();
    for (Map<String, Object> d : (List<Map<String, Object>>) root.get("distros")) {
      String id = (String) d.get("id");
      try {
        String family = (String) d.get("family");
        List<DistroOption> opts = new ArrayList<>();
        for (Map<String, Object> o : (List<Map<String, Object>>) d.get("options")) {
          List<Version> other = new ArrayList<>();
          for (Object v : (List<Object>) o.getOrDefault("otherLibclang", List.of())) {
            other.add(Version.parseLenient((String) v));
          }
          Object patched = o.get("bindgenPatched");
          opts.add(
              new DistroOption(
                  (String) o.get("label"),
                  version(o, "rustc"),
                  opt(o, "rustcPackage"),
                  opt(o, "rustcPackageVersion"),
                  opt(o, "rustSrcPackage"),
                  version(o, "bindgen"),
                  opt(o, "bindgenPackage"),
                  version(o, "libclang"),
                  opt(o, "clangPackage"),
                  List.copyOf(other),
                  patched instanceof Boolean b ? b : BindgenPatches.patchedByDistro(family),
                  opt(o, "install"),
                  opt(o, "rustLibSrc"),
                  opt(o, "make"),
                  opt(o, "asOf"),
                  (String) o.get("source"),
                  opt(o, "notes")));
        }
        out.add(
            new Distro(
                id,
                (String) d.get("name"),
                family,
                (String) d.get("packageManager"),
                opt(d, "released").map(JsonResource::date),
                Boolean.TRUE.equals(d.get("rolling")),
                opt(d, "kernelDocs"),
                List.copyOf(opts)));
      } catch (RuntimeException e) {
        throw new IllegalStateException("distros.json: " + id + ": " + e.getMessage(), e);
      }
    }
    return new Distros(out);
  }

  private static Optional<String> opt(Map<String, Object> m, String key) {
    Object v = m.get(key);
    return v instanceof String s && !s.isEmpty() ? Optional.of(s) : Optional.empty();
  }

  private static Optional<Version> version(Map<String, Object> m, String key) {
    return opt(m, key).map(Version::parseLenient);
  }
}
