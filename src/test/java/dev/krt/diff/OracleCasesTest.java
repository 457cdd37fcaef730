package dev.krt.diff;

import dev.krt.diff.Diff.Outcome;
import dev.krt.testing.Zoo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The "script" cases of {@code /work/shared/tools/run-oracle.sh}, rebuilt on the toolchain zoo: for
 * each, the real {@code scripts/rust_is_available.sh} of Debian's 6.12 / 6.1 tree and krt's drop-in
 * must agree byte for byte, and {@code krt check} must reach the same verdict.
 */
@Timeout(300)
class OracleCasesTest {
  /** Per class: krt check's probe cache, so that a stale cache of another run cannot hide a bug. */
  @TempDir static Path cacheHome;

  /**
   * One oracle case.
   *
   * @param vars the script's environment besides PATH, in order; a {@code null} value means the
   *     variable is not in the environment at all
   */
  record Case(String id, String kernel, Map<String, String> vars) {
    @Override
    public String toString() {
      return id;
    }

    Path tree() {
      return Zoo.kernel(kernel);
    }

    Map<String, String> env() {
      Map<String, String> e = new LinkedHashMap<>();
      e.put("PATH", Diff.PATH);
      vars.forEach(
          (k, v) -> {
            if (v != null) {
              e.put(k, v);
            }
          });
      return e;
    }

    /** krt check needs RUSTC, BINDGEN and CC as non-empty program names. */
    boolean checkable() {
      return nonEmpty("RUSTC") && nonEmpty("BINDGEN") && nonEmpty("CC");
    }

    private boolean nonEmpty(String var) {
      String v = vars.get(var);
      return v != null && !v.isEmpty();
    }

    List<String> checkArgs() {
      List<String> a = new ArrayList<>();
      a.add("--kernel=" + tree());
      a.add("--rustc=" + vars.get("RUSTC"));
      a.add("--bindgen=" + vars.get("BINDGEN"));
      a.add("--cc=" + vars.get("CC"));
      if (vars.get("RUST_LIB_SRC") != null) {
        a.add("--rust-lib-src=" + vars.get("RUST_LIB_SRC"));
      }
      if (vars.get("KRUSTFLAGS") != null) {
        a.add("--krustflags=" + vars.get("KRUSTFLAGS"));
      }
      return a;
    }
  }

  private static String bin(String id, String tool) {
    return Zoo.root().resolve("bin").resolve(id).resolve(tool).toString();
  }

  private static String roots(String rel) {
    return Zoo.root().resolve("roots").resolve(rel).toString();
  }

  /**
   * {@code c(id, kernel, "VAR=value" | "-u VAR" ...)} as in run-oracle.sh: defaults RUSTC=rustc-web
   * 1.96, BINDGEN=0.71.1 with libclang 19, CC=clang-19, then overrides in order.
   */
  private static Case c(String id, String kernel, String... overrides) {
    Map<String, String> v = new LinkedHashMap<>();
    v.put("RUSTC", bin("rustc-web-1.96", "rustc"));
    v.put("BINDGEN", bin("bindgen-0.71.1-lc19", "bindgen"));
    v.put("CC", "clang-19");
    for (String o : overrides) {
      if (o.startsWith("-u ")) {
        v.put(o.substring(3), null);
      } else {
        int eq = o.indexOf('=');
        v.put(o.substring(0, eq), o.substring(eq + 1));
      }
    }
    return new Case(id, kernel, v);
  }

  static Stream<Case> cases() {
    // Debian's rust-src of rustup stable's exact release and of nightly's minor (the zoo picks
    // them)
    String srcStable = Zoo.rustLibSrc("rust-src-stable").toString();
    String srcNightly = Zoo.rustLibSrc("rust-src-nightly").toString();
    String w96 = Zoo.rustLibSrc("rustc-web-1.96").toString();
    String rustdoc196 = bin("rustc-web-1.96", "rustdoc");
    String k = "6.12";
    List<Case> l = new ArrayList<>();
    l.add(c("k612-01-pass-web196-bg0711-lc19-clang19", k));
    l.add(c("k612-02-pass-web178-min", k, "RUSTC=" + bin("rustc-web-1.78", "rustc")));
    l.add(
        c(
            "k612-03-pass-web185-bg0721-lc19",
            k,
            "RUSTC=" + bin("rustc-web-1.85", "rustc"),
            "BINDGEN=" + bin("bindgen-0.72.1-lc19", "bindgen")));
    l.add(
        c(
            "k612-04-pass-trixie1851-bg0711-lc14-cl14",
            k,
            "RUSTC=" + bin("rustc-1.85.1", "rustc"),
            "BINDGEN=" + bin("bindgen-0.71.1-lc14", "bindgen"),
            "CC=clang-14"));
    l.add(
        c(
            "k612-05-pass-rustup-stable+src-stable-lc22",
            k,
            "RUSTC=" + bin("rustup-stable", "rustc"),
            "RUST_LIB_SRC=" + srcStable,
            "BINDGEN=" + bin("bindgen-0.72.1-lc22", "bindgen"),
            "CC=clang-22"));
    l.add(
        c(
            "k612-06-pass-rustup-nightly+src-nightly",
            k,
            "RUSTC=" + bin("rustup-nightly", "rustc"),
            "RUST_LIB_SRC=" + srcNightly,
            "BINDGEN=" + bin("bindgen-0.72.1-lc22", "bindgen"),
            "CC=clang-22"));
    l.add(
        c(
            "k612-07-pass-nightly+websrc196",
            k,
            "RUSTC=" + bin("rustup-nightly", "rustc"),
            "RUST_LIB_SRC=" + w96));
    l.add(
        c(
            "k612-08-pass-libclang13-min",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-lc13", "bindgen"),
            "CC=gcc"));
    l.add(c("k612-09-pass-cc-gcc", k, "CC=gcc"));
    l.add(c("k612-10-warn-clang-mismatch-cc14", k, "CC=clang-14"));
    l.add(
        c(
            "k612-11-warn-bg0711-libclang22",
            k,
            "BINDGEN=" + bin("bindgen-0.71.1-lc22", "bindgen"),
            "CC=clang-22"));
    l.add(
        c(
            "k612-12-pass-bg0721-libclang22",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-lc22", "bindgen"),
            "CC=clang-22"));
    l.add(c("k612-13-fail-rustup-stable-no-src", k, "RUSTC=" + bin("rustup-stable", "rustc")));
    l.add(c("k612-14-fail-rustup-nightly-no-src", k, "RUSTC=" + bin("rustup-nightly", "rustc")));
    l.add(c("k612-15-fail-rust-lib-src-bogus", k, "RUST_LIB_SRC=/tmp/nonexistent/library"));
    l.add(
        c(
            "k612-16-pass-krustflags-sysroot",
            k,
            "RUSTC=" + bin("rustup-stable", "rustc"),
            "KRUSTFLAGS=--sysroot=" + roots("rustc-web-1.96/usr")));
    l.add(c("k612-17-fail-rustc163-too-old", k, "RUSTC=" + bin("rustc-1.63", "rustc")));
    l.add(c("k612-18-fail-rustc148-too-old", k, "RUSTC=" + bin("rustc-1.48", "rustc")));
    l.add(c("k612-19-fail-bg0601-too-old", k, "BINDGEN=" + bin("bindgen-0.60.1-lc19", "bindgen")));
    l.add(c("k612-20-fail-bg0551-too-old", k, "BINDGEN=" + bin("bindgen-0.55.1-lc11", "bindgen")));
    l.add(
        c(
            "k612-21-fail-libclang11-too-old",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-lc11", "bindgen")));
    l.add(
        c("k612-22-fail-libclang9-too-old", k, "BINDGEN=" + bin("bindgen-0.71.1-lc9", "bindgen")));
    l.add(
        c(
            "k612-23-fail-libclang-not-found-bg0711",
            k,
            "BINDGEN=" + bin("bindgen-0.71.1-nolibclang", "bindgen")));
    l.add(
        c(
            "k612-24-fail-libclang-not-found-bg0721",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-nolibclang", "bindgen")));
    l.add(c("k612-25-fail-rustc-not-found", k, "RUSTC=/tmp/nonexistent/rustc"));
    l.add(c("k612-26-fail-bindgen-not-found", k, "BINDGEN=/tmp/nonexistent/bindgen"));
    l.add(c("k612-27-fail-rustc-unset", k, "-u RUSTC"));
    l.add(c("k612-28-fail-bindgen-unset", k, "-u BINDGEN"));
    l.add(c("k612-29-fail-cc-unset", k, "-u CC"));
    l.add(
        c("k612-30-fail-rustc-cannot-run-127", k, "RUSTC=" + bin("unwrapped-rustc-1.63", "rustc")));
    l.add(
        c(
            "k612-31-fail-bindgen-glibc-too-old",
            k,
            "BINDGEN=" + bin("unwrapped-bindgen-0.71.1", "bindgen")));
    l.add(c("k612-32-fail-rustc-is-rustdoc", k, "RUSTC=" + rustdoc196));
    l.add(c("k612-33-fail-bindgen-is-clang", k, "BINDGEN=clang-19"));
    l.add(c("k612-34-fail-bindgen-is-echo", k, "BINDGEN=echo"));
    l.add(c("k612-35-fail-rustc-empty", k, "RUSTC="));
    l.add(c("k612-36-pass-cc-empty", k, "CC="));
    k = "6.1";
    l.add(c("k61-01-pass-toonew-web196-bg0711", k));
    l.add(
        c(
            "k61-02-pass-toonew-rustc163-bg0601-lc14",
            k,
            "RUSTC=" + bin("rustc-1.63", "rustc"),
            "BINDGEN=" + bin("bindgen-0.60.1-lc14", "bindgen"),
            "CC=clang-14"));
    l.add(
        c(
            "k61-03-pass-libclang11-min",
            k,
            "RUSTC=" + bin("rustc-1.63", "rustc"),
            "BINDGEN=" + bin("bindgen-0.60.1-lc11", "bindgen"),
            "CC=gcc"));
    l.add(
        c(
            "k61-04-warn-mismatch-cc19-lc14",
            k,
            "RUSTC=" + bin("rustc-1.63", "rustc"),
            "BINDGEN=" + bin("bindgen-0.60.1-lc14", "bindgen"),
            "CC=clang-19"));
    l.add(
        c(
            "k61-05-fail-rustc148-too-old",
            k,
            "RUSTC=" + bin("rustc-1.48", "rustc"),
            "BINDGEN=" + bin("bindgen-0.60.1-lc14", "bindgen")));
    l.add(
        c(
            "k61-06-fail-bg0551-too-old",
            k,
            "RUSTC=" + bin("rustc-1.63", "rustc"),
            "BINDGEN=" + bin("bindgen-0.55.1-lc11", "bindgen"),
            "CC=gcc"));
    l.add(
        c(
            "k61-07-fail-libclang9-too-old",
            k,
            "RUSTC=" + bin("rustc-1.63", "rustc"),
            "BINDGEN=" + bin("bindgen-0.60.1-lc9", "bindgen")));
    l.add(c("k61-08-fail-rustup-stable-no-src", k, "RUSTC=" + bin("rustup-stable", "rustc")));
    l.add(
        c(
            "k61-09-pass-rustup-stable+src-stable",
            k,
            "RUSTC=" + bin("rustup-stable", "rustc"),
            "RUST_LIB_SRC=" + srcStable));
    l.add(c("k61-10-fail-rustc-unset", k, "-u RUSTC"));
    l.add(c("k61-11-fail-bindgen-unset", k, "-u BINDGEN"));
    l.add(c("k61-12-cc-unset", k, "-u CC"));
    l.add(c("k61-13-fail-rustc-is-rustdoc", k, "RUSTC=" + rustdoc196));
    l.add(c("k61-14-fail-bindgen-is-echo", k, "BINDGEN=echo"));
    l.add(
        c("k61-15-fail-rustc-cannot-run-127", k, "RUSTC=" + bin("unwrapped-rustc-1.63", "rustc")));
    l.add(
        c(
            "k61-16-fail-libclang-not-found",
            k,
            "BINDGEN=" + bin("bindgen-0.60.1-nolibclang", "bindgen")));
    l.add(
        c(
            "k61-17-pass-bg0721-lc22-cc22",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-lc22", "bindgen"),
            "CC=clang-22"));
    // Beyond run-oracle.sh, same style: the cases above for the other tree where they differ by
    // era.
    l.add(c("k61-x1-fail-rust-lib-src-bogus", k, "RUST_LIB_SRC=/tmp/nonexistent/library"));
    l.add(
        c(
            "k61-x2-pass-krustflags-sysroot",
            k,
            "RUSTC=" + bin("rustup-stable", "rustc"),
            "KRUSTFLAGS=--sysroot=" + roots("rustc-web-1.96/usr")));
    l.add(c("k61-x3-fail-bindgen-is-clang", k, "BINDGEN=clang-19"));
    l.add(c("k61-x4-fail-rustc-empty", k, "RUSTC="));
    l.add(c("k61-x5-pass-cc-empty", k, "CC="));
    l.add(
        c(
            "k61-x6-fail-bindgen-glibc-too-old",
            k,
            "BINDGEN=" + bin("unwrapped-bindgen-0.71.1", "bindgen")));
    l.add(
        c(
            "k61-x7-fail-libclang-not-found-bg0721",
            k,
            "BINDGEN=" + bin("bindgen-0.72.1-nolibclang", "bindgen")));
    l.add(
        c(
            "k61-x8-warn-bg0711-libclang22",
            k,
            "BINDGEN=" + bin("bindgen-0.71.1-lc22", "bindgen"),
            "CC=clang-22"));
    l.add(
        c(
            "k61-x9-pass-rustup-nightly+src-nightly",
            k,
            "RUSTC=" + bin("rustup-nightly", "rustc"),
            "RUST_LIB_SRC=" + srcNightly,
            "BINDGEN=" + bin("bindgen-0.72.1-lc22", "bindgen"),
            "CC=clang-22"));
    return l.stream();
  }

  /** The real script's outcome per case, shared by the two tests of a case (it takes about 1 s). */
  private static final Map<String, Outcome> SCRIPT = new java.util.concurrent.ConcurrentHashMap<>();

  private static Outcome realScript(Case c) {
    return SCRIPT.computeIfAbsent(
        c.kernel() + "/" + c.id(), k -> Diff.realScript(c.tree(), c.env()));
  }

  @AfterEach
  void devNull() {
    Diff.assertDevNullIntact();
  }

  @ParameterizedTest(name = "{0}: rust-is-available")
  @MethodSource("cases")
  void dropInMatchesRealScript(Case c) {
    Zoo.require();
    Outcome script = realScript(c);
    Outcome krt = Diff.dropIn(c.tree(), c.env());
    Diff.assertSame(c.kernel() + "_" + c.id(), script, krt);
  }

  /** Cases {@code krt check} options can express (RUSTC, BINDGEN and CC set and not empty). */
  static Stream<Case> checkableCases() {
    return cases().filter(Case::checkable);
  }

  @ParameterizedTest(name = "{0}: check --format json")
  @MethodSource("checkableCases")
  void checkVerdictMatchesRealScript(Case c) {
    Zoo.require();
    Outcome script = realScript(c);
    Map<String, String> env = Diff.env("PATH", Diff.PATH, "XDG_CACHE_HOME", cacheHome.toString());
    Diff.assertCheckAgrees(
        c.kernel() + "_" + c.id(), script, Diff.checkJson(env, c.tree(), c.checkArgs()));
  }
}
