package dev.krt.app;

import dev.krt.cache.AtomicFiles;
import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.kernel.kconfig.DotConfig;
import dev.krt.matrix.BuildToolchain;
import dev.krt.matrix.KernelCheckout;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessRunner;
import dev.krt.process.ProcessSpec;
import dev.krt.toolchain.PathLookup;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Asks a tree's own Kconfig whether {@code CONFIG_RUST=y} survives a configuration with a
 * toolchain: the config target (or a {@code .config} file), then the tree's {@code scripts/config
 * --enable RUST} and {@code make olddefconfig}, in a private {@code O=} directory, with the make
 * variables a matrix cell builds with, so {@code RUSTC_VERSION}, {@code RUSTC_LLVM_VERSION}, {@code
 * CC_IS_CLANG} are what Kbuild computes. This is exactly what a matrix cell's config step runs.
 *
 * <p>One {@code O=} directory serves every toolchain of one check: Kconfig's own tool ({@code
 * scripts/kconfig/conf}) is built once. Answers are cached by tree, arch, config and toolchain
 * fingerprint, so asking again runs nothing.
 */
public final class KconfigRust implements AutoCloseable {
  /** What {@code --config} names: a config make target, or a {@code .config} file. */
  public record ConfigSpec(String name, Optional<String> target, Optional<Path> file) {
    /**
     * Targets that write a whole {@code .config} without asking: not the interactive ones ({@code
     * menuconfig}, {@code oldconfig}), not {@code randconfig} (a cached answer would be a lie), not
     * {@code localmodconfig} (it reads this host's loaded modules).
     */
    private static final Pattern TARGET =
        Pattern.compile(
            "defconfig|[A-Za-z0-9][A-Za-z0-9_.+-]{0,63}_defconfig|tinyconfig|allnoconfig|allyesconfig|allmodconfig|alldefconfig");

    /** A file that exists, else a target name ending in {@code config}, else a one-line error. */
    public static ConfigSpec parse(String text, Path cwd) {
      Path p = cwd.resolve(text);
      if (text.contains("/") || Files.isRegularFile(p)) {
        if (!Files.isRegularFile(p)) {
          throw new UserException("--config: no such file " + text);
        }
        return new ConfigSpec(text, Optional.empty(), Optional.of(p.toAbsolutePath().normalize()));
      }
      if (!TARGET.matcher(text).matches()) {
        throw new UserException(
            "--config: '"
                + text
                + "' is neither a file nor a config target krt runs (defconfig, NAME_defconfig, tinyconfig, allnoconfig, allyesconfig, allmodconfig, alldefconfig)");
      }
      return new ConfigSpec(text, Optional.of(text), Optional.empty());
    }
  }

  /**
   * What Kconfig made of it.
   *
   * @param config the {@code .config} after {@code olddefconfig} (empty when Kconfig failed)
   * @param error why Kconfig could not be asked
   */
  public record Answer(DotConfig config, Optional<String> error, boolean cached, long millis) {
    public boolean rustKept() {
      return error.isEmpty() && config.enabled("RUST");
    }
  }

  /**
   * Each make of a config takes seconds; five minutes is a hung one (a $(shell) in Kconfig waiting
   * on a tool).
   */
  static final Duration STEP_TIMEOUT = Duration.ofMinutes(5);

  private final Workspace ws;
  private final KernelCheckout tree;
  private final Arch arch;
  private final Path cacheDir;
  private Path work;
  private final ProcessRunner runner = new ProcessRunner();

  public KconfigRust(Workspace ws, KernelCheckout tree, Arch arch) {
    this.ws = ws;
    this.tree = tree;
    this.arch = arch;
    this.cacheDir = ws.dirs().cache().resolve("kconfig");
  }

  /**
   * @param fingerprint what identifies the toolchain's programs now (CellKeys.fingerprint)
   * @param noCache ask Kconfig again even if an answer is cached
   */
  public Answer ask(ConfigSpec c, BuildToolchain tc, String fingerprint, boolean noCache)
      throws IOException {
    long t0 = System.nanoTime();
    Path cached = cacheDir.resolve(key(c, fingerprint) + ".config");
    if (!noCache && Files.isRegularFile(cached)) {
      return new Answer(DotConfig.read(cached), Optional.empty(), true, millis(t0));
    }
    if (work == null) {
      Files.createDirectories(cacheDir);
      removeAbandoned();
      work = Files.createTempDirectory(cacheDir, "work-");
    }
    Path dotConfig = work.resolve(".config");
    Files.deleteIfExists(dotConfig);
    Map<String, String> env = tc.environment(ws.env());
    List<List<String>> steps = new ArrayList<>();
    if (c.target().isPresent()) {
      steps.add(make(tc, env, c.target().get()));
    } else {
      Files.copy(c.file().get(), dotConfig);
    }
    steps.add(
        List.of(
            program("bash", env),
            tree.dir().resolve("scripts/config").toString(),
            "--file",
            dotConfig.toString(),
            "--enable",
            "RUST"));
    steps.add(make(tc, env, "olddefconfig"));
    for (List<String> argv : steps) {
      ProcessResult r =
          runner.run(
              new ProcessSpec(argv, env, tree.dir(), null, STEP_TIMEOUT, ProcessSpec.DEFAULT_CAP));
      if (!r.ok()) {
        return new Answer(new DotConfig(Map.of()), Optional.of(why(argv, r)), false, millis(t0));
      }
    }
    DotConfig out = DotConfig.read(dotConfig);
    AtomicFiles.write(cached, Files.readAllBytes(dotConfig));
    return new Answer(out, Optional.empty(), false, millis(t0));
  }

  /**
   * A krt killed mid-ask leaves its {@code O=} behind: one older than any ask can take (three steps
   * of at most {@link #STEP_TIMEOUT}) belongs to no live krt.
   */
  private void removeAbandoned() throws IOException {
    long cutoff = System.currentTimeMillis() - STEP_TIMEOUT.multipliedBy(6).toMillis();
    try (var dirs = Files.newDirectoryStream(cacheDir, "work-*")) {
      for (Path d : dirs) {
        if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)
            && Files.getLastModifiedTime(d).toMillis() < cutoff) {
          try {
            KernelCheckout.deleteTree(d);
          } catch (IOException e) {
            // the other worker (or another krt) is removing it too
          }
        }
      }
    }
  }

  private List<String> make(BuildToolchain tc, Map<String, String> env, String target) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                program("make", env),
                "-s",
                "-C",
                tree.dir().toString(),
                "O=" + work,
                "ARCH=" + arch.arch()));
    argv.addAll(tc.makeVariables());
    argv.add(target);
    return argv;
  }

  private String program(String name, Map<String, String> env) {
    return new PathLookup(env, ws.cwd())
        .find(name)
        .map(Path::toString)
        .orElseThrow(() -> new UserException("--config needs " + name + " in PATH"));
  }

  private static String why(List<String> argv, ProcessResult r) {
    String what = Path.of(argv.get(0)).getFileName() + " " + argv.get(argv.size() - 1);
    if (r.startError().isPresent()) {
      return what + ": " + r.startError().get();
    }
    if (r.timedOut()) {
      return what + " did not finish within " + STEP_TIMEOUT.toMinutes() + " min";
    }
    String last =
        r.stderrText().lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("").strip();
    return what + " exited with " + r.exitCode() + (last.isEmpty() ? "" : ": " + last);
  }

  private String key(ConfigSpec c, String fingerprint) throws IOException {
    String config;
    if (c.target().isPresent()) {
      config = "target " + c.target().get();
    } else {
      Path f = c.file().get();
      if (Files.size(f) > DotConfig.MAX_BYTES) {
        throw new UserException("--config: " + c.name() + " is over 64 MiB: not a .config");
      }
      config = "file " + sha256(Files.readAllBytes(f));
    }
    String parts =
        String.join(
            "\n",
            "krt-kconfig-rust 1",
            "tree " + tree.identity(),
            "arch " + arch.arch(),
            config,
            "toolchain " + fingerprint);
    return sha256(parts.getBytes(StandardCharsets.UTF_8)).substring(0, 40);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static long millis(long t0) {
    return (System.nanoTime() - t0) / 1_000_000;
  }

  @Override
  public void close() throws IOException {
    if (work != null) {
      KernelCheckout.deleteTree(work);
      work = null;
    }
  }
}
