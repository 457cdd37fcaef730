package dev.krt.kernel;

import dev.krt.kernel.source.DirectorySource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSourceException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds a {@link KernelTree} from a {@link KernelSource}, reading only the few files it needs. */
public final class KernelTreeLoader {
  private final ShellFallback shell;

  /**
   * Runs {@code min-tool-version.sh} with /bin/sh when krt cannot interpret it: the tree's file for
   * a directory, or its text from an archive (the script is self-contained).
   */
  public interface ShellFallback {
    MinToolVersionScript.Result run(
        String scriptText, Optional<Path> script, String tool, Arch arch) throws IOException;
  }

  public KernelTreeLoader(ShellFallback shell) {
    this.shell = shell;
  }

  static final String MAKEFILE = "Makefile";
  static final String MIN_TOOL = "scripts/min-tool-version.sh";
  static final String CHECKER = "scripts/rust_is_available.sh";
  static final String CC_VERSION = "scripts/cc-version.sh";
  static final String INIT_KCONFIG = "init/Kconfig";

  /**
   * Loads a tree. {@code readChecker} false is for krt standing in for the checker script: then the
   * era is inferred from the version and the probe headers.
   */
  public KernelTree load(KernelSource src, boolean readChecker) throws IOException {
    List<String> wanted = new ArrayList<>(List.of(MAKEFILE, MIN_TOOL, CC_VERSION, INIT_KCONFIG));
    if (readChecker) {
      wanted.add(CHECKER);
    }
    for (String h :
        List.of(
            CheckerEra.HEADER_LIBCLANG,
            CheckerEra.HEADER_066,
            CheckerEra.HEADER_CONCAT,
            CheckerEra.HEADER_22)) {
      wanted.add("scripts/" + h);
    }
    Map<String, Optional<byte[]>> files = src.readAll(wanted);
    Optional<KernelVersion> version =
        files.get(MAKEFILE).flatMap(b -> KernelVersion.fromMakefile(latin1(b)));
    if (version.isEmpty()) {
      throw new KernelSourceException(
          "not a kernel tree: "
              + src.describe()
              + " has no top-level Makefile with VERSION and PATCHLEVEL");
    }
    Map<String, byte[]> headers = new LinkedHashMap<>();
    for (String h :
        List.of(
            CheckerEra.HEADER_LIBCLANG,
            CheckerEra.HEADER_066,
            CheckerEra.HEADER_CONCAT,
            CheckerEra.HEADER_22)) {
      files.get("scripts/" + h).ifPresent(b -> headers.put(h, b));
    }
    Optional<CheckerEra> era = Optional.empty();
    boolean hasChecker =
        readChecker
            ? files.get(CHECKER).isPresent()
            : headers.containsKey(CheckerEra.HEADER_LIBCLANG);
    if (hasChecker) {
      if (readChecker) {
        String text = latin1(files.get(CHECKER).get());
        era =
            Optional.of(
                CheckerEra.looksLikeChecker(text)
                    ? CheckerEra.fromScript(text)
                    : CheckerEra.infer(version.get(), headers.keySet()));
      } else {
        era = Optional.of(CheckerEra.infer(version.get(), headers.keySet()));
      }
    }
    if (era.isEmpty() && version.get().atLeast(6, 1)) {
      // Every release since 6.1 has the checker: its absence means files are missing.
      throw new KernelSourceException(
          "incomplete kernel tree: Linux "
              + version.get()
              + " in "
              + src.describe()
              + " has no scripts/rust_is_available.sh (Rust support appeared in 6.1)");
    }
    Optional<byte[]> mtv = files.get(MIN_TOOL);
    MinVersions mv;
    if (mtv.isEmpty()) {
      if (era.isPresent()) {
        throw new KernelSourceException("kernel tree without " + MIN_TOOL + ": " + src.describe());
      }
      mv = new NoMinVersions();
    } else {
      mv = minVersions(src, latin1(mtv.get()));
    }
    return new KernelTree(
        src.describe(),
        version.get(),
        era,
        mv,
        headers,
        files.get(CC_VERSION).map(KernelTreeLoader::latin1),
        false,
        files
            .get(INIT_KCONFIG)
            .flatMap(b -> dev.krt.kernel.kconfig.RustKconfig.of(Map.of(INIT_KCONFIG, latin1(b)))));
  }

  private MinVersions minVersions(KernelSource src, String text) {
    try {
      return new ScriptMinVersions(MinToolVersionScript.parse(text));
    } catch (MinToolVersionScript.UnsupportedScriptException e) {
      if (shell != null) {
        return new ShellMinVersions(
            text, src.directory().map(d -> d.resolve(MIN_TOOL)), shell, e.getMessage());
      }
      return new BrokenMinVersions(e.getMessage());
    }
  }

  static String latin1(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }

  /** Convenience for directories. */
  public KernelTree load(Path dir) throws IOException {
    return load(new DirectorySource(dir), true);
  }

  // ---------------------------------------------------------------------------------------------

  private record ScriptMinVersions(MinToolVersionScript script) implements MinVersions {
    @Override
    public MinToolVersionScript.Result query(String tool, Arch arch) {
      try {
        return script.evaluate(tool, Map.of("ARCH", arch.arch(), "SRCARCH", arch.srcarch()));
      } catch (MinToolVersionScript.UnsupportedScriptException e) {
        return new MinToolVersionScript.Result(Optional.empty(), 1, e.getMessage());
      }
    }

    @Override
    public String basis() {
      return "scripts/min-tool-version.sh (interpreted)";
    }
  }

  private static final class ShellMinVersions implements MinVersions {
    private final String text;
    private final Optional<Path> script;
    private final ShellFallback shell;
    private final String why;
    private final Map<String, MinToolVersionScript.Result> memo =
        new java.util.concurrent.ConcurrentHashMap<>();

    ShellMinVersions(String text, Optional<Path> script, ShellFallback shell, String why) {
      this.text = text;
      this.script = script;
      this.shell = shell;
      this.why = why;
    }

    @Override
    public MinToolVersionScript.Result query(String tool, Arch arch) {
      return memo.computeIfAbsent(
          tool + "\0" + arch.arch() + "\0" + arch.srcarch(),
          k -> {
            try {
              return shell.run(text, script, tool, arch);
            } catch (IOException e) {
              return new MinToolVersionScript.Result(Optional.empty(), 1, e.getMessage());
            }
          });
    }

    @Override
    public String basis() {
      return "scripts/min-tool-version.sh (run with /bin/sh: " + why + ")";
    }
  }

  private record BrokenMinVersions(String why) implements MinVersions {
    @Override
    public MinToolVersionScript.Result query(String tool, Arch arch) {
      return new MinToolVersionScript.Result(
          Optional.empty(), 1, "cannot evaluate scripts/min-tool-version.sh: " + why);
    }

    @Override
    public String basis() {
      return "scripts/min-tool-version.sh (not understood: " + why + ")";
    }
  }

  private record NoMinVersions() implements MinVersions {
    @Override
    public MinToolVersionScript.Result query(String tool, Arch arch) {
      return new MinToolVersionScript.Result(Optional.empty(), 1, "no scripts/min-tool-version.sh");
    }

    @Override
    public String basis() {
      return "none";
    }
  }
}
