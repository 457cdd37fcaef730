package dev.krt.process;

import dev.krt.cache.AtomicFiles;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Remembers program runs by the identity of what was run, so a repeated check re-runs nothing that
 * did not change. The key covers: the program file (real path, size, modification time, inode), the
 * arguments (and the content of arguments that name files, such as probe headers), stdin, and the
 * environment variables that can change a toolchain's answers (PATH, HOME, LIBCLANG_PATH,
 * LD_LIBRARY_PATH, LC_*, and everything named RUST*, CARGO*, BINDGEN*, CLANG*, LLVM*). For rustup's
 * proxies (which pick a toolchain by directory) the working directory, the {@code rust-toolchain}
 * files above it, rustup's settings and the installed toolchains' binaries count too; dpkg's status
 * and {@code LIBCLANG_PATH} stand for the libclang bindgen may load. Timeouts, signal deaths and
 * start failures are not kept. Concurrent identical runs share one process.
 *
 * <p>Limit: a wrapper script's identity is the script's; if the program it execs is replaced in
 * place, the cached answer stays until the wrapper changes or the cache is cleared.
 */
public final class CachingExecutor implements ProcessExecutor {
  private static final int FORMAT = 1;

  private final ProcessExecutor delegate;
  private final Path dir; // null: memory only
  private final Map<String, CompletableFuture<ProcessResult>> memo = new ConcurrentHashMap<>();
  private final AtomicInteger ran = new AtomicInteger();
  private final AtomicInteger hits = new AtomicInteger();

  public CachingExecutor(ProcessExecutor delegate, Path cacheRoot) {
    this.delegate = delegate;
    this.dir = cacheRoot == null ? null : cacheRoot.resolve("probes");
  }

  /** Programs actually started by this executor. */
  public int ran() {
    return ran.get();
  }

  /** Answers served from memory or disk. */
  public int hits() {
    return hits.get();
  }

  @Override
  public ProcessResult run(ProcessSpec spec) {
    String key;
    try {
      key = key(spec);
    } catch (IOException e) {
      ran.incrementAndGet();
      return delegate.run(spec);
    }
    CompletableFuture<ProcessResult> mine = new CompletableFuture<>();
    CompletableFuture<ProcessResult> f = memo.putIfAbsent(key, mine);
    if (f != null) {
      hits.incrementAndGet();
      return f.join();
    }
    try {
      ProcessResult r = load(key);
      if (r != null) {
        hits.incrementAndGet();
      } else {
        ran.incrementAndGet();
        r = delegate.run(spec);
        if (cacheable(r)) {
          store(key, r);
        }
      }
      mine.complete(r);
      return r;
    } catch (RuntimeException | Error e) {
      // Never leave waiters hanging on a run that failed inside krt.
      memo.remove(key, mine);
      mine.completeExceptionally(e);
      throw e;
    }
  }

  /**
   * Timeouts, signal deaths (an OOM kill, a crash), programs that could not start and output cut at
   * the cap say nothing lasting about the program; they are asked again next time.
   */
  private static boolean cacheable(ProcessResult r) {
    return !r.timedOut() && r.startError().isEmpty() && r.signal().isEmpty() && !r.truncated();
  }

  // ---------------------------------------------------------------------------------------------

  /** Variables the kernel exports to name the toolchain; programs themselves do not read them. */
  private static final java.util.Set<String> TOOL_SELECTORS =
      java.util.Set.of(
          "RUSTC",
          "BINDGEN",
          "CC",
          "RUST_LIB_SRC",
          "KRUSTFLAGS",
          "RUSTDOC",
          "RUSTFMT",
          "CLIPPY_DRIVER");

  static boolean relevantEnv(String name) {
    if (TOOL_SELECTORS.contains(name)) {
      return false;
    }
    return name.equals("PATH")
        || name.equals("HOME")
        || name.equals("LD_LIBRARY_PATH")
        || name.equals("LD_PRELOAD")
        || name.equals("LANG")
        || name.startsWith("LC_")
        || name.startsWith("RUST")
        || name.startsWith("CARGO")
        || name.startsWith("BINDGEN")
        || name.startsWith("LIBCLANG")
        || name.startsWith("CLANG")
        || name.startsWith("LLVM");
  }

  private static String key(ProcessSpec spec) throws IOException {
    MessageDigest md = sha256();
    Path prog = Path.of(spec.program());
    add(md, "format " + FORMAT);
    // The name matters too: rustup's proxies are one file answering by the name it was run as.
    add(md, "argv0 " + spec.program());
    add(md, identity(prog));
    Path cwd = spec.cwd() == null ? Path.of("") : spec.cwd();
    for (String a : spec.argv().subList(1, spec.argv().size())) {
      add(md, "arg " + a);
      if (!a.startsWith("-") && a.length() < 4096) {
        Path p = cwd.resolve(a);
        if (Files.isRegularFile(p) && Files.size(p) < (1 << 20)) {
          add(md, "file " + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(p))));
        }
      }
    }
    TreeMap<String, String> env = new TreeMap<>();
    spec.env()
        .forEach(
            (k, v) -> {
              if (relevantEnv(k)) {
                env.put(k, v);
              }
            });
    env.forEach((k, v) -> add(md, "env " + k + "=" + v));
    if (spec.stdin() != null) {
      add(md, "stdin " + HexFormat.of().formatHex(sha256().digest(spec.stdin())));
    }
    if (isRustupProxy(prog, spec.env())) {
      // A proxy answers for the toolchain it picks: by override files up the directory tree,
      // rustup's settings, and whatever is installed (which `rustup update` replaces).
      add(md, "cwd " + cwd.toAbsolutePath());
      Path home = rustupHome(spec.env());
      addFile(md, home.resolve("settings.toml"));
      for (Path d = cwd.toAbsolutePath(); d != null; d = d.getParent()) {
        addFile(md, d.resolve("rust-toolchain.toml"));
        addFile(md, d.resolve("rust-toolchain"));
      }
      String name = prog.getFileName().toString();
      try (java.util.stream.Stream<Path> tcs = Files.list(home.resolve("toolchains"))) {
        for (Path tc : (Iterable<Path>) tcs.sorted()::iterator) {
          Path bin = tc.resolve("bin").resolve(name);
          if (Files.exists(bin)) {
            add(md, identity(bin));
          }
        }
      } catch (IOException e) {
        add(md, "no toolchains");
      }
    }
    // bindgen loads libclang at run time: installing or replacing one changes its answers.
    addStamp(md, Path.of("/var/lib/dpkg/status"));
    String libclang = spec.env().get("LIBCLANG_PATH");
    if (libclang != null && !libclang.isEmpty()) {
      addStamp(md, Path.of(libclang));
    }
    add(md, "cap " + spec.outputCap());
    return HexFormat.of().formatHex(md.digest());
  }

  private static void addFile(MessageDigest md, Path p) throws IOException {
    if (Files.isRegularFile(p)) {
      add(md, "file " + p + " " + HexFormat.of().formatHex(sha256().digest(Files.readAllBytes(p))));
    }
  }

  /** A file or directory's modification time (directories change when entries come and go). */
  private static void addStamp(MessageDigest md, Path p) {
    try {
      add(md, "stamp " + p + " " + Files.getLastModifiedTime(p).toMillis());
    } catch (IOException e) {
      add(md, "stamp " + p + " none");
    }
  }

  private static String identity(Path prog) throws IOException {
    Path real = prog.toRealPath();
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    Object ino = a.fileKey();
    return "prog " + real + " " + a.size() + " " + a.lastModifiedTime().toMillis() + " " + ino;
  }

  private static boolean isRustupProxy(Path prog, Map<String, String> env) {
    try {
      Path real = prog.toRealPath();
      String home = env.get("CARGO_HOME");
      Path cargoBin =
          home != null
              ? Path.of(home, "bin")
              : env.containsKey("HOME") ? Path.of(env.get("HOME"), ".cargo", "bin") : null;
      if (cargoBin == null) {
        return false;
      }
      Path rustup = cargoBin.resolve("rustup");
      return Files.exists(rustup) && Files.isSameFile(real, rustup);
    } catch (IOException e) {
      return false;
    }
  }

  private static Path rustupHome(Map<String, String> env) {
    String h = env.get("RUSTUP_HOME");
    if (h != null) {
      return Path.of(h);
    }
    return Path.of(env.getOrDefault("HOME", "/"), ".rustup");
  }

  private static void add(MessageDigest md, String s) {
    md.update(s.getBytes(StandardCharsets.UTF_8));
    md.update((byte) 0);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private ProcessResult load(String key) {
    if (dir == null) {
      return null;
    }
    Path p = dir.resolve(key.substring(0, 2)).resolve(key);
    try (DataInputStream in =
        new DataInputStream(new ByteArrayInputStream(Files.readAllBytes(p)))) {
      if (in.readInt() != FORMAT) {
        return null;
      }
      int code = in.readInt();
      byte[] out = new byte[length(in.readInt())];
      in.readFully(out);
      byte[] err = new byte[length(in.readInt())];
      in.readFully(err);
      boolean truncated = in.readBoolean();
      String start = in.readUTF();
      long ms = in.readLong();
      return new ProcessResult(
          code,
          out,
          err,
          false,
          truncated,
          start.isEmpty() ? Optional.empty() : Optional.of(start),
          ms);
    } catch (IOException | RuntimeException e) {
      return null; // a damaged cache entry is a miss
    }
  }

  private static int length(int n) throws IOException {
    if (n < 0 || n > (256 << 20)) {
      throw new IOException("bad length in cache entry");
    }
    return n;
  }

  private void store(String key, ProcessResult r) {
    if (dir == null) {
      return;
    }
    try {
      ByteArrayOutputStream bos = new ByteArrayOutputStream();
      try (DataOutputStream out = new DataOutputStream(bos)) {
        out.writeInt(FORMAT);
        out.writeInt(r.exitCode());
        out.writeInt(r.stdout().length);
        out.write(r.stdout());
        out.writeInt(r.stderr().length);
        out.write(r.stderr());
        out.writeBoolean(r.truncated());
        out.writeUTF(r.startError().orElse(""));
        out.writeLong(r.durationMillis());
      }
      AtomicFiles.write(dir.resolve(key.substring(0, 2)).resolve(key), bos.toByteArray());
    } catch (IOException e) {
      // A read-only cache must not fail a check.
    }
  }
}
