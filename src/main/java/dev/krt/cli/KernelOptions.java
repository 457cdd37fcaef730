package dev.krt.cli;

import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.kernel.KernelVersion;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSources;
import dev.krt.knowledge.BuiltinKernels;
import dev.krt.knowledge.KernelPolicies;
import dev.krt.knowledge.KnownRow;
import dev.krt.process.ProcessRunner;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code --kernel SRC} and {@code --arch A}, shared by the commands that look at a kernel. */
public final class KernelOptions {
  @Option(names = {"-k", "--kernel"}, paramLabel = "SRC", description = "Kernel source: a directory, a tarball (.tar.xz, .tar.gz, .tar) read in place, or REPO@REF for a git repository at a tag, branch or commit.")
  String kernel;

  @Mixin ArchOption arch = new ArchOption();

  /**
   * The tree; when the user named none, how krt chose it; and for a real tree, how it stands to
   * krt's row for its stable line.
   */
  public record Resolved(KernelTree tree, String note, Optional<KnownRow> knownRow) {}

  public Resolved resolve(KrtContext ctx) throws IOException {
    KernelTreeLoader loader = new KernelTreeLoader(new ShellMinToolVersion(new ProcessRunner()));
    if (kernel != null) {
      try (KernelSource src = KernelSources.open(kernel, ctx.cwd(), ctx.dirs().cache())) {
        return real(loader.load(src, true), "", ctx);
      }
    }
    if (isKernelTree(ctx.cwd())) {
      try (KernelSource src = new DirectorySource(ctx.cwd())) {
        return real(loader.load(src, true), "the current directory", ctx);
      }
    }
    KernelTree t = BuiltinKernels.newest();
    return new Resolved(t, "no --kernel and the current directory is not a kernel tree: using krt's built-in policy of Linux " + t.version() + ", the newest kernel krt knows", Optional.empty());
  }

  private Resolved real(KernelTree t, String note, KrtContext ctx) {
    return new Resolved(t, note, KnownRow.of(t, KernelPolicies.builtin(), arch(ctx)));
  }

  static boolean isKernelTree(Path dir) {
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
      return KernelVersion.fromMakefile(new String(head, 0, n, StandardCharsets.ISO_8859_1)).isPresent();
    } catch (IOException e) {
      return false;
    }
  }

  public Arch arch(KrtContext ctx) {
    return arch.resolve(ctx.env());
  }
}
