package dev.krt.kernel.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.krt.kernel.Arch;
import dev.krt.kernel.CheckerEra;
import dev.krt.kernel.KernelTree;
import dev.krt.kernel.KernelTreeLoader;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.SoftAssertions;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of {@link KernelSource} must give the same bytes for the same path: the extracted
 * Debian 6.12 tree ({@link DirectorySource}), Debian's {@code .tar.xz} read in place ({@link
 * TarballSource}: cold cache, warm cache, partly deleted caches, no cache), a {@code .tar.gz} and a
 * plain {@code .tar} built here from a subset of the tree, and a git repository built here with
 * JGit ({@link GitSource}, tags {@code v1} and {@code v2}).
 */
@Timeout(300)
class SourcesAgreeTest {
  static final String LONG =
      "drivers/gpu/drm/nouveau/include/nvrm/535.113.01/common/sdk/nvidia/inc/ctrl/ctrl0073/ctrl0073specific.h";

  /**
   * The paths every source is asked for; two are symlinks (one with {@code ..}), one is > 100
   * chars.
   */
  static final List<String> PATHS =
      List.of(
          "Makefile",
          "scripts/min-tool-version.sh",
          "scripts/rust_is_available.sh",
          "scripts/rust_is_available_bindgen_libclang.h",
          "rust/kernel/lib.rs",
          "Documentation/Changes", // -> process/changes.rst
          "arch/arm64/tools/syscall_64.tbl", // -> ../../../scripts/syscall.tbl
          LONG);

  /** Paths that no source has as a regular file. */
  static final List<String> ABSENT =
      List.of(
          "no/such/file", "rust", "scripts", "Makefile/x", "rust/kernel/lib.rs.orig", "MAKEFILE");

  @TempDir static Path tmp;
  static Path tree;
  static Path xz;
  static TreeSubset subset;
  static Path tarGz;
  static Path tar;
  static Path repo;
  static Map<String, byte[]> expected;
  static List<String> rustFiles;

  @BeforeAll
  static void build() throws Exception {
    tree = Zoo.kernel("6.12");
    xz = Zoo.tarball("6.12");
    assertThat(xz.getFileName().toString()).endsWith(".tar.xz");
    expected = new LinkedHashMap<>();
    for (String p : PATHS) {
      expected.put(p, Files.readAllBytes(tree.resolve(p))); // follows the symlinks
    }
    try (Stream<Path> s = Files.walk(tree.resolve("rust"))) {
      rustFiles =
          s.filter(Files::isRegularFile)
              .map(p -> tree.relativize(p).toString())
              .sorted()
              .collect(Collectors.toList());
    }
    List<String> sub = new ArrayList<>(PATHS);
    sub.add("Documentation/process/changes.rst");
    sub.add("scripts/syscall.tbl");
    // The other probe headers, so the loader can infer the era from the subset too.
    sub.add("scripts/rust_is_available_bindgen_0_66.h");
    sub.add("scripts/rust_is_available_bindgen_libclang_concat.h");
    sub.add("scripts/rust_is_available_bindgen_libclang_22.h");
    sub.addAll(rustFiles);
    subset = new TreeSubset(tree, sub);
    tarGz = subset.writeTarGz(tmp.resolve("subset.tar.gz"), "linux-source-6.12", true);
    tar = subset.writeTar(tmp.resolve("subset.tar"), "linux-source-6.12", true);
    repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      // v1: an older Makefile and no Rust.
      Files.writeString(
          repo.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 11\nSUBLEVEL = 1\nEXTRAVERSION =\n");
      Files.createDirectories(repo.resolve("scripts"));
      Files.writeString(repo.resolve("scripts/only-in-v1.sh"), "echo v1\n");
      TreeSubset.commitAll(git, "v1", "v1");
      Files.delete(repo.resolve("scripts/only-in-v1.sh"));
      subset.copyTo(repo);
      TreeSubset.commitAll(git, "v2", "v2");
    }
  }

  static List<KernelSource> open = new ArrayList<>();

  @AfterAll
  static void closeAll() throws IOException {
    for (KernelSource s : open) {
      s.close();
    }
  }

  static <T extends KernelSource> T track(T s) {
    open.add(s);
    return s;
  }

  /** Reads {@link #PATHS} and {@link #ABSENT} one by one and all at once. */
  static void assertReadsLikeTheTree(String what, KernelSource src, SoftAssertions soft)
      throws IOException {
    Map<String, Optional<byte[]>> all = src.readAll(new ArrayList<>(expected.keySet()));
    for (Map.Entry<String, byte[]> e : expected.entrySet()) {
      soft.assertThat(all.get(e.getKey()))
          .as(what + " readAll " + e.getKey())
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
      soft.assertThat(src.read(e.getKey()))
          .as(what + " read " + e.getKey())
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
      soft.assertThat(src.exists(e.getKey())).as(what + " exists " + e.getKey()).isTrue();
    }
    for (String p : ABSENT) {
      soft.assertThat(src.read(p)).as(what + " read absent " + p).isEmpty();
      soft.assertThat(src.exists(p)).as(what + " exists absent " + p).isFalse();
    }
    soft.assertThat(src.readText("scripts/rust_is_available_bindgen_libclang.h"))
        .as(what + " readText")
        .hasValueSatisfying(t -> assertThat(t).contains("clang version"));
  }

  @Test
  void directory() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    DirectorySource d = track(new DirectorySource(tree));
    assertReadsLikeTheTree("dir", d, soft);
    soft.assertThat(d.list("rust/**")).as("dir list rust/**").isEqualTo(rustFiles);
    soft.assertThat(d.directory()).contains(tree.toAbsolutePath().normalize());
    soft.assertAll();
  }

  @Test
  void xzWithColdWarmAndDamagedCaches() throws IOException {
    Path cache = tmp.resolve("cache-xz");
    SoftAssertions soft = new SoftAssertions();
    String identity;
    try (TarballSource cold = new TarballSource(xz, cache, 2)) {
      identity = cold.identity();
      assertReadsLikeTheTree("xz cold", cold, soft);
      soft.assertThat(cold.list("rust/**")).as("xz cold list rust/**").isEqualTo(rustFiles);
    }
    Path dir = cache.resolve("tar").resolve(identity);
    soft.assertThat(dir.resolve("index.bin")).as("index cache").isRegularFile();
    soft.assertThat(dir.resolve("files")).as("content cache").isDirectory();
    try (TarballSource warm = new TarballSource(xz, cache, 2)) {
      assertReadsLikeTheTree("xz warm", warm, soft);
      soft.assertThat(warm.list("rust/**")).as("xz warm list").isEqualTo(rustFiles);
    }
    // Index gone, content cache kept.
    Files.delete(dir.resolve("index.bin"));
    try (TarballSource noIndex = new TarballSource(xz, cache, 2)) {
      assertReadsLikeTheTree("xz without index cache", noIndex, soft);
      soft.assertThat(noIndex.list("rust/**"))
          .as("xz without index cache: list")
          .isEqualTo(rustFiles);
    }
    // Content gone, index kept.
    deleteTree(dir.resolve("files"));
    try (TarballSource noContent = new TarballSource(xz, cache, 2)) {
      assertReadsLikeTheTree("xz without content cache", noContent, soft);
    }
    // A damaged index is rebuilt, never trusted.
    Files.write(dir.resolve("index.bin"), "garbage".getBytes(StandardCharsets.US_ASCII));
    try (TarballSource damaged = new TarballSource(xz, cache, 2)) {
      assertReadsLikeTheTree("xz with damaged index cache", damaged, soft);
    }
    // Damaged content cache entries (wrong header) are ignored too.
    try (Stream<Path> s = Files.list(dir.resolve("files"))) {
      for (Path f : s.collect(Collectors.toList())) {
        Files.write(f, "file someone/else\nxxxx".getBytes(StandardCharsets.US_ASCII));
      }
    }
    try (TarballSource wrong = new TarballSource(xz, cache, 2)) {
      assertReadsLikeTheTree("xz with foreign content cache entries", wrong, soft);
    }
    soft.assertAll();
  }

  @Test
  void xzWithoutCache() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    try (TarballSource s = new TarballSource(xz, null, 2)) {
      assertReadsLikeTheTree("xz no cache", s, soft);
    }
    soft.assertAll();
  }

  @Test
  void gzipAndPlainTarOfASubset() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    for (Path p : List.of(tarGz, tar)) {
      try (TarballSource s = new TarballSource(p, tmp.resolve("cache-stream"), 2)) {
        assertReadsLikeTheTree(p.getFileName().toString(), s, soft);
        soft.assertThat(s.list("rust/**"))
            .as(p.getFileName() + " list rust/**")
            .isEqualTo(rustFiles);
      }
      try (TarballSource s = new TarballSource(p, null, 2)) {
        assertReadsLikeTheTree(p.getFileName() + " (no cache)", s, soft);
      }
    }
    soft.assertAll();
  }

  /** {@code tar czf x.tgz linux/a linux/b} has no directory members; the files are still there. */
  @Test
  void tarballsWithoutDirectoryMembers() throws IOException {
    Path gz = subset.writeTarGz(tmp.resolve("nodirs.tar.gz"), "linux-source-6.12", false);
    Path plain = subset.writeTar(tmp.resolve("nodirs.tar"), "linux-source-6.12", false);
    SoftAssertions soft = new SoftAssertions();
    for (Path p : List.of(gz, plain)) {
      try (TarballSource s = new TarballSource(p, null, 2)) {
        assertReadsLikeTheTree(p.getFileName().toString(), s, soft);
      }
    }
    soft.assertAll();
  }

  @Test
  void gitAtTags() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    try (GitSource v2 = GitSource.open(repo, "v2")) {
      assertReadsLikeTheTree("git v2", v2, soft);
      soft.assertThat(v2.list("rust/**")).as("git v2 list rust/**").isEqualTo(rustFiles);
      soft.assertThat(v2.read("scripts/only-in-v1.sh")).isEmpty();
      soft.assertThat(v2.describe()).endsWith("@v2");
      soft.assertThat(v2.commit()).isPresent();
    }
    try (GitSource v1 = GitSource.open(repo, "v1")) {
      soft.assertThat(v1.readText("Makefile"))
          .contains("VERSION = 6\nPATCHLEVEL = 11\nSUBLEVEL = 1\nEXTRAVERSION =\n");
      soft.assertThat(v1.readText("scripts/only-in-v1.sh")).contains("echo v1\n");
      soft.assertThat(v1.read("rust/kernel/lib.rs")).isEmpty();
      soft.assertThat(v1.list("rust/**")).isEmpty();
    }
    // The same tree by other names: the branch, HEAD, a tree-ish, REPO@REF through KernelSources.
    for (String ref : List.of("main", "HEAD", "v2^0", "v2~0")) {
      try (GitSource g = GitSource.open(repo, ref)) {
        soft.assertThat(g.read("rust/kernel/lib.rs"))
            .as("git " + ref)
            .hasValueSatisfying(b -> assertThat(b).isEqualTo(expected.get("rust/kernel/lib.rs")));
      }
    }
    try (KernelSource g =
        KernelSources.open(
            repo.getFileName() + "@v2", repo.getParent(), tmp.resolve("cache-git"))) {
      assertReadsLikeTheTree("KernelSources.open(repo@v2)", g, soft);
    }
    soft.assertAll();
  }

  /** GitSource says REF may name a tree: {@code v2^{tree}} or a tree id. */
  @Test
  void gitTreeRefs() throws Exception {
    String treeId;
    try (Git git = Git.open(repo.toFile())) {
      treeId = git.getRepository().resolve("v2^{tree}").name();
    }
    SoftAssertions soft = new SoftAssertions();
    for (String ref : List.of("v2^{tree}", treeId)) {
      try (GitSource g = GitSource.open(repo, ref)) {
        soft.assertThat(g.read("rust/kernel/lib.rs"))
            .as("git " + ref)
            .hasValueSatisfying(b -> assertThat(b).isEqualTo(expected.get("rust/kernel/lib.rs")));
        soft.assertThat(g.commit()).as("commit of a tree ref").isEmpty();
      } catch (KernelSourceException e) {
        soft.fail("GitSource.open(repo, \"" + ref + "\"): " + e.getMessage());
      }
    }
    soft.assertAll();
  }

  @Test
  void listRustAgreesBetweenDirectoryAndTarball() throws IOException {
    try (TarballSource t = new TarballSource(xz, sharedCache(), 2)) {
      List<String> dir = new DirectorySource(tree).list("rust/**");
      assertThat(dir).isEqualTo(rustFiles).hasSizeGreaterThan(50);
      assertThat(t.list("rust/**")).isEqualTo(dir);
      assertThat(t.list("rust/kernel/*.rs"))
          .isEqualTo(new DirectorySource(tree).list("rust/kernel/*.rs"))
          .contains("rust/kernel/lib.rs");
      // (Not scripts/rust_is_available*: the zoo's extracted tree has a stray .pch there.)
      assertThat(t.list("scripts/rust_is_available_bindgen_*.h"))
          .isEqualTo(new DirectorySource(tree).list("scripts/rust_is_available_bindgen_*.h"))
          .hasSize(4);
      assertThat(t.list("no-such-dir/**")).isEmpty();
    }
  }

  /** The loader reaches the same kernel facts whatever the source. */
  @Test
  void loaderSeesTheSameKernel() throws IOException {
    KernelTreeLoader loader = new KernelTreeLoader(null);
    Arch x86 = Arch.of("x86_64");
    // What the tree says by routes other than krt's loader: make, the script's own text, /bin/sh.
    String version = Zoo.kernelVersion("6.12");
    String era =
        CheckerEra.fromScript(
                Files.readString(
                    tree.resolve("scripts/rust_is_available.sh"), StandardCharsets.ISO_8859_1))
            .name();
    Map<String, String> min = new LinkedHashMap<>();
    for (String tool : List.of("rustc", "bindgen", "llvm")) {
      min.put(tool, Zoo.minToolVersion("6.12", tool, x86.arch(), x86.srcarch()));
    }
    List<KernelSource> sources =
        List.of(
            track(new DirectorySource(tree)),
            track(new TarballSource(xz, sharedCache(), 2)),
            track(new TarballSource(tarGz, null, 2)),
            track(new TarballSource(tar, null, 2)),
            track(GitSource.open(repo, "v2")));
    SoftAssertions soft = new SoftAssertions();
    for (KernelSource s : sources) {
      for (boolean readChecker : List.of(true, false)) {
        KernelTree t = loader.load(s, readChecker);
        String what = s.describe() + " readChecker=" + readChecker;
        soft.assertThat(t.version().toString()).as(what).isEqualTo(version);
        soft.assertThat(t.era().map(e -> e.name())).as(what).contains(era);
        soft.assertThat(t.policy(x86).rustc()).as(what).isEqualTo(min.get("rustc"));
        soft.assertThat(t.policy(x86).bindgen()).as(what).isEqualTo(min.get("bindgen"));
        soft.assertThat(t.policy(x86).llvm()).as(what).isEqualTo(min.get("llvm"));
      }
    }
    soft.assertAll();
  }

  /** "Symlinks inside the tree are followed" also when a directory on the way is the link. */
  @Test
  void fileThroughADirectorySymlink() throws IOException {
    String p = "scripts/dtc/include-prefixes/dt-bindings/clock/qcom,gcc-sdm845.h"; // dt-bindings ->
    // ../../../include/dt-bindings
    byte[] want = Files.readAllBytes(tree.resolve(p));
    assertThat(new DirectorySource(tree).read(p))
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(want));
    try (TarballSource t = new TarballSource(xz, sharedCache(), 2)) {
      assertThat(t.read(p)).as("xz: " + p).hasValueSatisfying(b -> assertThat(b).isEqualTo(want));
    }
  }

  /** A cache that earlier tests may have warmed; for tests about something else than caching. */
  static Path sharedCache() {
    return tmp.resolve("cache-shared");
  }

  static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : s.sorted(java.util.Comparator.reverseOrder()).collect(Collectors.toList())) {
        Files.delete(x);
      }
    }
  }
}
