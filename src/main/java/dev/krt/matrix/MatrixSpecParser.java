package dev.krt.matrix;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads and validates a matrix file (YAML; docs/matrix.md). Only SnakeYAML's node tree is used,
 * never its object construction, so the file can hold nothing but data; every error names the line.
 */
public final class MatrixSpecParser {
  private MatrixSpecParser() {}

  /** The built-in steps and what they run. */
  static final Map<String, List<String>> BUILTIN_STEPS = new LinkedHashMap<>();

  static {
    BUILTIN_STEPS.put("rustavailable", List.of("rustavailable"));
    BUILTIN_STEPS.put("config", List.of());
    BUILTIN_STEPS.put("rust", List.of("rust/"));
    BUILTIN_STEPS.put("samples", List.of("samples/rust/"));
    BUILTIN_STEPS.put("rustdoc", List.of("rustdoc"));
    BUILTIN_STEPS.put("rustfmtcheck", List.of("rustfmtcheck"));
    BUILTIN_STEPS.put("clippy", List.of("rust/"));
    BUILTIN_STEPS.put("rustfmt", List.of("rustfmtcheck"));
    BUILTIN_STEPS.put("kunit", List.of());
  }

  /**
   * The {@code .kunitconfig} of a {@code kunit} step unless it gives one: KUnit with the kernel
   * crate's doctests (and, where the tree has them, its {@code #[kunit_tests]} suites).
   */
  static final List<String> DEFAULT_KUNITCONFIG =
      List.of("CONFIG_KUNIT=y", "CONFIG_RUST=y", "CONFIG_RUST_KERNEL_DOCTESTS=y");

  private static final Set<String> TOP =
      Set.of(
          "format",
          "preset",
          "kernels",
          "toolchains",
          "toolchains-file",
          "arches",
          "configs",
          "steps",
          "timeouts",
          "jobs");
  private static final Set<String> TOOLCHAIN_KEYS =
      Set.of(
          "name",
          "rustc",
          "bindgen",
          "cc",
          "llvm",
          "rustdoc",
          "rustfmt",
          "clippy-driver",
          "rust-lib-src",
          "krustflags",
          "env",
          "before");
  private static final Pattern FRAGMENT =
      Pattern.compile(
          "CONFIG_[A-Za-z0-9_]+=(y|m|n|\"[^\"]*\"|-?\\d+|0x[0-9a-fA-F]+)|# CONFIG_[A-Za-z0-9_]+ is not set");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(s|m|h)");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+-]*");

  private static final Pattern TOOLCHAIN_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+:-]*");

  /** A kernel named after its path may keep its {@code @ref}. */
  private static final Pattern DEFAULT_KERNEL_NAME =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9._+@-]*");

  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_./+-]+");
  private static final Pattern MAKE_VAR = Pattern.compile("[A-Z][A-Z0-9_]*");
  static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(30);

  /** The longest step timeout: a whole allyesconfig build on a slow machine fits in it. */
  static final Duration MAX_TIMEOUT = Duration.ofHours(48);

  /** A matrix file is a page of YAML; this is a thousand times that. */
  static final int MAX_BYTES = 1 << 20;

  /** Cells of one run: 4 kernels x 6 toolchains x 3 arches x 2 configs is 144. */
  static final int MAX_CELLS = 10_000;

  public static MatrixSpec read(Path file) throws MatrixSpecException, IOException {
    if (!Files.isRegularFile(file)) {
      throw new MatrixSpecException(file + ": no such file");
    }
    byte[] bytes;
    // Read no more than the limit, whatever the file claims to be (a FIFO, a growing file).
    try (java.io.InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new MatrixSpecException(
          file + ": larger than " + (MAX_BYTES >> 10) + " KiB; a matrix file is a page of YAML");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new MatrixSpecException(file + ": not a UTF-8 text file");
    }
    return parse(text, file);
  }

  public static MatrixSpec parse(String text, Path file) throws MatrixSpecException {
    Node root;
    try (Reader r = new StringReader(text)) {
      LoaderOptions o = new LoaderOptions();
      o.setAllowDuplicateKeys(false);
      o.setMaxAliasesForCollections(10);
      o.setCodePointLimit(1 << 20);
      root = new Yaml(o).compose(r);
    } catch (MarkedYAMLException e) {
      throw new MatrixSpecException(
          file + ":" + (e.getProblemMark().getLine() + 1) + ": " + e.getProblem());
    } catch (YAMLException | IOException e) {
      throw new MatrixSpecException(file + ": " + e.getMessage().split("\n")[0]);
    }
    if (root == null) {
      throw new MatrixSpecException(file + ": empty matrix file (see docs/matrix.md)");
    }
    Ctx c = new Ctx(file);
    Map<String, NodeTuple> top = c.mapping(root, "the matrix file");
    for (String k : top.keySet()) {
      if (!TOP.contains(k)) {
        throw c.error(
            top.get(k).getKeyNode(),
            "unknown key '"
                + k
                + "' (known: "
                + String.join(", ", TOP.stream().sorted().toList())
                + ")");
      }
    }
    if (top.containsKey("format")) {
      String f = c.scalar(top.get("format").getValueNode(), "format");
      if (!f.equals("1")) {
        throw c.error(
            top.get("format").getValueNode(), "format " + f + " is not one krt reads (1)");
      }
    }
    List<MatrixSpec.KernelRef> kernels = kernels(c, c.required(top, "kernels", root));
    List<MatrixSpec.ToolchainRef> toolchains = toolchains(c, c.required(top, "toolchains", root));
    Optional<Path> tcFile = Optional.empty();
    if (top.containsKey("toolchains-file")) {
      tcFile =
          Optional.of(
              c.resolve(c.scalar(top.get("toolchains-file").getValueNode(), "toolchains-file")));
    }
    List<String> arches =
        top.containsKey("arches") ? c.arches(top.get("arches").getValueNode()) : List.of("x86_64");
    Map<String, Duration> timeouts = timeouts(c, top.get("timeouts"));
    Optional<MatrixPresets.Preset> preset = Optional.empty();
    List<MatrixSpec.ConfigSpec> configs;
    List<MatrixSpec.StepSpec> steps = new ArrayList<>();
    if (top.containsKey("preset")) {
      Node p = top.get("preset").getValueNode();
      String name = c.scalar(p, "preset");
      preset = MatrixPresets.named(name);
      if (preset.isEmpty()) {
        throw c.error(p, "unknown preset '" + name + "' (known: " + MatrixPresets.names() + ")");
      }
      if (top.containsKey("configs")) {
        throw c.error(
            top.get("configs").getKeyNode(),
            "preset '"
                + name
                + "' gives the config; a file with a preset has no 'configs' (krt matrix presets "
                + name
                + ")");
      }
      int line = c.line(p);
      configs =
          List.of(
              new MatrixSpec.ConfigSpec(
                  preset.get().configName(), "defconfig", preset.get().fragments(), line));
      for (MatrixPresets.Step st : preset.get().steps()) {
        steps.add(
            new MatrixSpec.StepSpec(
                st.name(),
                st.kind(),
                st.targets(),
                st.makeVariables(),
                timeouts.getOrDefault(st.name(), timeouts.get("default")),
                st.ifPresent(),
                List.of(),
                line));
      }
      if (top.containsKey("steps")) {
        // More steps run after the preset's (a kunit step, say).
        steps.addAll(steps(c, top.get("steps").getValueNode(), timeouts));
        Set<String> seen = new LinkedHashSet<>();
        for (MatrixSpec.StepSpec st : steps) {
          if (!seen.add(st.name())) {
            throw c.error(
                top.get("steps").getValueNode(),
                "step '" + st.name() + "' is the preset's; name yours otherwise");
          }
        }
      }
    } else {
      configs = configs(c, c.required(top, "configs", root));
      steps.addAll(steps(c, c.required(top, "steps", root), timeouts));
    }
    int jobs = 1;
    if (top.containsKey("jobs")) {
      Node j = top.get("jobs").getValueNode();
      String s = c.scalar(j, "jobs");
      if (!s.matches("[1-9]\\d{0,2}")) {
        throw c.error(j, "jobs must be a number from 1 to 999, not '" + s + "'");
      }
      jobs = Integer.parseInt(s);
    }
    if (steps.stream().anyMatch(s -> !s.kind().equals("rustavailable") && !s.kind().equals("kunit"))
        && steps.stream().noneMatch(s -> s.kind().equals("config"))) {
      throw c.error(
          top.get("steps").getValueNode(), "steps that build need a 'config' step before them");
    }
    long cells = (long) kernels.size() * toolchains.size() * arches.size() * configs.size();
    if (cells > MAX_CELLS) {
      throw c.error(
          root,
          cells
              + " cells (kernels x toolchains x arches x configs); krt runs at most "
              + MAX_CELLS
              + " in one run: split the matrix");
    }
    return new MatrixSpec(
        file,
        kernels,
        toolchains,
        tcFile,
        arches,
        configs,
        List.copyOf(steps),
        jobs,
        preset.map(MatrixPresets.Preset::name));
  }

  /** A kernel's name when none is given: the last part of its path (found by fuzzing: "/"). */
  private static String defaultName(Ctx c, Node k, String source) throws MatrixSpecException {
    Path p;
    try {
      p = Path.of(source.replaceFirst("@.*$", "")).getFileName();
    } catch (java.nio.file.InvalidPathException e) {
      throw c.error(k, "not a path: '" + source.replace('\0', '?') + "'");
    }
    if (p == null) {
      throw c.error(k, "cannot name the kernel '" + source + "' (give it a name:)");
    }
    return p.toString();
  }

  private static List<MatrixSpec.KernelRef> kernels(Ctx c, Node n) throws MatrixSpecException {
    List<MatrixSpec.KernelRef> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node k : c.sequence(n, "kernels")) {
      String name;
      String source;
      List<String> before = List.of();
      if (k instanceof ScalarNode) {
        source = c.scalar(k, "kernel");
        name =
            defaultName(c, k, source)
                + (source.contains("@") ? source.substring(source.lastIndexOf('@')) : "");
      } else {
        Map<String, NodeTuple> m = c.mapping(k, "a kernel");
        c.only(m, Set.of("name", "source", "before"), "a kernel");
        source = c.scalar(c.required(m, "source", k), "source");
        before = c.commands(m.get("before"));
        name =
            m.containsKey("name")
                ? c.name(m.get("name").getValueNode(), "kernel name")
                : defaultName(c, k, source);
      }
      if (!DEFAULT_KERNEL_NAME.matcher(name).matches()) {
        // Names go into --only selectors, job names and KCIDB ids.
        throw c.error(
            k,
            "cannot name the kernel '"
                + name.replace('\0', '?')
                + "' after its path (give it a name:)");
      }
      if (!names.add(name)) {
        throw c.error(k, "two kernels are named '" + name + "' (give one a name:)");
      }
      String resolved = resolveSource(c, source);
      out.add(new MatrixSpec.KernelRef(name, resolved, before, c.line(k)));
    }
    return out;
  }

  /** A path against the file's directory; for {@code REPO@REF} the repository part. */
  private static String resolveSource(Ctx c, String source) throws MatrixSpecException {
    Path whole = c.resolve(source);
    int at = source.lastIndexOf('@');
    if (at <= 0 || Files.exists(whole)) {
      return whole.toString();
    }
    return c.resolve(source.substring(0, at)) + source.substring(at);
  }

  private static List<MatrixSpec.ToolchainRef> toolchains(Ctx c, Node n)
      throws MatrixSpecException {
    List<MatrixSpec.ToolchainRef> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node t : c.sequence(n, "toolchains")) {
      MatrixSpec.ToolchainRef ref;
      if (t instanceof ScalarNode) {
        ref =
            new MatrixSpec.ToolchainRef(
                c.toolchainName(t), Map.of(), Map.of(), List.of(), c.line(t));
      } else {
        Map<String, NodeTuple> m = c.mapping(t, "a toolchain");
        c.only(m, TOOLCHAIN_KEYS, "a toolchain");
        String name = c.toolchainName(c.required(m, "name", t));
        Map<String, String> programs = new LinkedHashMap<>();
        for (String k :
            List.of(
                "rustc",
                "bindgen",
                "cc",
                "llvm",
                "rustdoc",
                "rustfmt",
                "clippy-driver",
                "rust-lib-src",
                "krustflags")) {
          if (m.containsKey(k)) {
            String v = c.scalar(m.get(k).getValueNode(), k);
            // Paths are taken as written (a bare name is looked up in PATH, as make does); ~ is
            // home.
            programs.put(
                k,
                v.startsWith("~/") && !k.equals("krustflags") && !k.equals("llvm")
                    ? c.resolve(v).toString()
                    : v);
          }
        }
        if (!programs.isEmpty() && !programs.containsKey("rustc")) {
          throw c.error(t, "toolchain '" + name + "' names programs but no rustc");
        }
        if (programs.containsKey("cc") && programs.containsKey("llvm")) {
          throw c.error(t, "toolchain '" + name + "': give cc or llvm, not both");
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (m.containsKey("env")) {
          Map<String, NodeTuple> e = c.mapping(m.get("env").getValueNode(), "env");
          for (Map.Entry<String, NodeTuple> x : e.entrySet()) {
            if (!MAKE_VAR.matcher(x.getKey()).matches()
                && !x.getKey().matches("[A-Za-z_][A-Za-z0-9_]*")) {
              throw c.error(
                  x.getValue().getKeyNode(),
                  "not an environment variable name: '" + x.getKey() + "'");
            }
            env.put(x.getKey(), c.scalar(x.getValue().getValueNode(), x.getKey()));
          }
        }
        ref =
            new MatrixSpec.ToolchainRef(
                name, programs, env, c.commands(m.get("before")), c.line(t));
      }
      if (!names.add(ref.name())) {
        throw c.error(t, "toolchain '" + ref.name() + "' is listed twice");
      }
      out.add(ref);
    }
    return out;
  }

  private static Map<String, Duration> timeouts(Ctx c, NodeTuple t) throws MatrixSpecException {
    Map<String, Duration> out = new LinkedHashMap<>();
    out.put("default", DEFAULT_TIMEOUT);
    if (t == null) {
      return out;
    }
    for (Map.Entry<String, NodeTuple> e : c.mapping(t.getValueNode(), "timeouts").entrySet()) {
      out.put(e.getKey(), c.duration(e.getValue().getValueNode()));
    }
    return out;
  }

  private static List<MatrixSpec.ConfigSpec> configs(Ctx c, Node n) throws MatrixSpecException {
    List<MatrixSpec.ConfigSpec> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node k : c.sequence(n, "configs")) {
      MatrixSpec.ConfigSpec cs;
      if (k instanceof ScalarNode) {
        String base = c.target(k, "config");
        cs = new MatrixSpec.ConfigSpec(base, base, List.of(), c.line(k));
      } else {
        Map<String, NodeTuple> m = c.mapping(k, "a config");
        c.only(m, Set.of("name", "base", "fragments"), "a config");
        String base =
            m.containsKey("base") ? c.target(m.get("base").getValueNode(), "base") : "defconfig";
        String name =
            m.containsKey("name") ? c.name(m.get("name").getValueNode(), "config name") : base;
        List<String> frags =
            m.containsKey("fragments")
                ? c.fragments(m.get("fragments").getValueNode(), "fragments")
                : List.of();
        cs = new MatrixSpec.ConfigSpec(name, base, frags, c.line(k));
      }
      if (!names.add(cs.name())) {
        throw c.error(k, "two configs are named '" + cs.name() + "'");
      }
      out.add(cs);
    }
    return out;
  }

  private static List<MatrixSpec.StepSpec> steps(Ctx c, Node n, Map<String, Duration> timeouts)
      throws MatrixSpecException {
    List<MatrixSpec.StepSpec> out = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>();
    for (Node s : c.sequence(n, "steps")) {
      MatrixSpec.StepSpec step;
      if (s instanceof ScalarNode) {
        String name = c.scalar(s, "step");
        if (!BUILTIN_STEPS.containsKey(name)) {
          throw c.error(
              s,
              "unknown step '"
                  + name
                  + "' (built in: "
                  + String.join(", ", BUILTIN_STEPS.keySet())
                  + "; or {name: NAME, targets: [...]})");
        }
        step = builtin(name, timeouts, c.line(s));
      } else {
        Map<String, NodeTuple> m = c.mapping(s, "a step");
        c.only(
            m, Set.of("name", "targets", "make", "timeout", "if-present", "kunitconfig"), "a step");
        String name = c.name(c.required(m, "name", s), "step name");
        Duration timeout =
            m.containsKey("timeout")
                ? c.duration(m.get("timeout").getValueNode())
                : timeouts.getOrDefault(name, timeouts.get("default"));
        Map<String, String> vars = new LinkedHashMap<>();
        if (m.containsKey("make")) {
          for (Map.Entry<String, NodeTuple> e :
              c.mapping(m.get("make").getValueNode(), "make").entrySet()) {
            if (!MAKE_VAR.matcher(e.getKey()).matches()) {
              throw c.error(e.getValue().getKeyNode(), "not a make variable: '" + e.getKey() + "'");
            }
            vars.put(e.getKey(), c.scalar(e.getValue().getValueNode(), e.getKey()));
          }
        }
        boolean ifPresent = false;
        if (m.containsKey("if-present")) {
          String v = c.scalar(m.get("if-present").getValueNode(), "if-present");
          if (!v.equals("true") && !v.equals("false")) {
            throw c.error(m.get("if-present").getValueNode(), "if-present is true or false");
          }
          ifPresent = v.equals("true");
        }
        boolean kunit = name.equals("kunit") && !m.containsKey("targets");
        if (m.containsKey("kunitconfig") && !kunit) {
          throw c.error(m.get("kunitconfig").getKeyNode(), "kunitconfig goes with the kunit step");
        }
        if (BUILTIN_STEPS.containsKey(name) && !m.containsKey("targets")) {
          MatrixSpec.StepSpec b = builtin(name, timeouts, c.line(s));
          Map<String, String> all = new LinkedHashMap<>(b.makeVariables());
          all.putAll(vars);
          List<String> kunitconfig = b.kunitconfig();
          if (m.containsKey("kunitconfig")) {
            kunitconfig = c.fragments(m.get("kunitconfig").getValueNode(), "kunitconfig");
          }
          step =
              new MatrixSpec.StepSpec(
                  name, b.kind(), b.targets(), all, timeout, ifPresent, kunitconfig, c.line(s));
        } else {
          List<String> targets = new ArrayList<>();
          for (Node t : c.sequence(c.required(m, "targets", s), "targets")) {
            targets.add(c.target(t, "target"));
          }
          if (targets.isEmpty()) {
            throw c.error(s, "step '" + name + "' has no targets");
          }
          step =
              new MatrixSpec.StepSpec(
                  name,
                  "make",
                  List.copyOf(targets),
                  vars,
                  timeout,
                  ifPresent,
                  List.of(),
                  c.line(s));
        }
      }
      if (!names.add(step.name())) {
        throw c.error(s, "step '" + step.name() + "' is listed twice");
      }
      out.add(step);
    }
    if (out.isEmpty()) {
      throw c.error(n, "no steps");
    }
    return out;
  }

  private static MatrixSpec.StepSpec builtin(
      String name, Map<String, Duration> timeouts, int line) {
    String kind =
        switch (name) {
          case "rustavailable", "config", "rustfmt", "kunit" -> name;
          default -> "make";
        };
    Map<String, String> vars = name.equals("clippy") ? Map.of("CLIPPY", "1") : Map.of();
    return new MatrixSpec.StepSpec(
        name,
        kind,
        BUILTIN_STEPS.get(name),
        vars,
        timeouts.getOrDefault(name, timeouts.get("default")),
        false,
        name.equals("kunit") ? DEFAULT_KUNITCONFIG : List.of(),
        line);
  }

  /** The file being read, for messages and relative paths. */
  private record Ctx(Path file) {
    int line(Node n) {
      return n.getStartMark().getLine() + 1;
    }

    MatrixSpecException error(Node n, String msg) {
      return new MatrixSpecException(file + ":" + line(n) + ": " + msg);
    }

    Path resolve(String p) throws MatrixSpecException {
      Path x;
      try {
        x =
            Path.of(
                p.startsWith("~/") && System.getenv("HOME") != null
                    ? System.getenv("HOME") + p.substring(1)
                    : p);
      } catch (java.nio.file.InvalidPathException e) {
        throw new MatrixSpecException(file + ": not a path: '" + p.replace('\0', '?') + "'");
      }
      Path dir = file.toAbsolutePath().getParent();
      return x.isAbsolute() || dir == null ? x : dir.resolve(x).normalize();
    }

    Map<String, NodeTuple> mapping(Node n, String what) throws MatrixSpecException {
      if (!(n instanceof MappingNode m)) {
        throw error(n, what + " must be a mapping (key: value)");
      }
      Map<String, NodeTuple> out = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        String k = scalar(t.getKeyNode(), "a key");
        if (out.put(k, t) != null) {
          throw error(t.getKeyNode(), "'" + k + "' is given twice");
        }
      }
      return out;
    }

    List<Node> sequence(Node n, String what) throws MatrixSpecException {
      if (!(n instanceof SequenceNode s)) {
        throw error(n, what + " must be a list (- item)");
      }
      return s.getValue();
    }

    String scalar(Node n, String what) throws MatrixSpecException {
      if (!(n instanceof ScalarNode s)) {
        throw error(n, what + " must be a plain value");
      }
      return s.getValue();
    }

    String name(Node n, String what) throws MatrixSpecException {
      String s = scalar(n, what);
      if (!NAME.matcher(s).matches()) {
        throw error(n, "not a usable " + what + ": '" + s + "' (letters, digits, . _ + -)");
      }
      return s;
    }

    /**
     * A toolchain's name: as other names, or as {@code krt toolchains} names them (rustup:stable).
     */
    String toolchainName(Node n) throws MatrixSpecException {
      String s = scalar(n, "toolchain name");
      if (!TOOLCHAIN_NAME.matcher(s).matches()) {
        throw error(n, "not a usable toolchain name: '" + s + "' (letters, digits, . _ + - :)");
      }
      return s;
    }

    /** Config lines: {@code CONFIG_X=y|m|n|"text"|number} or {@code # CONFIG_X is not set}. */
    List<String> fragments(Node n, String what) throws MatrixSpecException {
      List<String> out = new ArrayList<>();
      for (Node f : sequence(n, what)) {
        String s = scalar(f, "fragment");
        if (!FRAGMENT.matcher(s).matches()) {
          throw error(
              f,
              "not a config fragment: '"
                  + s
                  + "' (CONFIG_X=y|m|n|\"text\"|number, or '# CONFIG_X is not set')");
        }
        out.add(s);
      }
      return List.copyOf(out);
    }

    String target(Node n, String what) throws MatrixSpecException {
      String s = scalar(n, what);
      if (!TARGET.matcher(s).matches() || s.startsWith("-")) {
        throw error(n, "not a make target: '" + s + "'");
      }
      return s;
    }

    /**
     * A {@code before:} hook: one command (maybe several lines) or a list of them; none if absent.
     */
    List<String> commands(NodeTuple t) throws MatrixSpecException {
      if (t == null) {
        return List.of();
      }
      Node n = t.getValueNode();
      List<String> out = new ArrayList<>();
      for (Node x : n instanceof ScalarNode ? List.of(n) : sequence(n, "before")) {
        String s = scalar(x, "a before command");
        if (s.isBlank() || s.indexOf('\0') >= 0) {
          throw error(x, "not a shell command: '" + s.replace('\0', '?') + "'");
        }
        out.add(s);
      }
      return List.copyOf(out);
    }

    List<String> names(Node n, String what) throws MatrixSpecException {
      List<String> out = new ArrayList<>();
      for (Node x : sequence(n, what)) {
        out.add(name(x, what));
      }
      if (out.isEmpty()) {
        throw error(n, what + " is empty");
      }
      return out;
    }

    Duration duration(Node n) throws MatrixSpecException {
      String s = scalar(n, "a timeout");
      Matcher m = DURATION.matcher(s.trim());
      if (!m.matches() || m.group(1).matches("0+")) {
        throw error(n, "not a timeout: '" + s + "' (e.g. 90s, 20m, 2h)");
      }
      // Compared before converting, so no number overflows.
      java.math.BigInteger v = new java.math.BigInteger(m.group(1));
      long unit =
          switch (m.group(2)) {
            case "s" -> 1;
            case "m" -> 60;
            default -> 3600;
          };
      java.math.BigInteger seconds = v.multiply(java.math.BigInteger.valueOf(unit));
      if (seconds.compareTo(java.math.BigInteger.valueOf(MAX_TIMEOUT.toSeconds())) > 0) {
        throw error(
            n, "timeout '" + s + "' is longer than " + MAX_TIMEOUT.toHours() + "h, krt's limit");
      }
      return Duration.ofSeconds(seconds.longValueExact());
    }

    /** Kernel ARCH names; a machine name ({@code amd64}, {@code aarch64}) as the kernel maps it. */
    List<String> arches(Node n) throws MatrixSpecException {
      List<String> out = new ArrayList<>();
      for (Node x : sequence(n, "arches")) {
        String typed = scalar(x, "an arch");
        String arch =
            dev.krt.kernel.Arch.parse(typed)
                .orElseThrow(
                    () ->
                        error(
                            x,
                            "unknown arch '"
                                + typed
                                + "' (a kernel ARCH such as x86_64, arm64, riscv, or a machine name)"))
                .arch();
        if (out.contains(arch)) {
          throw error(x, "arch '" + arch + "' is listed twice");
        }
        out.add(arch);
      }
      if (out.isEmpty()) {
        throw error(n, "arches is empty");
      }
      return out;
    }

    Node required(Map<String, NodeTuple> m, String key, Node where) throws MatrixSpecException {
      NodeTuple t = m.get(key);
      if (t == null) {
        throw error(where, "missing '" + key + "'");
      }
      return t.getValueNode();
    }

    void only(Map<String, NodeTuple> m, Set<String> allowed, String what)
        throws MatrixSpecException {
      for (Map.Entry<String, NodeTuple> e : m.entrySet()) {
        if (!allowed.contains(e.getKey())) {
          throw error(
              e.getValue().getKeyNode(),
              "unknown key '"
                  + e.getKey()
                  + "' in "
                  + what
                  + " (known: "
                  + String.join(", ", allowed.stream().sorted().toList())
                  + ")");
        }
      }
    }
  }
}
