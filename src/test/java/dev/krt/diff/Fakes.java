package dev.krt.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generated fake programs, as the kernel's {@code rust_is_available_test.py} makes them, but as
 * small {@code #!/bin/sh} scripts: each answers by matching its arguments ({@code case "$*" in})
 * and copies a prepared data file to stdout/stderr, so any byte (NUL, backslash, no final newline)
 * can be printed. Absolute paths only, so they also work without PATH.
 *
 * <p>Defaults follow the tree under test, as the kernel's test suite does: rustc and bindgen print
 * the minimum versions of {@code scripts/min-tool-version.sh}, bindgen's libclang and the fake
 * clang the minimum LLVM; {@code --print sysroot} names a sysroot with the core sources.
 */
final class Fakes {
  private final Path dir;
  private final Path tree;
  private final String rustcMin;
  private final String bindgenMin;
  private final String llvmMin;
  private final Path sysroot;
  private int n;

  Fakes(Path dir, Path tree) {
    this.dir = dir;
    this.tree = tree;
    this.rustcMin = minToolVersion(tree, "rustc");
    this.bindgenMin = minToolVersion(tree, "bindgen");
    this.llvmMin = minToolVersion(tree, "llvm");
    this.sysroot = dir.resolve("sysroot");
    try {
      Path core = sysroot.resolve("lib/rustlib/src/rust/library/core/src/lib.rs");
      Files.createDirectories(core.getParent());
      Files.writeString(core, "// fake core\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String minToolVersion(Path tree, String tool) {
    Diff.Outcome o =
        Diff.run(
            List.of("/bin/sh", "scripts/min-tool-version.sh", tool),
            Diff.env("PATH", Diff.PATH),
            tree,
            Diff.SCRIPT_TIMEOUT);
    if (o.rc() != 0) {
      throw new IllegalStateException("min-tool-version.sh " + tool + " failed: " + o.stderr());
    }
    return o.stdout().strip();
  }

  String rustcMin() {
    return rustcMin;
  }

  String bindgenMin() {
    return bindgenMin;
  }

  String llvmMin() {
    return llvmMin;
  }

  Path sysroot() {
    return sysroot;
  }

  Path dir() {
    return dir;
  }

  /** The kernel tree the fakes are made for (the scripts' working directory). */
  Path tree() {
    return tree;
  }

  /** Copies a fake to {@code dir/relative} (which may contain spaces), keeping it executable. */
  Path copy(Path program, String relative) {
    try {
      Path to = dir.resolve(relative);
      Files.createDirectories(to.getParent());
      return Files.copy(program, to, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------------------------------------

  /**
   * What a fake does for one kind of call. {@code signal} (e.g. KILL) makes it kill itself after
   * printing.
   */
  record Answer(byte[] out, byte[] err, int code, String signal) {
    static Answer out(String s) {
      return new Answer(bytes(s), new byte[0], 0, null);
    }

    static Answer err(String s) {
      return new Answer(new byte[0], bytes(s), 0, null);
    }

    static Answer exit(int code) {
      return new Answer(new byte[0], new byte[0], code, null);
    }

    static Answer signal(String sig) {
      return new Answer(new byte[0], new byte[0], 0, sig);
    }

    Answer withCode(int c) {
      return new Answer(out, err, c, signal);
    }

    Answer withErr(String s) {
      return new Answer(out, bytes(s), code, signal);
    }

    Answer withSignal(String sig) {
      return new Answer(out, err, code, sig);
    }
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  /** A fake under construction: glob on {@code "$*"} → answer, first match wins. */
  final class Fake {
    private final Map<String, Answer> answers = new LinkedHashMap<>();
    private Answer otherwise = Answer.exit(0);

    /**
     * Replaces the answer for {@code glob} in place, or adds it in front of the others (so a more
     * specific pattern added later wins over the defaults).
     */
    Fake on(String glob, Answer a) {
      if (answers.containsKey(glob)) {
        answers.put(glob, a);
      } else {
        Map<String, Answer> rest = new LinkedHashMap<>(answers);
        answers.clear();
        answers.put(glob, a);
        answers.putAll(rest);
      }
      return this;
    }

    Fake otherwise(Answer a) {
      otherwise = a;
      return this;
    }

    /** {@code --version} prints {@code text} and a newline. */
    Fake version(String text) {
      return on("*--version*", Answer.out(text + "\n"));
    }

    Fake version(Answer a) {
      return on("*--version*", a);
    }

    Path install() {
      StringBuilder sh = new StringBuilder("#!/bin/sh\ncase \"$*\" in\n");
      answers.forEach(
          (glob, a) -> sh.append(pattern(glob)).append(")\n").append(body(a)).append(";;\n"));
      sh.append("*)\n").append(body(otherwise)).append(";;\nesac\n");
      return script(sh.toString());
    }

    /** The glob as a case pattern: {@code *} stays a wildcard, everything else is quoted. */
    private static String pattern(String glob) {
      List<String> quoted = new java.util.ArrayList<>();
      for (String part : glob.split("\\*", -1)) {
        quoted.add(part.isEmpty() ? "" : "'" + part.replace("'", "'\\''") + "'");
      }
      return String.join("*", quoted);
    }

    private String body(Answer a) {
      StringBuilder b = new StringBuilder();
      if (a.out().length > 0) {
        b.append("\t/bin/cat '").append(data(a.out())).append("'\n");
      }
      if (a.err().length > 0) {
        b.append("\t/bin/cat '").append(data(a.err())).append("' >&2\n");
      }
      if (a.signal() != null) {
        // No core file (it would land in the kernel tree) and no "(core dumped)" in dash's report.
        b.append("\tulimit -c 0 2>/dev/null\n\tkill -").append(a.signal()).append(" $$\n");
      }
      b.append("\texit ").append(a.code()).append('\n');
      return b.toString();
    }
  }

  /** A fake rustc: {@code rustc <min>}, and the fake sysroot for {@code --print sysroot}. */
  Fake rustc() {
    return new Fake()
        .on("*--print sysroot*", Answer.out(sysroot + "\n"))
        .version("rustc " + rustcMin);
  }

  /** The libclang probe's stderr line as bindgen (0.65-style) prints it. */
  static String libclangLine(String version) {
    return "scripts/rust_is_available_bindgen_libclang.h:2:9: warning: clang version "
        + version
        + " [-W#pragma-messages], err: false\n";
  }

  /**
   * A fake bindgen: {@code bindgen <min>}; libclang {@code <min llvm>} on the probe header; the
   * 0.66 probe fails (unpatched) and the concat / libclang-22 probes print nothing (unpatched).
   */
  Fake bindgen() {
    return new Fake()
        .on("*rust_is_available_bindgen_libclang.h*", Answer.err(libclangLine(llvmMin)))
        .on("*rust_is_available_bindgen_0_66.h*", Answer.exit(1))
        .on("*rust_is_available_bindgen_libclang_concat.h*", Answer.exit(0))
        .on("*rust_is_available_bindgen_libclang_22.h*", Answer.exit(0))
        .version("bindgen " + bindgenMin);
  }

  /** bindgen's output for the concat probe when patched (or ≥ 0.69.5). */
  static final String CONCAT_PATCHED =
      "/* automatically generated by rust-bindgen 0.69.4 */\n\nextern \"C\" {\n    pub static mut foofoo: ::std::os::raw::c_int;\n}\n";

  /** bindgen's output for the libclang-22 probe when fixed. */
  static final String LC22_PATCHED =
      "/* automatically generated by rust-bindgen 0.72.1 */\n\n#[repr(C)]\n#[derive(Debug, Copy, Clone)]\npub struct S {\n    pub foo: ::std::os::raw::c_int,\n}\n";

  /**
   * A fake Clang {@code <min llvm>}: the cc-version.sh preprocessor probe and {@code --version}.
   */
  Fake clang() {
    return clang(llvmMin);
  }

  Fake clang(String version) {
    String[] v = version.split("\\.");
    return new Fake()
        .on("*-E*", Answer.out("Clang " + v[0] + " " + v[1] + " " + v[2] + "\n"))
        .version("clang version " + version);
  }

  /** A fake GCC {@code x.y.z}. */
  Fake gcc(String version) {
    String[] v = version.split("\\.");
    return new Fake()
        .on("*-E*", Answer.out("GCC " + v[0] + " " + v[1] + " " + v[2] + "\n"))
        .version("gcc (Debian " + version + "-1) " + version);
  }

  // ---------------------------------------------------------------------------------------------

  Path script(String text) {
    return file(bytes(text), true);
  }

  /** A file that exists but is not executable. */
  Path plainFile(String text) {
    return file(bytes(text), false);
  }

  /** An empty directory. */
  Path directory() {
    try {
      return Files.createDirectory(dir.resolve("d" + (n++)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path data(byte[] content) {
    return file(content, false);
  }

  private Path file(byte[] content, boolean executable) {
    try {
      Path p = dir.resolve(String.valueOf(n++));
      Files.write(p, content);
      Files.setPosixFilePermissions(
          p, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
      return p;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
