package dev.krt.app;

import dev.krt.error.UserException;
import dev.krt.text.Suggest;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.toolchain.ToolchainsFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which toolchains a use case looks at: every one found ({@code all}), some by name, the programs
 * given one by one (which define the one toolchain), what a toolchains file lists, or by default
 * the one {@code make rustavailable} would use from the caller's shell.
 */
public record ToolchainSelection(
    List<String> names, boolean all, Optional<Path> file, Programs programs) {

  /** Programs named one by one; what is absent comes from next to rustc, or as make finds it. */
  public record Programs(
      Optional<String> rustc,
      Optional<String> bindgen,
      Optional<String> cc,
      Optional<String> rustLibSrc,
      Optional<String> krustflags,
      Optional<String> rustdoc,
      Optional<String> rustfmt,
      Optional<String> clippyDriver) {
    public static final Programs NONE =
        new Programs(
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            Optional.empty());

    boolean any() {
      return !equals(NONE);
    }
  }

  /** Every toolchain krt finds on the machine. */
  public static ToolchainSelection everyToolchain() {
    return new ToolchainSelection(List.of(), true, Optional.empty(), Programs.NONE);
  }

  public List<Toolchain> select(Workspace ws, ToolchainDiscovery d) throws IOException {
    int modes = (all ? 1 : 0) + (names.isEmpty() ? 0 : 1) + (programs.any() ? 1 : 0);
    if (modes > 1) {
      throw new UserException(
          "choose one of --all, --toolchain NAME, or explicit programs (--rustc, --bindgen, ...)");
    }
    if (programs.any()) {
      return List.of(explicit(d));
    }
    if (all) {
      List<Toolchain> found = new ArrayList<>(known(ws, d).values());
      if (found.isEmpty()) {
        throw new UserException(
            "no Rust toolchain found on this machine (no rustc in PATH, no rustup toolchains, no toolchains file)");
      }
      return found;
    }
    if (file.isPresent() && names.isEmpty()) {
      // An explicit toolchains file without names: check what it lists.
      List<Toolchain> listed = configured(ws, d);
      if (listed.isEmpty()) {
        throw new UserException(
            file.get() + " names no toolchains (expected [toolchain.NAME] tables)");
      }
      return listed;
    }
    if (!names.isEmpty()) {
      Map<String, Toolchain> k = known(ws, d);
      List<Toolchain> out = new ArrayList<>();
      for (String n : names) {
        Toolchain t = k.get(n);
        if (t == null) {
          throw new UserException(
              "unknown toolchain '"
                  + n
                  + "'"
                  + Suggest.closest(n, k.keySet())
                      .map(s -> " (did you mean '" + s + "'?)")
                      .orElse("")
                  + "; known: "
                  + String.join(", ", k.keySet()));
        }
        out.add(t);
      }
      return out;
    }
    return List.of(d.fromEnvironment().orElseGet(d::makeDefault));
  }

  /** Every toolchain krt knows here, by name: discovered ones and the toolchains file's. */
  public Map<String, Toolchain> known(Workspace ws, ToolchainDiscovery d) throws IOException {
    Map<String, Toolchain> m = new LinkedHashMap<>();
    for (Toolchain t : d.discoverAll(configured(ws, d))) {
      m.put(t.name(), t);
    }
    return m;
  }

  private List<Toolchain> configured(Workspace ws, ToolchainDiscovery d) throws IOException {
    Optional<Path> f =
        file.isPresent()
            ? Optional.of(ws.cwd().resolve(file.get()))
            : ToolchainsFile.defaultLocation(ws.env(), ws.dirs().config());
    if (f.isEmpty()) {
      return List.of();
    }
    try {
      return ToolchainsFile.read(f.get(), d.defaultCc());
    } catch (ToolchainsFile.Invalid e) {
      throw new UserException(e.getMessage());
    }
  }

  private Toolchain explicit(ToolchainDiscovery d) {
    Toolchain def = d.fromEnvironment().orElseGet(d::makeDefault);
    Programs p = programs;
    String rc = p.rustc().orElse(def.rustc());
    // The rest of the toolchain comes from next to that rustc, not from PATH.
    boolean besideRustc = p.rustc().isPresent();
    return new Toolchain(
        "explicit",
        "explicit",
        rc,
        p.rustdoc().or(() -> besideRustc ? d.besideRustc(rc, "rustdoc") : def.rustdoc()),
        p.rustfmt().or(() -> besideRustc ? d.besideRustc(rc, "rustfmt") : def.rustfmt()),
        p.clippyDriver()
            .or(() -> besideRustc ? d.besideRustc(rc, "clippy-driver") : def.clippyDriver()),
        p.bindgen().orElseGet(d::defaultBindgen),
        p.cc().orElse(def.cc()),
        p.rustLibSrc().or(def::rustLibSrc),
        p.krustflags().or(def::krustflags),
        Map.of(),
        "programs given on the command line");
  }
}
