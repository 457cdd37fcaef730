package dev.krt.app;

import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSources;
import dev.krt.knowledge.DistroCompat;
import dev.krt.knowledge.Distros;
import dev.krt.knowledge.HypotheticalToolchain;
import dev.krt.knowledge.KernelCompat;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KernelRelease;
import dev.krt.knowledge.KnownRow;
import dev.krt.knowledge.RustReleases;
import dev.krt.knowledge.ToolchainCompat;
import dev.krt.text.Suggest;
import java.io.IOException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * {@code krt compat} as a use case: which kernels a toolchain (by versions) builds, what a kernel
 * (a release krt knows or a real source) accepts, and what a distribution's packages build.
 */
public final class CompatLookup {
  private final Workspace ws;

  public CompatLookup(Workspace ws) {
    this.ws = ws;
  }

  /** {@code --rustc/--bindgen/--libclang}: every kernel release's verdict. */
  public ToolchainCompat forToolchain(HypotheticalToolchain tc, Arch a) {
    return ToolchainCompat.compute(KernelPolicies.builtin(), a, tc);
  }

  /** {@code --kernel}: a release from the dataset or a real source. */
  public KernelCompat forKernel(String kernel, Arch a, LocalDate day) throws IOException {
    KernelPolicies kernels = KernelPolicies.builtin();
    KernelTree tree;
    Optional<KernelRelease> row = Optional.empty();
    Optional<String> note = Optional.empty();
    boolean named =
        looksLikeRelease(kernel) && !java.nio.file.Files.exists(ws.cwd().resolve(kernel));
    Optional<dev.krt.kernel.KernelVersion> v =
        named ? dev.krt.kernel.KernelVersion.parse(kernel.replace(".y", "")) : Optional.empty();
    if (v.isPresent() && v.get().before(6, 1)) {
      // Not an unknown release: one from before Rust support, which accepts no toolchain.
      tree = KernelPolicies.withoutRust(v.get());
    } else if (named) {
      Named r = release(kernels, kernel);
      row = Optional.of(r.release());
      note = r.note();
      tree = r.release().tree();
    } else {
      if (!kernel.contains("/")
          && !kernel.contains("@")
          && !java.nio.file.Files.exists(ws.cwd().resolve(kernel))) {
        throw new UserException(
            "'"
                + kernel
                + "' is neither a kernel release krt knows"
                + Suggest.note(kernel, kernels.names())
                + " nor an existing path; krt knows "
                + String.join(", ", kernels.names()));
      }
      try (KernelSource src = KernelSources.open(kernel, ws.cwd(), ws.dirs().cache())) {
        tree = KernelResolver.load(src);
      }
      note = KnownRow.of(tree, kernels, a).map(KnownRow::note);
    }
    return KernelCompat.compute(tree, row, note, a, day, RustReleases.builtin(), Distros.builtin());
  }

  /**
   * Ids that contain what was typed or whose name does (a codename), else the nearest by spelling.
   */
  static String suggest(Distros ds, String typed) {
    String t = typed.trim().toLowerCase(java.util.Locale.ROOT);
    if (t.isEmpty()) {
      return "";
    }
    java.util.List<String> hits =
        ds.all().stream()
            .filter(
                d ->
                    d.id().contains(t)
                        || d.name().toLowerCase(java.util.Locale.ROOT).contains(t)
                        || t.contains(d.id()))
            .map(dev.krt.knowledge.Distro::id)
            .toList();
    if (!hits.isEmpty()) {
      return " (did you mean " + String.join(", ", hits) + "?)";
    }
    String spelled = Suggest.note(t, ds.ids());
    if (!spelled.isEmpty()) {
      return spelled;
    }
    for (String word : t.split("[^a-z0-9.]+")) {
      java.util.List<String> byWord =
          ds.all().stream()
              .filter(
                  d ->
                      word.length() > 3
                          && d.name().toLowerCase(java.util.Locale.ROOT).contains(word))
              .map(dev.krt.knowledge.Distro::id)
              .toList();
      if (!byWord.isEmpty()) {
        return " (did you mean " + String.join(", ", byWord) + "?)";
      }
    }
    return "";
  }

  /** {@code --distro}: every package set of that release against every kernel. */
  public DistroCompat forDistro(String distro, Arch a) {
    Distros ds = Distros.builtin();
    return ds.find(distro)
        .map(d -> DistroCompat.compute(KernelPolicies.builtin(), a, d))
        .orElseThrow(
            () ->
                new UserException(
                    "unknown distribution '"
                        + distro
                        + "'"
                        + suggest(ds, distro)
                        + "; known: "
                        + String.join(", ", ds.ids())));
  }

  /**
   * Whether a --kernel value names a release (6.12, v6.12, 6.12.y, 6.12.117) rather than a source.
   */
  static boolean looksLikeRelease(String text) {
    return text.matches("v?\\d+\\.\\d+(\\.\\d+|\\.y)?");
  }

  /** A dataset row for what the user named, and a note when it stands in for another release. */
  record Named(KernelRelease release, Optional<String> note) {}

  /**
   * The dataset row for a release name: exact ({@code 6.12}, {@code 6.12.y}), or for a stable
   * release its line's row, else its series'.
   */
  static Named release(KernelPolicies kernels, String text) {
    String t = text.trim().replaceFirst("^v", "");
    Optional<KernelRelease> exact = kernels.find(t);
    if (exact.isPresent()) {
      return new Named(exact.get(), Optional.empty());
    }
    String[] p = t.split("\\.");
    if (p.length == 3 && p[2].matches("\\d+")) {
      String series = p[0] + "." + p[1];
      int sub = Integer.parseInt(p[2]);
      Optional<KernelRelease> line = kernels.find(series + ".y");
      // A stable line's row holds its backports: only releases from its asOf on get them.
      if (line.isPresent() && line.get().version().sublevel() <= sub) {
        return new Named(
            line.get(),
            Optional.of(
                "krt has no row for "
                    + t
                    + ": answering with the "
                    + line.get().label()
                    + " row (its checks may have changed since)"));
      }
      Optional<KernelRelease> mainline = kernels.find(series);
      if (mainline.isPresent()) {
        return new Named(
            mainline.get(),
            Optional.of(
                "krt has no row for "
                    + t
                    + ": answering with "
                    + series
                    + " as released; stable backports after it are not known to krt"
                    + line.map(l -> " (" + l.label() + " is)").orElse("")));
      }
    }
    throw new UserException(
        "unknown kernel release '"
            + text
            + "'"
            + Suggest.note(t, kernels.names())
            + "; krt knows "
            + kernels.names().get(0)
            + " .. "
            + kernels.names().get(kernels.names().size() - 1)
            + " (krt kernel --kernel SRC reads any tree)");
  }
}
