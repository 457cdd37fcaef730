package dev.krt.matrix;

import dev.krt.check.Checker;
import dev.krt.check.ToolchainCheck;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.source.KernelSourceException;
import dev.krt.process.CachingExecutor;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.PathLookup;
import dev.krt.toolchain.ShellMinToolVersion;
import dev.krt.toolchain.Toolchain;
import dev.krt.toolchain.ToolchainDiscovery;
import dev.krt.toolchain.ToolchainProber;
import dev.krt.toolchain.ToolchainsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Turns a matrix file into cells: resolves toolchain names (as {@code krt toolchains} lists them),
 * prepares the kernels, probes each toolchain against each kernel with krt's check (which gives the
 * versions a cell's key and metadata need), and computes the keys. Everything the user can get
 * wrong fails here, before a run is recorded.
 */
public final class MatrixPlanner {
  private final Map<String, String> env;
  private final Path cwd;
  private final Path cacheRoot;
  private final Duration probeTimeout;

  public MatrixPlanner(Map<String, String> env, Path cwd, Path cacheRoot) {
    this.env = env;
    this.cwd = cwd;
    this.cacheRoot = cacheRoot;
    this.probeTimeout = Duration.ofSeconds(30);
  }

  public MatrixPlan plan(MatrixSpec spec, String specText) throws MatrixSpecException, IOException {
    return plan(spec, specText, CellSelector.ALL);
  }

  /**
   * The selected cells only: kernels and toolchains no selected cell has are neither prepared nor
   * probed (a CI job has only its own). Keys and ordinals are those of the whole file's plan.
   */
  public MatrixPlan plan(MatrixSpec spec, String specText, CellSelector selector)
      throws MatrixSpecException, IOException {
    return plan(spec, specText, selector.all() ? spec.cells() : selector.select(spec));
  }

  /** These cells of the file ({@link MatrixSpec#cells}) only. */
  public MatrixPlan plan(MatrixSpec spec, String specText, List<MatrixSpec.SpecCell> selected)
      throws MatrixSpecException, IOException {
    List<Arch> arches = new ArrayList<>();
    for (String a : spec.arches()) {
      if (!Arch.RUST_ARCHES.contains(a)) {
        throw new MatrixSpecException(
            spec.file()
                + ": arch '"
                + a
                + "' is not one the kernel builds Rust for ("
                + String.join(", ", Arch.RUST_ARCHES)
                + ")");
      }
      arches.add(Arch.of(a));
    }
    java.util.Set<Integer> wanted = new java.util.HashSet<>();
    selected.forEach(c -> wanted.add(c.ordinal()));
    MatrixSpec used =
        spec.narrowed(
            spec.kernels().stream()
                .filter(k -> selected.stream().anyMatch(c -> c.kernel() == k))
                .toList(),
            spec.toolchains().stream()
                .filter(t -> selected.stream().anyMatch(c -> c.toolchain() == t))
                .toList(),
            spec.arches(),
            spec.configs());
    ToolchainDiscovery discovery = new ToolchainDiscovery(env, cwd);
    List<BuildToolchain> toolchains = toolchains(used, discovery);
    if (spec.preset().isPresent()) {
      for (BuildToolchain tc : toolchains) {
        if (tc.llvm().isEmpty()) {
          // The CI jobs build with LLVM=1; a gcc build would be another job.
          throw new MatrixSpecException(
              spec.file()
                  + ": preset '"
                  + spec.preset().get()
                  + "' builds with LLVM=1, as its CI job does; toolchain '"
                  + tc.name()
                  + "' has cc "
                  + tc.toolchain().cc()
                  + " (give it a Clang cc, e.g. cc: clang-19, or llvm: \"-19\")");
        }
      }
    }
    List<KernelCheckout> kernels = kernels(used);
    PathLookup lookup = discovery.lookup();
    KernelTreeLoader loader = ShellMinToolVersion.treeLoader();
    List<MatrixPlan.Cell> cells = new ArrayList<>();
    CachingExecutor exec = new CachingExecutor(new ProcessRunner(), cacheRoot);
    int nArch = arches.size();
    int nTc = spec.toolchains().size();
    int nConfig = spec.configs().size();
    try (ToolchainProber prober = new ToolchainProber(env, cwd, exec, probeTimeout, cacheRoot)) {
      for (int ki = 0; ki < kernels.size(); ki++) {
        KernelCheckout k = kernels.get(ki);
        int kOrd = spec.kernels().indexOf(used.kernels().get(ki));
        KernelTree tree = loader.load(k.dir());
        for (int a = 0; a < nArch; a++) {
          Arch arch = arches.get(a);
          List<Optional<ToolchainCheck>> checks = check(tree, arch, prober, toolchains);
          for (int t = 0; t < toolchains.size(); t++) {
            BuildToolchain tc = toolchains.get(t);
            int tOrd = spec.toolchains().indexOf(used.toolchains().get(t));
            Optional<ToolchainCheck> check = checks.get(t);
            String fp = CellKeys.fingerprint(tc, check.map(ToolchainCheck::facts), lookup);
            for (int ci = 0; ci < nConfig; ci++) {
              // The cell's place in the whole file (MatrixSpec.cells), whatever is selected.
              int ordinal = ((kOrd * nArch + a) * nTc + tOrd) * nConfig + ci;
              if (!wanted.contains(ordinal)) {
                continue;
              }
              MatrixSpec.ConfigSpec config = spec.configs().get(ci);
              String key = CellKeys.key(k, fp, tc.name(), arch.arch(), config, spec.steps());
              cells.add(
                  new MatrixPlan.Cell(
                      ordinal, key, k, tree, tc, check, arch, config, spec.steps()));
            }
          }
        }
      }
    }
    return new MatrixPlan(spec, specText, cells);
  }

  private static List<Optional<ToolchainCheck>> check(
      KernelTree tree, Arch arch, ToolchainProber prober, List<BuildToolchain> toolchains) {
    if (tree.era().isEmpty()) {
      return toolchains.stream().map(t -> Optional.<ToolchainCheck>empty()).toList();
    }
    List<ToolchainCheck> r =
        new Checker(tree, arch, prober)
            .checkAll(toolchains.stream().map(BuildToolchain::toolchain).toList());
    return r.stream().map(Optional::of).toList();
  }

  /** Each kernel as a directory, prepared in parallel (unpacking a tarball takes a while). */
  private List<KernelCheckout> kernels(MatrixSpec spec) throws MatrixSpecException, IOException {
    List<CompletableFuture<KernelCheckout>> fs = new ArrayList<>();
    for (MatrixSpec.KernelRef k : spec.kernels()) {
      fs.add(
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return KernelCheckout.prepare(k.name(), k.source(), cwd, cacheRoot);
                } catch (IOException e) {
                  throw new CompletionException(e);
                }
              }));
    }
    List<KernelCheckout> out = new ArrayList<>();
    for (int i = 0; i < fs.size(); i++) {
      MatrixSpec.KernelRef k = spec.kernels().get(i);
      try {
        KernelCheckout c = fs.get(i).join();
        if (!Files.isRegularFile(c.dir().resolve("Makefile"))
            || !Files.isDirectory(c.dir().resolve("scripts"))) {
          throw new MatrixSpecException(
              spec.file()
                  + ":"
                  + k.line()
                  + ": kernel '"
                  + k.name()
                  + "': "
                  + c.dir()
                  + " is not a kernel tree (no Makefile and scripts/)");
        }
        if (Files.exists(c.dir().resolve(".config"))
            || Files.exists(c.dir().resolve("include/config"))) {
          throw new MatrixSpecException(
              spec.file()
                  + ":"
                  + k.line()
                  + ": kernel '"
                  + k.name()
                  + "': "
                  + c.dir()
                  + " has been configured in place; builds with O= need a clean tree ('make mrproper' there)");
        }
        out.add(c);
      } catch (CompletionException e) {
        Throwable c = e.getCause();
        if (c instanceof KernelSourceException || c instanceof java.nio.file.NoSuchFileException) {
          throw new MatrixSpecException(
              spec.file() + ":" + k.line() + ": kernel '" + k.name() + "': " + c.getMessage());
        }
        if (c instanceof IOException io) {
          throw io;
        }
        throw e;
      }
    }
    return out;
  }

  /** The toolchains by name or by their programs; unknown names are errors with the line. */
  private List<BuildToolchain> toolchains(MatrixSpec spec, ToolchainDiscovery d)
      throws MatrixSpecException, IOException {
    Map<String, Toolchain> known = null;
    List<BuildToolchain> out = new ArrayList<>();
    for (MatrixSpec.ToolchainRef ref : spec.toolchains()) {
      if (ref.explicit()) {
        out.add(explicit(ref, d));
        continue;
      }
      if (known == null) {
        known = known(spec, d);
      }
      Toolchain t = known.get(ref.name());
      if (t == null) {
        String hint =
            dev.krt.text.Suggest.closest(ref.name(), known.keySet())
                .map(s -> " (did you mean '" + s + "'?)")
                .orElse("");
        throw new MatrixSpecException(
            spec.file()
                + ":"
                + ref.line()
                + ": unknown toolchain '"
                + ref.name()
                + "'"
                + hint
                + "; known: "
                + (known.isEmpty() ? "none" : String.join(", ", known.keySet()))
                + " (or give its programs: rustc:, bindgen:, ...)");
      }
      Map<String, String> env = new LinkedHashMap<>(t.env());
      env.putAll(ref.env());
      out.add(
          BuildToolchain.of(
              ref.name(),
              new Toolchain(
                  ref.name(),
                  t.origin(),
                  t.rustc(),
                  t.rustdoc(),
                  t.rustfmt(),
                  t.clippyDriver(),
                  t.bindgen(),
                  t.cc(),
                  t.rustLibSrc(),
                  t.krustflags(),
                  env,
                  t.description())));
    }
    return out;
  }

  private Map<String, Toolchain> known(MatrixSpec spec, ToolchainDiscovery d)
      throws MatrixSpecException, IOException {
    Optional<Path> f =
        spec.toolchainsFile()
            .or(
                () ->
                    ToolchainsFile.defaultLocation(
                        env, dev.krt.cache.KrtDirs.fromEnvironment(env).config()));
    List<Toolchain> configured = List.of();
    if (f.isPresent()) {
      try {
        configured = ToolchainsFile.read(f.get(), d.defaultCc());
      } catch (ToolchainsFile.Invalid e) {
        throw new MatrixSpecException(spec.file() + ": toolchains-file: " + e.getMessage());
      }
    }
    Map<String, Toolchain> m = new LinkedHashMap<>();
    for (Toolchain t : d.discoverAll(configured)) {
      m.put(t.name(), t);
    }
    return m;
  }

  private static BuildToolchain explicit(MatrixSpec.ToolchainRef ref, ToolchainDiscovery d) {
    Map<String, String> p = ref.programs();
    String rustc = p.get("rustc");
    Optional<String> llvm = Optional.ofNullable(p.get("llvm"));
    String cc =
        p.containsKey("cc") ? p.get("cc") : llvm.map(BuildToolchain::ccFor).orElse(d.makefileCc());
    Toolchain t =
        new Toolchain(
            ref.name(),
            "explicit",
            rustc,
            Optional.ofNullable(p.get("rustdoc")).or(() -> d.besideRustc(rustc, "rustdoc")),
            Optional.ofNullable(p.get("rustfmt")).or(() -> d.besideRustc(rustc, "rustfmt")),
            Optional.ofNullable(p.get("clippy-driver"))
                .or(() -> d.besideRustc(rustc, "clippy-driver")),
            p.getOrDefault("bindgen", d.defaultBindgen()),
            cc,
            Optional.ofNullable(p.get("rust-lib-src")),
            Optional.ofNullable(p.get("krustflags")),
            ref.env(),
            "given in the matrix file");
    return llvm.isPresent()
        ? new BuildToolchain(ref.name(), t, llvm)
        : BuildToolchain.of(ref.name(), t);
  }
}
