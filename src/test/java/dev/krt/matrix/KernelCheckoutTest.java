package dev.krt.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.krt.kernel.source.KernelSourceException;
import dev.krt.kernel.source.TreeWriter;
import dev.krt.testing.RealProcess;
import dev.krt.testing.Zoo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kernels as buildable directories: in place, unpacked from a tarball, exported from a git ref. */
class KernelCheckoutTest {
  @TempDir Path tmp;

  @Test
  void aDirectoryIsBuiltInPlaceAndItsIdentityFollowsItsFiles() throws Exception {
    Path tree = Files.createDirectories(tmp.resolve("linux"));
    Files.writeString(tree.resolve("Makefile"), "VERSION = 6\n");
    Files.createDirectories(tree.resolve(".git/objects"));
    Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/main\n");
    KernelCheckout a = KernelCheckout.prepare("k", tree.toString(), tmp, tmp.resolve("cache"));
    assertThat(a.dir()).isEqualTo(tree);
    assertThat(a.identity()).startsWith("dir-");
    Files.writeString(tree.resolve(".git/HEAD"), "ref: refs/heads/other\n");
    assertThat(KernelCheckout.prepare("k", tree.toString(), tmp, tmp.resolve("cache")).identity())
        .as(".git does not count")
        .isEqualTo(a.identity());
    Files.writeString(tree.resolve("Kconfig"), "config RUST\n");
    assertThat(KernelCheckout.prepare("k", tree.toString(), tmp, tmp.resolve("cache")).identity())
        .isNotEqualTo(a.identity());
    Files.setLastModifiedTime(tree.resolve("Makefile"), FileTime.fromMillis(0));
    assertThat(KernelCheckout.prepare("k", tree.toString(), tmp, tmp.resolve("cache")).identity())
        .as("a touched file")
        .isNotEqualTo(a.identity());
  }

  @Test
  void debiansTarballIsUnpackedOnceAndItsMakeWorks() throws Exception {
    Path tarball = Zoo.tarball("6.12");
    Path cache = tmp.resolve("cache");
    KernelCheckout c = KernelCheckout.prepare("6.12", tarball.toString(), tmp, cache);
    assertThat(c.identity()).startsWith("tar-");
    assertThat(c.dir()).startsWith(cache.resolve("sources")).isDirectory();
    assertThat(c.dir().resolve("scripts/rust_is_available.sh")).isRegularFile();
    assertThat(Files.isExecutable(c.dir().resolve("scripts/config"))).isTrue();
    // The real make reads it as a kernel tree.
    RealProcess.Result r =
        RealProcess.run(
            List.of("make", "-s", "-C", c.dir().toString(), "kernelversion"),
            RealProcess.C_ENV,
            null,
            null,
            Duration.ofSeconds(60));
    assertThat(r.out().strip()).isEqualTo(Zoo.kernelVersion("6.12"));
    // Prepared again: the same directory, not unpacked a second time.
    FileTime before = Files.getLastModifiedTime(c.dir().resolve("Makefile"));
    KernelCheckout again = KernelCheckout.prepare("6.12", tarball.toString(), tmp, cache);
    assertThat(again.dir()).isEqualTo(c.dir());
    assertThat(Files.getLastModifiedTime(again.dir().resolve("Makefile"))).isEqualTo(before);
  }

  @Test
  void aGitRefIsExportedWithExecutableBitsAndSymlinks() throws Exception {
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(repo.resolve("Makefile"), "VERSION = 7\nPATCHLEVEL = 1\n");
      Files.createDirectories(repo.resolve("scripts"));
      Files.writeString(repo.resolve("scripts/config"), "#!/bin/sh\necho config\n");
      repo.resolve("scripts/config").toFile().setExecutable(true);
      Files.createSymbolicLink(repo.resolve("scripts/link"), Path.of("config"));
      git.add().addFilepattern(".").call();
      git.commit()
          .setMessage("v7.1")
          .setSign(false)
          .setAuthor("t", "t@example.org")
          .setCommitter("t", "t@example.org")
          .call();
      git.tag().setName("v7.1").setSigned(false).call();
      Files.writeString(repo.resolve("Makefile"), "VERSION = 7\nPATCHLEVEL = 2\n");
      git.commit()
          .setAll(true)
          .setMessage("later")
          .setSign(false)
          .setAuthor("t", "t@example.org")
          .setCommitter("t", "t@example.org")
          .call();
    }
    KernelCheckout c = KernelCheckout.prepare("v7.1", repo + "@v7.1", tmp, tmp.resolve("cache"));
    assertThat(c.identity()).startsWith("git-");
    assertThat(Files.readString(c.dir().resolve("Makefile"))).contains("PATCHLEVEL = 1");
    assertThat(Files.isExecutable(c.dir().resolve("scripts/config"))).isTrue();
    assertThat(Files.readSymbolicLink(c.dir().resolve("scripts/link")))
        .isEqualTo(Path.of("config"));
    assertThat(c.dir().resolve(".git")).doesNotExist();
  }

  @Test
  void aTarballCannotWriteOutsideItsTree() throws Exception {
    Path evil = tmp.resolve("evil.tar");
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(Files.newOutputStream(evil))) {
      byte[] b = "x".getBytes();
      TarArchiveEntry e = new TarArchiveEntry("linux/../../escaped");
      e.setSize(b.length);
      t.putArchiveEntry(e);
      t.write(b);
      t.closeArchiveEntry();
    }
    Path into = Files.createDirectories(tmp.resolve("into/x"));
    assertThatThrownBy(() -> KernelCheckout.extract(evil, new TreeWriter(into, evil.toString())))
        .isInstanceOf(KernelSourceException.class)
        .hasMessageContaining("would be written outside the tree");
    assertThat(tmp.resolve("into/escaped")).doesNotExist();
  }
}
