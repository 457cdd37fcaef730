package dev.krt.app;

import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSources;
import dev.krt.knowledge.BuiltinKernels;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KnownRow;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code --kernel} rules every command shares: a named source (directory, tarball, REPO@REF),
 * else the working directory if it is a kernel tree, else krt's newest built-in policy.
 */
public final class KernelResolver {
  private final Workspace ws;

  public KernelResolver(Workspace ws) {
    this.ws = ws;
  }

  /**
   * The tree to check against; never fails for want of a kernel (the built-in policy stands in).
   */
  public ResolvedKernel resolve(Optional<String> kernel, Arch arch) throws IOException {
    if (kernel.isPresent() || isKernelTree(ws.cwd())) {
      try (KernelSource src = open(kernel)) {
        KernelTree t = load(src);
        return new ResolvedKernel(
            t,
            kernel.isPresent() ? "" : "the current directory",
            KnownRow.of(t, KernelPolicies.builtin(), arch));
      }
    }
    KernelTree t = BuiltinKernels.newest();
    return new ResolvedKernel(
        t,
        "no --kernel and the current directory is not a kernel tree: using krt's built-in policy of Linux "
            + t.version()
            + ", the newest kernel krt knows",
        Optional.empty());
  }

  /** A real tree's sources, for the commands that read them (no built-in policy stands in). */
  public KernelSource openSource(Optional<String> kernel, String why) throws IOException {
    if (kernel.isEmpty() && !isKernelTree(ws.cwd())) {
      throw new UserException(
          "no kernel: run it in a kernel tree or give --kernel SRC (" + why + ")");
    }
    return open(kernel);
  }

  /** Reads a tree's version, policy and checker era from its own files. */
  public static KernelTree load(KernelSource src) throws IOException {
    return ShellMinToolVersion.treeLoader().load(src, true);
  }

  private KernelSource open(Optional<String> kernel) throws IOException {
    return kernel.isPresent()
        ? KernelSources.open(kernel.get(), ws.cwd(), ws.dirs().cache())
        : new DirectorySource(ws.cwd());
  }

  /** A directory with a top Makefile that names a kernel version and a scripts/ directory. */
  public static boolean isKernelTree(Path dir) {
    Path mk = dir.resolve("Makefile");
    if (!Files.isRegularFile(mk) || !Files.isDirectory(dir.resolve("scripts"))) {
      return false;
    }
    try {
      byte[] head = new byte[4096];
      int n;
      try (var in = Files.newInputStream(mk)) {
        n = in.readNBytes(head, 0, head.length);
      }
      return KernelVersion.fromMakefile(new String(head, 0, n, StandardCharsets.ISO_8859_1))
          .isPresent();
    } catch (IOException e) {
      return false;
    }
  }
}
