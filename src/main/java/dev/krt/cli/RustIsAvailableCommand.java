package dev.krt.cli;

import dev.krt.check.CheckInputs;
import dev.krt.check.RustIsAvailable;
import dev.krt.check.Transcript;
import dev.krt.error.UserException;
import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.process.ChildEnvironment;
import dev.krt.process.ProcessRunner;
import dev.krt.shell.ShellQuote;
import dev.krt.toolchain.ScriptProbes;
import dev.krt.toolchain.ShellMinToolVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * A drop-in for the tree's {@code scripts/rust_is_available.sh}: same inputs (RUSTC, BINDGEN, CC,
 * KRUSTFLAGS, RUST_LIB_SRC, ARCH/SRCARCH), nothing on stdout, the same stderr and exit code.
 */
@Command(
    name = "rust-is-available",
    header = "Drop-in for the tree's scripts/rust_is_available.sh: same stderr, same exit code.",
    mixinStandardHelpOptions = true,
    description = {
      "Drop-in for the kernel's scripts/rust_is_available.sh: reads RUSTC, BINDGEN, CC, KRUSTFLAGS,",
      "RUST_LIB_SRC (and ARCH/SRCARCH) from the environment, prints nothing on stdout, and writes the",
      "kernel's own messages for that tree's era to stderr, with the script's exit code.",
      "",
      "Install it as a tree's checker with the wrapper --print-wrapper prints (it records the era of",
      "the script it replaces; without --era krt infers it from the kernel version and probe headers)."
    },
    footer = {
      "",
      "Exit codes: those of the kernel's script (0 usable, 1 not usable, 2 shell arithmetic errors of",
      "old trees), or 2 for krt usage errors.",
      "Example: cd linux && RUSTC=rustc BINDGEN=bindgen CC=clang krt rust-is-available"
    })
public final class RustIsAvailableCommand
    implements java.util.concurrent.Callable<Integer>, KrtSubcommand {
  private KrtContext ctx;

  @Option(
      names = "--kernel",
      paramLabel = "DIR",
      description =
          "Kernel tree (default: two levels above --script-path, else the current directory).")
  Path kernel;

  @Option(
      names = "--script-path",
      paramLabel = "PATH",
      description =
          "The script's $0 as the caller invoked it (default: scripts/rust_is_available.sh). Probe headers are passed to bindgen relative to it, as the script does.")
  String scriptPath;

  @Option(
      names = "--era",
      paramLabel = "SPEC",
      description =
          "The checker era to reproduce (as written by --print-wrapper), instead of inferring it.")
  String era;

  @Option(
      names = "--print-wrapper",
      description =
          "Print a two-line scripts/rust_is_available.sh that execs krt with the era of the tree's current script, and exit.")
  boolean printWrapper;

  @Option(
      names = "--probe-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "Stop any program the check runs after this long (the kernel's script would wait forever). Default: ${DEFAULT-VALUE}.")
  int probeTimeout;

  @Parameters(
      paramLabel = "ARG",
      description = "The script's own arguments (only v6.1.0 had one: -v). Put them after --.")
  List<String> args = new ArrayList<>();

  @Override
  public void setContext(KrtContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() throws IOException {
    String sp = scriptPath != null ? scriptPath : "scripts/rust_is_available.sh";
    Path root = kernel != null ? ctx.cwd().resolve(kernel).normalize() : kernelFromScriptPath(sp);
    if (kernel != null && scriptPath == null && !root.equals(ctx.cwd().normalize())) {
      // Run from elsewhere: the script's $0 (and so its probe headers) lives in that tree.
      sp = root.resolve("scripts/rust_is_available.sh").toString();
    }
    if (!Files.isDirectory(root)) {
      throw new UserException("not a directory: " + root);
    }
    if (printWrapper) {
      return printWrapper(root);
    }
    KernelTree tree;
    try (KernelSource src = new DirectorySource(root)) {
      tree = ShellMinToolVersion.treeLoader().load(src, false);
    }
    CheckerEra e;
    if (era != null) {
      try {
        e = CheckerEra.fromSpec(era);
      } catch (IllegalArgumentException ex) {
        throw new UserException(ex.getMessage());
      }
    } else {
      e =
          tree.era()
              .orElseThrow(
                  () ->
                      new UserException(
                          "Linux "
                              + tree.version()
                              + " has no Rust support (scripts/rust_is_available.sh appeared in v6.1)"));
    }
    // What Kbuild exported, less what no child of krt may see (the checker's programs inherit it).
    Map<String, String> env = ChildEnvironment.inherited(ctx.env());
    CheckInputs in =
        new CheckInputs(
            Optional.ofNullable(env.get("RUSTC")),
            Optional.ofNullable(env.get("BINDGEN")),
            Optional.ofNullable(env.get("CC")),
            Optional.ofNullable(env.get("KRUSTFLAGS")),
            Optional.ofNullable(env.get("RUST_LIB_SRC")),
            sp,
            !args.isEmpty() && args.get(0).equals("-v"));
    String headerDir = dirname(sp);
    // min-tool-version.sh reads ARCH and SRCARCH exactly as the caller exported them.
    Arch arch = new Arch(env.getOrDefault("ARCH", ""), env.getOrDefault("SRCARCH", ""));
    ScriptProbes probes =
        new ScriptProbes(
            in.rustc().orElse(""),
            in.bindgen().orElse(""),
            env,
            ctx.cwd(),
            headerDir,
            tree,
            arch,
            new ProcessRunner(),
            Duration.ofSeconds(probeTimeout),
            64 << 20);
    Transcript t = RustIsAvailable.run(e, in, probes);
    ctx.err().write(t.stderr().getBytes(StandardCharsets.ISO_8859_1));
    ctx.err().flush();
    return t.exitCode();
  }

  private Path kernelFromScriptPath(String sp) {
    Path script = ctx.cwd().resolve(sp).normalize();
    Path scripts = script.getParent();
    if (scriptPath != null && scripts != null && scripts.getParent() != null) {
      return scripts.getParent();
    }
    return ctx.cwd();
  }

  static String dirname(String path) {
    int i = path.lastIndexOf('/');
    if (i < 0) {
      return ".";
    }
    return i == 0 ? "/" : path.substring(0, i);
  }

  private int printWrapper(Path root) throws IOException {
    Path script = root.resolve("scripts/rust_is_available.sh");
    if (!Files.isRegularFile(script)) {
      throw new UserException(
          "no scripts/rust_is_available.sh in "
              + root
              + " (kernels before v6.1 have no Rust support)");
    }
    String text = new String(Files.readAllBytes(script), StandardCharsets.ISO_8859_1);
    if (!CheckerEra.looksLikeChecker(text)) {
      throw new UserException(
          script + " does not look like the kernel's checker (already a krt wrapper?)");
    }
    CheckerEra e = CheckerEra.fromScript(text);
    String launcher = System.getProperty("krt.launcher", "krt");
    ctx.out().println("#!/bin/sh");
    ctx.out()
        .println(
            "KRT_NO_BUILD=1 exec "
                + ShellQuote.quote(launcher)
                + " rust-is-available --script-path \"$0\" --era '"
                + e.spec()
                + "' -- \"$@\"");
    return ExitCodes.OK;
  }
}
