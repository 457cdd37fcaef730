package dev.krt.toolchain;

import dev.krt.kernel.Arch;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.MinToolVersionScript;
import dev.krt.process.ProcessExecutor;
import dev.krt.process.ProcessResult;
import dev.krt.process.ProcessSpec;
import dev.krt.shell.DashText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the checker's programs the way {@code /bin/sh} (dash) would from the script: commands found
 * like {@code command -v} finds them (builtins, then PATH, dash's default PATH when none is set),
 * {@code LC_ALL=C} exactly where the script sets it, the script's environment passed on, programs
 * without a {@code #!} line run by the shell. Unlike the script, every run has a timeout.
 */
public final class ScriptProbes implements CheckerProbes {
  private static final Set<String> DASH_BUILTINS =
      Set.of(
          ".",
          ":",
          "[",
          "alias",
          "bg",
          "break",
          "cd",
          "chdir",
          "command",
          "continue",
          "echo",
          "eval",
          "exec",
          "exit",
          "export",
          "false",
          "fc",
          "fg",
          "getopts",
          "hash",
          "jobs",
          "kill",
          "local",
          "printf",
          "pwd",
          "read",
          "readonly",
          "return",
          "set",
          "shift",
          "test",
          "times",
          "trap",
          "true",
          "type",
          "ulimit",
          "umask",
          "unalias",
          "unset",
          "wait");

  private final String rustc;
  private final String bindgen;
  private final Map<String, String> env;
  private final Path cwd;
  private final PathLookup lookup;
  private final String headerDir;
  private final KernelTree tree;
  private final Arch arch;
  private final ProcessExecutor runner;
  private final Duration timeout;
  private final int outputCap;

  /**
   * @param rustc {@code $RUSTC} ({@code ""} when unset)
   * @param bindgen {@code $BINDGEN}
   * @param env the environment the script runs with (as given; PATH may be absent)
   * @param cwd its working directory
   * @param headerDir {@code $(dirname $0)} as the script would write it: the probe headers are
   *     passed to bindgen under this directory
   */
  public ScriptProbes(
      String rustc,
      String bindgen,
      Map<String, String> env,
      Path cwd,
      String headerDir,
      KernelTree tree,
      Arch arch,
      ProcessExecutor runner,
      Duration timeout) {
    this(rustc, bindgen, env, cwd, headerDir, tree, arch, runner, timeout, ProcessSpec.DEFAULT_CAP);
  }

  /** With {@code outputCap}: the drop-in keeps up to 64 MiB, as the script would echo it all. */
  public ScriptProbes(
      String rustc,
      String bindgen,
      Map<String, String> env,
      Path cwd,
      String headerDir,
      KernelTree tree,
      Arch arch,
      ProcessExecutor runner,
      Duration timeout,
      int outputCap) {
    this.outputCap = outputCap;
    this.rustc = rustc;
    this.bindgen = bindgen;
    Map<String, String> e = new HashMap<>(env);
    e.putIfAbsent("PWD", cwd.toString()); // dash exports PWD to its children
    this.env = Map.copyOf(e);
    this.cwd = cwd;
    this.lookup = new PathLookup(env, cwd);
    this.headerDir = headerDir;
    this.tree = tree;
    this.arch = arch;
    this.runner = runner;
    this.timeout = timeout;
  }

  // ---------------------------------------------------------------------------------------------
  // Command lookup as dash does it.

  private record Resolved(boolean builtin, String path) {}

  private Optional<Resolved> resolve(String name) {
    if (name.isEmpty()) {
      return Optional.empty();
    }
    if (!name.contains("/") && DASH_BUILTINS.contains(name)) {
      return Optional.of(new Resolved(true, name));
    }
    // dash's `command -v` accepts any existing path, executable or not (the test suite relies on
    // it).
    return lookup.find(name).map(p -> new Resolved(false, p.toString()));
  }

  @Override
  public boolean commandExists(String name) {
    return resolve(name).isPresent();
  }

  /** Runs {@code name args...} as the shell would. */
  private ProcessResult exec(String name, List<String> args, boolean lcAllC, byte[] stdin) {
    Optional<Resolved> r = resolve(name);
    if (r.isEmpty()) {
      return new ProcessResult(
          127,
          new byte[0],
          (name + ": not found\n").getBytes(StandardCharsets.ISO_8859_1),
          false,
          false,
          Optional.of("not found"),
          0);
    }
    if (r.get().builtin()) {
      return builtin(name, args);
    }
    Map<String, String> e = env;
    if (lcAllC) {
      Map<String, String> m = new HashMap<>(env);
      m.put("LC_ALL", "C");
      e = m;
    }
    List<String> argv = new ArrayList<>();
    argv.add(r.get().path());
    argv.addAll(args);
    ProcessResult res = runner.run(new ProcessSpec(argv, e, cwd, stdin, timeout, outputCap));
    if (res.startError().filter(s -> s.contains("Exec format error")).isPresent()) {
      // No #! line: dash runs the file as a shell script.
      argv.add(0, "/bin/sh");
      res = runner.run(new ProcessSpec(argv, e, cwd, stdin, timeout, outputCap));
    }
    return res;
  }

  private static ProcessResult builtin(String name, List<String> args) {
    String out;
    int code;
    switch (name) {
      case "true", ":" -> {
        out = "";
        code = 0;
      }
      case "false" -> {
        out = "";
        code = 1;
      }
      case "echo" -> {
        out = DashText.echo(String.join(" ", args));
        code = 0;
      }
      case "printf" -> {
        if (!args.isEmpty()
            && args.get(0).startsWith("-")
            && !args.get(0).equals("--")
            && !args.get(0).equals("-")) {
          return new ProcessResult(
              2,
              new byte[0],
              "printf: Illegal option --\n".getBytes(StandardCharsets.ISO_8859_1),
              false,
              false,
              Optional.empty(),
              0);
        }
        String fmt =
            args.isEmpty()
                ? ""
                : args.get(0).equals("--") && args.size() > 1 ? args.get(1) : args.get(0);
        out = DashText.echo(fmt);
        out = out.isEmpty() ? out : out.substring(0, out.length() - 1);
        code = 0;
      }
      default -> {
        out = "";
        code = 2;
      }
    }
    return new ProcessResult(
        code,
        out.getBytes(StandardCharsets.ISO_8859_1),
        new byte[0],
        false,
        false,
        Optional.empty(),
        0);
  }

  private static Run stdoutOnly(ProcessResult r) {
    return new Run(r.exitCode(), r.stdoutText(), "", r.timedOut(), r.startError());
  }

  private static Run both(ProcessResult r) {
    return new Run(r.exitCode(), r.stdoutText(), r.stderrText(), r.timedOut(), r.startError());
  }

  // ---------------------------------------------------------------------------------------------

  @Override
  public Run rustcVersion() {
    return stdoutOnly(exec(rustc, List.of("--version"), true, null));
  }

  @Override
  public Run bindgenVersion(boolean dummyArg) {
    List<String> args =
        dummyArg ? List.of("--version", "workaround-for-0.69.0") : List.of("--version");
    return stdoutOnly(exec(bindgen, args, true, null));
  }

  @Override
  public Run bindgenLibclang() {
    ProcessResult r =
        exec(
            bindgen,
            List.of(headerDir + "/" + dev.krt.kernel.CheckerEra.HEADER_LIBCLANG),
            true,
            null);
    // 2>&1 >/dev/null: what the script captures is the program's stderr.
    return new Run(r.exitCode(), r.stderrText(), "", r.timedOut(), r.startError());
  }

  @Override
  public Run bindgenHeader(String header) {
    return both(exec(bindgen, List.of(headerDir + "/" + header), false, null));
  }

  @Override
  public Run ccPreprocess(List<String> ccWords, String input) {
    if (ccWords.isEmpty()) {
      return Run.of(127, "", "");
    }
    List<String> args = new ArrayList<>(ccWords.subList(1, ccWords.size()));
    args.addAll(List.of("-E", "-P", "-x", "c", "-"));
    return stdoutOnly(
        exec(ccWords.get(0), args, false, input.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Override
  public Run ccVersionText(List<String> ccWords) {
    if (ccWords.isEmpty()) {
      return Run.of(127, "", "");
    }
    List<String> args = new ArrayList<>(ccWords.subList(1, ccWords.size()));
    args.add("--version");
    return stdoutOnly(exec(ccWords.get(0), args, true, null));
  }

  @Override
  public Run rustcSysroot(List<String> krustflags) {
    List<String> args = new ArrayList<>(krustflags);
    args.add("--print");
    args.add("sysroot");
    return both(exec(rustc, args, false, null));
  }

  @Override
  public Run minToolVersion(String tool) {
    MinToolVersionScript.Result r = tree.minVersions().query(tool, arch);
    return Run.of(r.exitCode(), r.version().map(v -> v + "\n").orElse(""), r.stderr());
  }

  @Override
  public List<String> fields(String unquoted) {
    List<String> out = new ArrayList<>();
    for (String w : dev.krt.shell.ShellWords.split(unquoted)) {
      out.addAll(dev.krt.shell.ShellGlob.expand(w, cwd));
    }
    return out;
  }

  @Override
  public boolean pathExists(String path) {
    return !path.isEmpty() && Files.exists(cwd.resolve(path));
  }

  @Override
  public Optional<String> ccVersionScript() {
    return tree.ccVersionScript();
  }
}
