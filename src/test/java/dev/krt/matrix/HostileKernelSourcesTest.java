package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.krt.kernel.source.KernelSourceException;
import dev.krt.testing.CliHarness;
import dev.krt.testing.RunKrt;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.TreeFormatter;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kernel sources crafted to write outside krt's cache when unpacked for a build. Each must be
 * refused with a one-line {@link KernelSourceException} naming the source, and the directory the
 * attacker aimed at must stay empty.
 */
@Timeout(120)
class HostileKernelSourcesTest {
  @TempDir Path tmp;
  Path outside;
  Path cache;

  @BeforeEach
  void dirs() throws IOException {
    outside = Files.createDirectories(tmp.resolve("outside"));
    cache = tmp.resolve("cache");
  }

  /** One tar entry: a file (content), a symlink or a hard link (target). */
  record E(String name, byte type, String content) {
    static E file(String name, String content) {
      return new E(name, TarArchiveEntry.LF_NORMAL, content);
    }

    static E symlink(String name, String target) {
      return new E(name, TarArchiveEntry.LF_SYMLINK, target);
    }

    static E hardLink(String name, String target) {
      return new E(name, TarArchiveEntry.LF_LINK, target);
    }
  }

  private Path tar(String file, E... entries) throws IOException {
    Path p = tmp.resolve(file);
    try (OutputStream o = Files.newOutputStream(p);
        TarArchiveOutputStream t = new TarArchiveOutputStream(o)) {
      t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (E e : entries) {
        TarArchiveEntry te = new TarArchiveEntry(e.name(), e.type(), true);
        if (e.type() == TarArchiveEntry.LF_NORMAL) {
          byte[] b = e.content().getBytes(StandardCharsets.UTF_8);
          te.setSize(b.length);
          t.putArchiveEntry(te);
          t.write(b);
        } else {
          te.setLinkName(e.content());
          t.putArchiveEntry(te);
        }
        t.closeArchiveEntry();
      }
    }
    return p;
  }

  private void assertRefused(Path source, String why) throws IOException {
    Throwable t = catchThrowable(() -> KernelCheckout.prepare("k", source.toString(), tmp, cache));
    assertThat(t).isInstanceOf(KernelSourceException.class);
    assertThat(t.getMessage()).doesNotContain("\n").contains(source.toString()).contains(why);
    assertNothingEscaped();
  }

  private void assertNothingEscaped() throws IOException {
    try (Stream<Path> s = Files.list(outside)) {
      assertThat(s.toList()).as("files written outside the tree").isEmpty();
    }
    assertThat(tmp.resolve("escaped")).doesNotExist();
  }

  @Test
  void anAbsoluteSymlinkThenAFileThroughIt() throws IOException {
    Path t =
        tar(
            "a.tar",
            E.file("linux/Makefile", "VERSION = 6\n"),
            E.symlink("linux/esc", outside.toString()),
            E.file("linux/esc/file", "pwned"));
    assertRefused(t, "points outside the tree");
  }

  @Test
  void aRelativeSymlinkUpwardsThenAFileThroughIt() throws IOException {
    Path t =
        tar(
            "b.tar",
            E.file("linux/Makefile", "VERSION = 6\n"),
            E.symlink("linux/esc", "../../../../../../../../../../../.." + outside),
            E.file("linux/esc/file", "pwned"));
    assertRefused(t, "would be written through the symbolic link 'esc'");
  }

  @Test
  void aSymlinkLeadingOutsideIsRefusedEvenWithNothingWrittenThroughIt() throws IOException {
    Path t =
        tar(
            "c.tar",
            E.file("linux/Makefile", "VERSION = 6\n"),
            E.symlink("linux/d/up", ".."),
            // lexically inside (d/up/.. is d), really two levels above d
            E.symlink("linux/d/sneaky", "up/../../.."));
    assertRefused(t, "symbolic link 'linux/d/sneaky' points outside the tree");
  }

  @Test
  void aHardLinkThroughASymlink() throws IOException {
    Files.writeString(outside.resolve("secret"), "secret");
    Path t =
        tar(
            "d.tar",
            E.file("linux/Makefile", "VERSION = 6\n"),
            E.symlink("linux/l", "."),
            E.hardLink("linux/copy", "linux/l/Makefile"));
    Throwable x = catchThrowable(() -> KernelCheckout.prepare("k", t.toString(), tmp, cache));
    assertThat(x).isInstanceOf(KernelSourceException.class);
    assertThat(x.getMessage()).contains("hard link 'linux/copy' does not name a file of the tree");
  }

  @Test
  void dotDotAndAbsoluteNames() throws IOException {
    assertRefused(
        tar("e.tar", E.file("linux/Makefile", "x"), E.file("linux/../../escaped", "x")),
        "would be written outside the tree");
    assertRefused(
        tar("f.tar", E.file("linux/Makefile", "x"), E.file(outside + "/abs", "x")),
        "has an absolute name");
  }

  @Test
  void aFileCannotReplaceADirectory() throws IOException {
    assertRefused(
        tar(
            "g.tar",
            E.file("linux/Makefile", "x"),
            E.file("linux/dir/a", "x"),
            E.symlink("linux/dir", outside.toString())),
        "would replace a directory");
  }

  /**
   * A git tree object may list the same name twice: a symbolic link and a directory. A checkout
   * would write the directory's files through the link.
   */
  @Test
  void aGitTreeWithASymlinkAndADirectoryOfOneName() throws Exception {
    Path repo = tmp.resolve("repo");
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Repository r = git.getRepository();
      try (ObjectInserter ins = r.newObjectInserter()) {
        ObjectId makefile = ins.insert(Constants.OBJ_BLOB, "VERSION = 6\n".getBytes());
        ObjectId pwned = ins.insert(Constants.OBJ_BLOB, "pwned".getBytes());
        ObjectId target = ins.insert(Constants.OBJ_BLOB, outside.toString().getBytes());
        TreeFormatter sub = new TreeFormatter();
        sub.append("file", FileMode.REGULAR_FILE, pwned);
        ObjectId subTree = ins.insert(sub);
        TreeFormatter top = new TreeFormatter();
        top.append("Makefile", FileMode.REGULAR_FILE, makefile);
        top.append("esc", FileMode.SYMLINK, target);
        top.append("esc", FileMode.TREE, subTree);
        ObjectId tree = ins.insert(top);
        org.eclipse.jgit.lib.CommitBuilder c = new org.eclipse.jgit.lib.CommitBuilder();
        c.setTreeId(tree);
        org.eclipse.jgit.lib.PersonIdent who =
            new org.eclipse.jgit.lib.PersonIdent("t", "t@example.org");
        c.setAuthor(who);
        c.setCommitter(who);
        c.setMessage("evil");
        ObjectId commit = ins.insert(c);
        ins.flush();
        RefUpdate u = r.updateRef("refs/heads/evil");
        u.setNewObjectId(commit);
        u.forceUpdate();
      }
    }
    String spec = repo + "@evil";
    Throwable t = catchThrowable(() -> KernelCheckout.prepare("k", spec, tmp, cache));
    assertThat(t).isInstanceOf(KernelSourceException.class);
    assertThat(t.getMessage()).doesNotContain("\n").contains("points outside the tree");
    assertNothingEscaped();
  }

  /** Through the CLI: exit 2, one line on stderr, no stack trace, nothing outside. */
  @Test
  void krtMatrixRunRefusesTheSourceWithExit2() throws IOException {
    Path t =
        tar(
            "h.tar",
            E.file("linux/Makefile", "VERSION = 6\n"),
            E.symlink("linux/esc", "../../../../../../../../../../../.." + outside),
            E.file("linux/esc/file", "pwned"));
    Path m = Zoo.rustavailableMatrix(tmp.resolve("m.yaml"), "rustc-web-1.85");
    Files.writeString(m, Files.readString(m).replaceFirst("source: .*", "source: " + t));
    CliHarness krt = new CliHarness(tmp);
    RunKrt.Result r =
        krt.run("matrix", "run", m.toString(), "--db", "jdbc:sqlite:" + tmp.resolve("k.db"));
    assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
    assertThat(r.stderr().strip()).doesNotContain("\n").contains("through the symbolic link");
    assertThat(r.stderr()).doesNotContain("Exception").doesNotContain("internal error");
    assertNothingEscaped();
  }

  /** Two unpacks of one tarball at once both get the whole tree; a killed one's leftovers go. */
  @Test
  void concurrentUnpacksShareOneTreeAndClearLeftovers() throws Exception {
    Path t = tar("ok.tar", E.file("linux/Makefile", "VERSION = 6\n"), E.file("linux/a/b", "b"));
    Path sources = Files.createDirectories(cache.resolve("sources"));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<KernelCheckout>> fs = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<KernelCheckout> c = () -> KernelCheckout.prepare("k", t.toString(), tmp, cache);
        fs.add(pool.submit(c));
      }
      Path dir = null;
      for (Future<KernelCheckout> f : fs) {
        KernelCheckout k = f.get();
        assertThat(k.dir().resolve("a/b")).hasContent("b");
        dir = k.dir();
      }
      // A unpack killed with -9 leaves its partial tree; the next unpack of that id clears it.
      Path stale = Files.createDirectories(sources.resolve(dir.getFileName() + ".partial-1"));
      Files.writeString(stale.resolve("junk"), "x");
      KernelCheckout.deleteTree(dir);
      KernelCheckout.prepare("k", t.toString(), tmp, cache);
      assertThat(stale).doesNotExist();
    } finally {
      pool.shutdownNow();
    }
  }
}
