package dev.krt.kernel.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.krt.kernel.KernelTreeLoader;
import dev.krt.testing.Zoo;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

/**
 * Inputs krt must refuse with a {@link KernelSourceException} whose message is one line: what the
 * user typed does not exist, is not a kernel, cannot be read, or is a damaged archive. Each input
 * goes the whole way a user's {@code --kernel} goes: {@link KernelSources#open}, then {@link
 * KernelTreeLoader#load} (which reads the Makefile, the scripts and the probe headers).
 */
@Timeout(180)
class BadSourcesTest {
  @TempDir static Path tmp;
  static Path repo;

  @BeforeAll
  static void repo() throws Exception {
    repo = tmp.resolve("repo");
    Files.createDirectories(repo);
    try (Git git = Git.init().setDirectory(repo.toFile()).setInitialBranch("main").call()) {
      Files.writeString(
          repo.resolve("Makefile"), "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\nEXTRAVERSION =\n");
      // Every kernel since 6.1 has its checker; the loader refuses a 6.x tree without one.
      Files.createDirectories(repo.resolve("scripts"));
      Files.writeString(
          repo.resolve("scripts/rust_is_available.sh"),
          "#!/bin/sh\nprint_docs_reference() { :; }\n");
      Files.writeString(
          repo.resolve("scripts/min-tool-version.sh"),
          "#!/bin/sh\ncase \"$1\" in\nrustc)\n\techo 1.78.0\n\t;;\nbindgen)\n\techo 0.65.1\n\t;;\nllvm)\n\techo 13.0.1\n\t;;\n*)\n\techo \"$1: unknown tool\" >&2\n\texit 1\n\t;;\nesac\n");
      TreeSubset.commitAll(git, "v1", "v1");
      Files.delete(repo.resolve("scripts/rust_is_available.sh"));
      TreeSubset.commitAll(git, "v2", "v2-no-checker");
    }
  }

  /** Opens and loads {@code spec} as a user's {@code --kernel} would; returns what was thrown. */
  static Throwable openAndLoad(String spec) {
    return catchThrowable(
        () -> {
          try (KernelSource s = KernelSources.open(spec, tmp, tmp.resolve("cache"))) {
            new KernelTreeLoader(null).load(s, true);
          }
        });
  }

  static void assertRefused(String spec, String messagePart) {
    Throwable t = openAndLoad(spec);
    assertThat(t).as("opening " + spec).isInstanceOf(KernelSourceException.class);
    assertThat(t.getMessage())
        .as("message of " + t)
        .isNotBlank()
        .doesNotContain("\n")
        .contains(messagePart);
  }

  @Test
  void nonexistentPath() {
    assertRefused(tmp.resolve("no-such-kernel").toString(), "no such file or directory");
    assertRefused("relative/no-such-kernel.tar.xz", "no such file or directory");
  }

  @Test
  void directoryWithoutAKernelMakefile() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("not-a-kernel"));
    assertRefused(d.toString(), "not a kernel tree");
    Files.writeString(d.resolve("Makefile"), "all:\n\techo hello\n");
    assertRefused(d.toString(), "not a kernel tree");
    Throwable t = catchThrowable(() -> new KernelTreeLoader(null).load(d));
    assertThat(t).isInstanceOf(KernelSourceException.class).hasMessageContaining(d.toString());
  }

  @Test
  void truncatedXz() throws IOException {
    Path xz = Zoo.tarball("6.12");
    Path head = tmp.resolve("head-5M.tar.xz");
    Path headTail = tmp.resolve("head-5M-tail-1M.tar.xz");
    long len = Files.size(xz);
    try (RandomAccessFile in = new RandomAccessFile(xz.toFile(), "r");
        OutputStream h = Files.newOutputStream(head);
        OutputStream ht = Files.newOutputStream(headTail)) {
      byte[] buf = new byte[5 << 20];
      in.readFully(buf);
      h.write(buf);
      ht.write(buf);
      byte[] tail = new byte[1 << 20];
      in.seek(len - tail.length);
      in.readFully(tail);
      ht.write(tail);
    }
    assertRefused(head.toString(), head.toString());
    assertRefused(headTail.toString(), headTail.toString());
  }

  @Test
  void randomBytesNamedTarXz() throws IOException {
    byte[] junk = new byte[300_000];
    new Random(1).nextBytes(junk);
    junk[0] = 0x42; // not xz, not gzip magic
    Path p = Files.write(tmp.resolve("random.tar.xz"), junk);
    assertRefused(p.toString(), "random.tar.xz");
    Path empty = Files.write(tmp.resolve("empty.tar.xz"), new byte[0]);
    assertRefused(empty.toString(), "empty.tar.xz");
  }

  /** Valid xz, but what is inside is not a tar archive. */
  @Test
  void xzOfGarbage() throws IOException {
    byte[] junk = new byte[100_000];
    new Random(2).nextBytes(junk);
    Path p = tmp.resolve("garbage-inside.tar.xz");
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(p), new LZMA2Options(1))) {
      out.write(junk);
    }
    assertRefused(p.toString(), "garbage-inside.tar.xz");
  }

  @Test
  void truncatedGzipTarball() throws IOException {
    Path tree = Zoo.kernel("6.12");
    TreeSubset s =
        new TreeSubset(
            tree,
            List.of(
                "Makefile",
                "scripts/min-tool-version.sh",
                "scripts/rust_is_available.sh",
                "scripts/rust_is_available_bindgen_libclang.h",
                "scripts/cc-version.sh"));
    Path full = s.writeTarGz(tmp.resolve("full.tar.gz"), "linux", true);
    byte[] all = Files.readAllBytes(full);
    Path cut = Files.write(tmp.resolve("cut.tar.gz"), java.util.Arrays.copyOf(all, all.length / 2));
    assertRefused(cut.toString(), "cut.tar.gz");
    // A gzip header and nothing else.
    Path bare = Files.write(tmp.resolve("bare.tar.gz"), java.util.Arrays.copyOf(all, 10));
    assertRefused(bare.toString(), "bare.tar.gz");
  }

  /** A tar whose Makefile header fails its checksum (the name was changed after writing). */
  static byte[] tarWithCorruptHeader() throws IOException {
    TreeSubset s =
        new TreeSubset(
            Zoo.kernel("6.12"),
            List.of("Makefile", "scripts/min-tool-version.sh", "scripts/rust_is_available.sh"));
    java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
    s.writeTar(raw, "linux", true);
    byte[] tar = raw.toByteArray();
    // Members: linux/ (offset 0), linux/Makefile (512).
    assertThat(new String(tar, 512, 14, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("linux/Makefile");
    tar[512 + 6] = 'X';
    return tar;
  }

  @Test
  void corruptTarHeaderInsideValidXz() throws IOException {
    Path xz = tmp.resolve("corrupt-header.tar.xz");
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options(1))) {
      out.write(tarWithCorruptHeader());
    }
    assertRefused(xz.toString(), "corrupt-header.tar.xz");
  }

  @Test
  void corruptTarHeaderInsideValidGzip() throws IOException {
    Path gz = tmp.resolve("corrupt-header.tar.gz");
    try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(tarWithCorruptHeader());
    }
    assertRefused(gz.toString(), "corrupt-header.tar.gz");
  }

  @Test
  void truncatedPlainTar() throws IOException {
    Path tree = Zoo.kernel("6.12");
    TreeSubset s =
        new TreeSubset(
            tree,
            List.of("Makefile", "scripts/min-tool-version.sh", "scripts/rust_is_available.sh"));
    Path full = s.writeTar(tmp.resolve("full.tar"), "linux", true);
    byte[] all = Files.readAllBytes(full);
    // Cut inside the Makefile's data (the first file after the directories).
    Path cut = Files.write(tmp.resolve("cut.tar"), java.util.Arrays.copyOf(all, 512 * 4 + 1000));
    assertRefused(cut.toString(), "cut.tar");
  }

  @Test
  void unknownGitRef() {
    assertRefused(repo + "@no-such-ref", "no-such-ref");
    assertRefused(repo + "@v1..v2", "v1..v2");
  }

  @Test
  void gitRefOfNoRepository() {
    assertRefused(tmp.resolve("no-such-dir") + "@v1", "no such git repository");
    assertRefused("no-such-dir@v1", "no such git repository");
  }

  @Test
  void gitRefOfADirectoryThatIsNoRepository() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("plain-dir"));
    assertRefused(d + "@v1", "not a git repository");
  }

  @Test
  void aRustEraTreeWithoutItsCheckerIsIncomplete() {
    assertRefused(repo + "@v2-no-checker", "incomplete kernel tree");
  }

  @Test
  void anExistingRepositoryRefWorks() {
    assertThat(openAndLoad(repo + "@v1")).isNull();
  }

  /** Sanity for the fixtures above: the real tarball is fine, so the failures are the damage's. */
  @Test
  void theUndamagedGzipLoads() throws IOException {
    Path tree = Zoo.kernel("6.12");
    TreeSubset s =
        new TreeSubset(
            tree,
            List.of(
                "Makefile",
                "scripts/min-tool-version.sh",
                "scripts/rust_is_available.sh",
                "scripts/rust_is_available_bindgen_libclang.h",
                "scripts/cc-version.sh"));
    Path full = s.writeTarGz(tmp.resolve("sane.tar.gz"), "linux", true);
    assertThat(openAndLoad(full.toString())).isNull();
    try (InputStream in = Files.newInputStream(full)) {
      assertThat(in.read()).isEqualTo(0x1f);
    }
  }

  /** A tar whose first member has a pax header of one (malformed) record. */
  static byte[] tarWithPax(String record) throws IOException {
    java.io.ByteArrayOutputStream x = new java.io.ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(x)) {
      byte[] rec = record.getBytes(StandardCharsets.US_ASCII);
      TarArchiveEntry e =
          new TarArchiveEntry(
              "linux/PaxHeaders/Makefile", TarArchiveEntry.LF_PAX_EXTENDED_HEADER_LC);
      e.setSize(rec.length);
      t.putArchiveEntry(e);
      t.write(rec);
      t.closeArchiveEntry();
    }
    java.io.ByteArrayOutputStream tree = new java.io.ByteArrayOutputStream();
    new TreeSubset(
            Zoo.kernel("6.12"),
            List.of("Makefile", "scripts/min-tool-version.sh", "scripts/rust_is_available.sh"))
        .writeTar(tree, "linux", true);
    java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
    all.write(x.toByteArray(), 0, 1024); // the pax header and its data record
    all.write(tree.toByteArray());
    return all.toByteArray();
  }

  /**
   * Malformed pax records: krt's reader takes each as commons-compress's {@code
   * TarArchiveInputStream} does (the reader krt unpacks a build's tree with), so what krt checks is
   * what it builds. Where the library refuses the archive, krt refuses it with one line; where it
   * reads on ({@code "1 ab\n"}, which once crashed krt), krt loads the tree. Each in tar, gzip, xz.
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(
      strings = {"1 ab\n", "99 path=x\n", "5 a=b\n", "9 path=a", "7 =abc\n", "0 a=b\n"})
  void malformedPaxRecordsAreReadAsTheUnpackingLibraryReadsThem(String record) throws IOException {
    byte[] tar = tarWithPax(record);
    boolean libraryRefuses;
    try (org.apache.commons.compress.archivers.tar.TarArchiveInputStream in =
        new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
            new java.io.ByteArrayInputStream(tar))) {
      while (in.getNextEntry() != null) {}
      libraryRefuses = false;
    } catch (IOException e) {
      libraryRefuses = true;
    }
    String base = "pax-" + Integer.toHexString(record.hashCode());
    Path plain = Files.write(tmp.resolve(base + ".tar"), tar);
    Path gz = tmp.resolve(base + ".tar.gz");
    try (OutputStream out = new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz))) {
      out.write(tar);
    }
    Path xz = tmp.resolve(base + ".tar.xz");
    try (OutputStream out = new XZOutputStream(Files.newOutputStream(xz), new LZMA2Options(1))) {
      out.write(tar);
    }
    for (Path p : List.of(plain, gz, xz)) {
      if (libraryRefuses) {
        assertRefused(p.toString(), p.getFileName().toString());
      } else {
        assertThat(openAndLoad(p.toString())).as(p.toString()).isNull();
      }
    }
  }

  /**
   * An xz file whose block header declares a 1.5 GiB LZMA2 dictionary (the data was compressed with
   * a small one; the header is patched and its CRC32 recomputed).
   */
  static byte[] xzWithHugeDictionary(byte[] content) throws IOException {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    try (OutputStream out = new XZOutputStream(b, new LZMA2Options(0))) {
      out.write(content);
    }
    byte[] xz = b.toByteArray();
    int at = 12; // after the stream header
    int size = ((xz[at] & 0xff) + 1) * 4;
    int i = at + 2;
    while (!(xz[i] == 0x21 && xz[i + 1] == 0x01)) { // the LZMA2 filter, one property byte
      i++;
    }
    assertThat(i + 2).isLessThan(at + size - 4);
    xz[i + 2] = 37; // (2 | 1) << (37 / 2 + 11): 1.5 GiB
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(xz, at, size - 4);
    long c = crc.getValue();
    for (int k = 0; k < 4; k++) {
      xz[at + size - 4 + k] = (byte) (c >>> (8 * k));
    }
    return xz;
  }

  @Test
  void anXzBlockDeclaringAHugeDictionaryIsRefusedBeforeAllocating() throws IOException {
    java.io.ByteArrayOutputStream tree = new java.io.ByteArrayOutputStream();
    new TreeSubset(
            Zoo.kernel("6.12"),
            List.of("Makefile", "scripts/min-tool-version.sh", "scripts/rust_is_available.sh"))
        .writeTar(tree, "linux", true);
    Path p = Files.write(tmp.resolve("huge-dict.tar.xz"), xzWithHugeDictionary(tree.toByteArray()));
    assertRefused(p.toString(), "MiB to decompress");
  }

  /**
   * What a user sees, in a JVM with a 512 MiB heap: exit 2 and one line, for each archive built to
   * crash or exhaust the reader.
   */
  @Test
  void hostileArchivesEndInOneLineAndExit2UnderABoundedHeap() throws IOException {
    java.io.ByteArrayOutputStream tree = new java.io.ByteArrayOutputStream();
    new TreeSubset(
            Zoo.kernel("6.12"),
            List.of("Makefile", "scripts/min-tool-version.sh", "scripts/rust_is_available.sh"))
        .writeTar(tree, "linux", true);
    Path dict =
        Files.write(tmp.resolve("child-dict.tar.xz"), xzWithHugeDictionary(tree.toByteArray()));
    Path pax = Files.write(tmp.resolve("child-pax.tar"), tarWithPax("99 path=x\n"));
    java.util.Map<String, String> env =
        java.util.Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", tmp.toString(),
            "XDG_CACHE_HOME", tmp.resolve("child-cache").toString());
    for (Path p : List.of(dict, pax)) {
      dev.krt.testing.RealProcess.Result r =
          dev.krt.testing.ChildKrt.run(
              "512m",
              env,
              tmp,
              java.time.Duration.ofSeconds(60),
              "kernel",
              "--kernel",
              p.toString());
      String err = new String(r.stderr(), StandardCharsets.UTF_8);
      assertThat(r.exitCode()).as(p + ": " + err).isEqualTo(2);
      assertThat(err.strip()).doesNotContain("\n").contains(p.getFileName().toString());
      assertThat(err).doesNotContain("Exception").doesNotContain("internal error");
    }
  }
}
