package dev.krt.cli;

import dev.krt.error.InputError;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine;

/** The krt command line: takes its streams and environment, returns an exit code. */
public final class Main {
  private final KrtContext ctx;

  public Main(PrintStream out, PrintStream err, Map<String, String> env, Path cwd) {
    this.ctx = new KrtContext(out, err, env, cwd);
  }

  public static void main(String[] args) {
    Map<String, String> env = new HashMap<>(System.getenv());
    // The launcher script needs a PATH for itself; it tells us when the caller had none.
    if ("1".equals(env.remove("KRT_PATH_UNSET"))) {
      env.remove("PATH");
    }
    env.remove("KRT_PATH_UNSET");
    PrintStream out = System.out;
    PrintStream err = System.err;
    int code = new Main(out, err, env, Path.of("").toAbsolutePath()).run(args);
    out.flush();
    err.flush();
    System.exit(code);
  }

  public int run(String... args) {
    CommandLine cl = commandLine(args.length > 0 ? args[0] : null);
    return cl.execute(args);
  }

  /** Subcommands in help order. Only the one named is built: picocli reflects over each it gets. */
  private static final Map<String, Class<?>> SUBCOMMANDS = new java.util.LinkedHashMap<>();

  static {
    SUBCOMMANDS.put("check", CheckCommand.class);
    SUBCOMMANDS.put("rust-is-available", RustIsAvailableCommand.class);
    SUBCOMMANDS.put("toolchains", ToolchainsCommand.class);
    SUBCOMMANDS.put("kernel", KernelCommand.class);
    SUBCOMMANDS.put("features", FeaturesCommand.class);
    SUBCOMMANDS.put("compat", CompatCommand.class);
    SUBCOMMANDS.put("releases", ReleasesCommand.class);
    SUBCOMMANDS.put("distros", DistrosCommand.class);
    SUBCOMMANDS.put("matrix", MatrixCommand.class);
    SUBCOMMANDS.put("serve", ServeCommand.class);
    SUBCOMMANDS.put("worker", WorkerCommand.class);
    SUBCOMMANDS.put("kb", KbCommand.class);
    SUBCOMMANDS.put("help", CommandLine.HelpCommand.class);
    SUBCOMMANDS.put("debug", DebugCommand.class);
  }

  CommandLine commandLine() {
    return commandLine(null);
  }

  CommandLine commandLine(String first) {
    Factory factory = new Factory(ctx);
    CommandLine cl = new CommandLine(new KrtCommand(), factory);
    if (first != null && SUBCOMMANDS.containsKey(first) && !first.equals("help")) {
      cl.addSubcommand(first, new CommandLine(SUBCOMMANDS.get(first), factory));
    } else {
      SUBCOMMANDS.forEach((name, cls) -> cl.addSubcommand(name, new CommandLine(cls, factory)));
    }
    cl.setOut(new java.io.PrintWriter(ctx.out(), true));
    cl.setErr(new java.io.PrintWriter(ctx.err(), true));
    cl.setExecutionExceptionHandler(this::handle);
    cl.setParameterExceptionHandler(this::usage);
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    // Descriptions are laid out for 100 columns; picocli's default of 80 breaks their lines.
    cl.setUsageHelpWidth(110);
    return cl;
  }

  private int usage(CommandLine.ParameterException e, String[] args) {
    ctx.err().println("krt: " + e.getMessage());
    CommandLine.Model.CommandSpec spec = e.getCommandLine().getCommandSpec();
    ctx.err().println("Try '" + spec.qualifiedName() + " --help' for more information.");
    return ExitCodes.USAGE;
  }

  private int handle(Exception e, CommandLine cl, CommandLine.ParseResult pr) {
    Throwable t = e;
    if (t instanceof UncheckedIOException u) {
      t = u.getCause();
    }
    if (t instanceof InputError) {
      ctx.err().println("krt: " + t.getMessage());
      return ExitCodes.USAGE;
    }
    if (t instanceof java.nio.file.FileSystemException fs) {
      // Not the user's input: krt could not use a file or directory it needs (its cache, say).
      ctx.err()
          .println(
              "krt: cannot use "
                  + fs.getFile()
                  + (fs.getReason() != null ? ": " + fs.getReason() : "")
                  + " ("
                  + fs.getClass().getSimpleName().replace("Exception", "")
                  + ")");
      return ExitCodes.INTERNAL;
    }
    if (t instanceof IOException io) {
      ctx.err().println("krt: " + io.getMessage());
      return ExitCodes.USAGE;
    }
    ctx.err().println("krt: internal error: " + t);
    if (ctx.env().containsKey("KRT_DEBUG")) {
      t.printStackTrace(ctx.err());
    } else {
      ctx.err().println("krt: (set KRT_DEBUG=1 for a stack trace; please report this)");
    }
    return ExitCodes.INTERNAL;
  }

  /** Gives every command the context. */
  private record Factory(KrtContext ctx) implements CommandLine.IFactory {
    @Override
    public <K> K create(Class<K> cls) throws Exception {
      if (KrtSubcommand.class.isAssignableFrom(cls)) {
        K k = cls.getDeclaredConstructor().newInstance();
        ((KrtSubcommand) k).setContext(ctx);
        return k;
      }
      return CommandLine.defaultFactory().create(cls);
    }
  }
}
