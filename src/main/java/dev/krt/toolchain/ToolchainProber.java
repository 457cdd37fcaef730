package dev.krt.toolchain;

import dev.krt.cache.AtomicFiles;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.process.ChildEnvironment;
import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * Probes toolchains for {@code krt check}: the kernel checker's program runs (through {@link
 * ScriptProbes}, so they are the same runs) plus krt's own (rustc -vV, rustdoc, rustfmt,
 * clippy-driver), all started in parallel up front and answered through a {@link
 * dev.krt.process.CachingExecutor}.
 */
public final class ToolchainProber implements AutoCloseable {
  private final Map<String, String> baseEnv;
  private final Path cwd;
  private final ProcessExecutor exec;
  private final Duration timeout;
  private final Path headerCache;
  private final ExecutorService pool;
  private Path tempHeaders;

  public ToolchainProber(
      Map<String, String> baseEnv,
      Path cwd,
      ProcessExecutor exec,
      Duration timeout,
      Path cacheRoot) {
    this.baseEnv = Map.copyOf(baseEnv);
    this.cwd = cwd;
    this.exec = exec;
    this.timeout = timeout;
    this.headerCache = cacheRoot == null ? null : cacheRoot.resolve("headers");
    // Probes are other programs' start-ups, CPU-bound: one per core, longest first, finishes
    // soonest.
    this.pool =
        Executors.newFixedThreadPool(
            Math.max(2, Runtime.getRuntime().availableProcessors()),
            r -> {
              Thread t = new Thread(r, "krt-probe");
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void close() {
    pool.shutdownNow();
    if (tempHeaders != null) {
      try (java.util.stream.Stream<Path> files = Files.walk(tempHeaders)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException e) {
        // best effort
      }
    }
  }

  /** The environment the kernel's checker would see for this toolchain under make. */
  public Map<String, String> environmentFor(Toolchain tc, Arch arch) {
    Map<String, String> env = new HashMap<>(ChildEnvironment.inherited(baseEnv));
    env.putAll(tc.env());
    env.put("RUSTC", tc.rustc());
    env.put("BINDGEN", tc.bindgen());
    env.put("CC", tc.cc());
    env.put("ARCH", arch.arch());
    env.put("SRCARCH", arch.srcarch());
    env.put("RUSTC_BOOTSTRAP", "1");
    // krt reads the output, so the C locale everywhere (the script sets it for its version runs).
    env.put("LC_ALL", "C");
    env.remove("RUST_LIB_SRC");
    env.remove("KRUSTFLAGS");
    tc.rustLibSrc().ifPresent(v -> env.put("RUST_LIB_SRC", v));
    tc.krustflags().ifPresent(v -> env.put("KRUSTFLAGS", v));
    return env;
  }

  /** Opens a probe session and starts the runs the check will ask for. */
  public Session open(Toolchain tc, KernelTree tree, Arch arch, boolean dummyArg, String ccProbe)
      throws IOException {
    Map<String, String> env = environmentFor(tc, arch);
    String headerDir = headerDir(tree);
    ScriptProbes script =
        new ScriptProbes(tc.rustc(), tc.bindgen(), env, cwd, headerDir, tree, arch, exec, timeout);
    Session s = new Session(tc, script, env);
    List<String> cc = script.fields(tc.cc());
    List<String> kflags = script.fields(tc.krustflags().orElse(""));
    // Longest first: the libclang probe (loading libclang) is the critical path; krt's own
    // extra runs go last so they never delay the kernel's checks.
    boolean rustc = script.commandExists(tc.rustc());
    boolean bindgen = script.commandExists(tc.bindgen());
    if (bindgen) {
      s.prefetch(script::bindgenLibclang);
    }
    if (rustc) {
      s.prefetch(script::rustcVersion);
      s.prefetch(() -> script.rustcSysroot(kflags));
    }
    if (bindgen) {
      s.prefetch(() -> script.bindgenVersion(dummyArg));
    }
    if (!cc.isEmpty()) {
      s.prefetch(() -> script.ccPreprocess(cc, ccProbe));
      s.prefetch(() -> script.ccVersionText(cc));
    }
    if (rustc) {
      s.prefetch(s::rustcVerbose);
    }
    tc.rustdoc().ifPresent(p -> s.prefetch(() -> s.toolVersion(p)));
    tc.rustfmt().ifPresent(p -> s.prefetch(() -> s.toolVersion(p)));
    tc.clippyDriver().ifPresent(p -> s.prefetch(() -> s.toolVersion(p)));
    return s;
  }

  /**
   * A copy of the tree's probe headers in krt's cache, by content: tarballs and git refs have no
   * files on disk, and a bindgen or clang given the tree's own header may write next to it (a
   * {@code .pch}); krt writes nothing outside its cache.
   */
  private String headerDir(KernelTree tree) throws IOException {
    try {
      return writeHeaders(tree, headerCache);
    } catch (IOException | RuntimeException e) {
      // An unwritable cache must not stop a check: a private temporary directory will do.
      synchronized (this) {
        if (tempHeaders == null) {
          tempHeaders = Files.createTempDirectory("krt-headers-");
        }
      }
      return writeHeaders(tree, tempHeaders);
    }
  }

  private String writeHeaders(KernelTree tree, Path root) throws IOException {
    if (root == null) {
      throw new IOException("no cache directory");
    }
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    tree.probeHeaders()
        .forEach(
            (k, v) -> {
              md.update(k.getBytes(java.nio.charset.StandardCharsets.UTF_8));
              md.update(v);
            });
    Path d = root.resolve(HexFormat.of().formatHex(md.digest(), 0, 12));
    for (Map.Entry<String, byte[]> e : tree.probeHeaders().entrySet()) {
      Path f = d.resolve(e.getKey());
      if (!Files.isRegularFile(f)) {
        AtomicFiles.write(f, e.getValue());
      }
    }
    return d.toString();
  }

  /** The probe runs for one toolchain. */
  public final class Session {
    private final Toolchain tc;
    private final ScriptProbes script;
    private final Map<String, String> env;
    private final List<CompletableFuture<?>> started = new ArrayList<>();

    Session(Toolchain tc, ScriptProbes script, Map<String, String> env) {
      this.tc = tc;
      this.script = script;
      this.env = env;
    }

    public CheckerProbes checkerProbes() {
      return script;
    }

    public Toolchain toolchain() {
      return tc;
    }

    void prefetch(Supplier<?> s) {
      started.add(CompletableFuture.supplyAsync(s, pool));
    }

    /** Waits for the prefetched runs (they are cached; later identical calls are served). */
    public void awaitPrefetch() {
      for (CompletableFuture<?> f : started) {
        try {
          f.join();
        } catch (RuntimeException e) {
          // the rule that needs it will run it again and see the failure itself
        }
      }
    }

    /** The file a program name resolves to, as the shell would find it. */
    public Optional<String> resolve(String program) {
      return new PathLookup(env, cwd).find(program).map(PathLookup::realPath);
    }

    /** {@code rustc -vV}, for the LLVM version and host. */
    public Run rustcVerbose() {
      return toolRun(tc.rustc(), List.of("-vV"));
    }

    /** {@code PROGRAM --version} for rustdoc, rustfmt, clippy-driver. */
    public Run toolVersion(String program) {
      return toolRun(program, List.of("--version"));
    }

    private Run toolRun(String program, List<String> args) {
      Optional<Path> p = new PathLookup(env, cwd).find(program);
      if (p.isEmpty()) {
        return new Run(127, "", "", false, Optional.of("not found"));
      }
      List<String> argv = new ArrayList<>();
      argv.add(p.get().toString());
      argv.addAll(args);
      Map<String, String> e = new HashMap<>(env);
      e.put("LC_ALL", "C");
      ProcessResult r =
          exec.run(new ProcessSpec(argv, e, cwd, null, timeout, ProcessSpec.DEFAULT_CAP));
      return new Run(r.exitCode(), r.stdoutText(), r.stderrText(), r.timedOut(), r.startError());
    }
  }
}
