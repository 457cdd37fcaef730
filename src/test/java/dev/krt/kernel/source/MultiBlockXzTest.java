package dev.krt.kernel.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeSet;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

/**
 * {@link TarballSource} on small multi-block {@code .tar.xz} files built here: hundreds of members,
 * many with GNU long names (> 100 chars), and xz block boundaries placed on purpose at and around
 * their headers (the long-name header, its data, the real header, inside the real header) as well
 * as every ~1.5 KB. Once in sorted member order (the block map is searched) and once in unsorted
 * order (krt must notice and fall back to a full index).
 */
@Timeout(120)
class MultiBlockXzTest {
  static final String TOP = "linux-9.9";

  @TempDir static Path tmp;
  static Map<String, byte[]> files; // tree path -> content (regular files)
  static Path sorted;
  static Path unsorted;
  static Path
      sortedNoLongLinks; // without the symlink whose target needs a GNU long-link ('K') member

  /** A member to write: regular file, symlink, hard link or directory. */
  record Member(String path, char type, byte[] data, String link) {}

  @BeforeAll
  static void build() throws IOException {
    Random rnd = new Random(42);
    files = new LinkedHashMap<>();
    List<Member> members = new ArrayList<>();
    TreeSet<String> dirs = new TreeSet<>(TarIndex.ORDER);
    for (int i = 0; i < 150; i++) {
      String dir = "d" + (i % 7) + "/sub" + (i % 3);
      String name;
      if (i % 3 == 0) {
        // > 100 chars: needs a GNU long-name member.
        name = dir + "/" + "very-long-component-".repeat(3 + i % 4) + i + ".c";
      } else if (i % 11 == 0) {
        // Exactly 100 chars with the top directory: the name field is full, no long-name member.
        String base = TOP + "/" + dir + "/f" + i + "-";
        name = dir + "/f" + i + "-" + "x".repeat(100 - base.length());
      } else {
        name = dir + "/f" + i + ".h";
      }
      byte[] data = new byte[i % 5 == 0 ? 0 : rnd.nextInt(3000)];
      for (int k = 0; k < data.length; k++) {
        data[k] = (byte) ('a' + rnd.nextInt(26));
      }
      files.put(name, data);
      members.add(new Member(name, '0', data, null));
      for (int s = name.indexOf('/'); s >= 0; s = name.indexOf('/', s + 1)) {
        dirs.add(name.substring(0, s));
      }
    }
    for (String d : dirs) {
      members.add(new Member(d, '5', null, null));
    }
    String target = members.get(1).path();
    members.add(new Member("links/sym-to-file", '2', null, "../" + target));
    // Long name and long target (members.get(3) has a long name): 'L' and 'K' members.
    members.add(
        new Member(
            "links/" + "long-symlink-name-".repeat(7), '2', null, "../" + members.get(3).path()));
    members.add(new Member("links/hard-to-file", '1', null, TOP + "/" + members.get(2).path()));
    dirs.add("links");
    members.add(new Member("links", '5', null, null));

    List<Member> inOrder = new ArrayList<>(members);
    inOrder.sort((a, b) -> TarIndex.ORDER.compare(a.path(), b.path()));
    sorted = writeXz(tmp.resolve("sorted.tar.xz"), inOrder);
    List<Member> noK = new ArrayList<>(inOrder);
    noK.removeIf(m -> m.path().startsWith("links/long-symlink"));
    sortedNoLongLinks = writeXz(tmp.resolve("sorted-no-long-links.tar.xz"), noK);
    List<Member> shuffled = new ArrayList<>(members);
    Collections.shuffle(shuffled, new Random(7));
    unsorted = writeXz(tmp.resolve("unsorted.tar.xz"), shuffled);
  }

  static byte[] fakeHeader(String name) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
      TarArchiveEntry e = new TarArchiveEntry(name);
      e.setSize(0);
      t.putArchiveEntry(e);
      t.closeArchiveEntry();
    }
    byte[] all = b.toByteArray();
    byte[] h = new byte[512];
    System.arraycopy(all, 0, h, 0, 512);
    return h;
  }

  /** Writes the members (root directory first) and compresses with block ends at chosen offsets. */
  static Path writeXz(Path file, List<Member> members) throws IOException {
    return writeXz(file, members, null);
  }

  /** With {@code onlyCuts}, exactly those block ends (and no others). */
  static Path writeXz(Path file, List<Member> members, List<Integer> onlyCuts) throws IOException {
    ByteArrayOutputStream raw = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(raw)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      TarArchiveEntry root = new TarArchiveEntry(TOP + "/", TarConstants.LF_DIR);
      tar.putArchiveEntry(root);
      tar.closeArchiveEntry();
      for (Member m : members) {
        TarArchiveEntry e;
        switch (m.type()) {
          case '5' -> e = new TarArchiveEntry(TOP + "/" + m.path() + "/", TarConstants.LF_DIR);
          case '2' -> {
            e = new TarArchiveEntry(TOP + "/" + m.path(), TarConstants.LF_SYMLINK);
            e.setLinkName(m.link());
          }
          case '1' -> {
            e = new TarArchiveEntry(TOP + "/" + m.path(), TarConstants.LF_LINK);
            e.setLinkName(m.link());
          }
          default -> {
            e = new TarArchiveEntry(TOP + "/" + m.path());
            e.setSize(m.data().length);
          }
        }
        e.setModTime(0);
        tar.putArchiveEntry(e);
        if (m.type() == '0') {
          tar.write(m.data());
        }
        tar.closeArchiveEntry();
      }
      tar.finish();
    }
    byte[] t = raw.toByteArray();
    TreeSet<Integer> cuts = new TreeSet<>();
    if (onlyCuts != null) {
      cuts.addAll(onlyCuts);
      return compress(file, t, cuts);
    }
    for (int c = 4000; c < t.length; c += 4000 + (c % 7) * 37) {
      cuts.add(c);
    }
    // Around the GNU long-name members, in turn: at the 'L' header, just after it, in and at its
    // data, at the real header, inside it. Always at a long-link ('K') header.
    int[] around = {0, 1, 511, 512, 1024, 1024 + 100, 1024 + 511};
    int n = 0;
    for (int pos = 0; pos + 512 <= t.length; ) {
      char type = (char) t[pos + 156];
      if (isZero(t, pos)) {
        break;
      }
      long size = octal(t, pos + 124, 12);
      if (type == 'L') {
        int d = around[n++ % around.length];
        if (pos + d > 0 && pos + d < t.length) {
          cuts.add(pos + d);
        }
      } else if (type == 'K') {
        cuts.add(pos);
      }
      pos += 512 + (int) ((size + 511) & ~511L);
    }
    return compress(file, t, cuts);
  }

  static Path compress(Path file, byte[] t, TreeSet<Integer> cuts) throws IOException {
    try (OutputStream out = Files.newOutputStream(file);
        XZOutputStream xz = new XZOutputStream(out, new LZMA2Options(1), XZ.CHECK_CRC64)) {
      int from = 0;
      for (int c : cuts) {
        xz.write(t, from, c - from);
        xz.endBlock();
        from = c;
      }
      xz.write(t, from, t.length - from);
    }
    return file;
  }

  static boolean isZero(byte[] b, int pos) {
    for (int i = pos; i < pos + 512; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return true;
  }

  static long octal(byte[] b, int off, int len) {
    long v = 0;
    for (int i = off; i < off + len && b[i] != 0 && b[i] != ' '; i++) {
      v = v * 8 + (b[i] - '0');
    }
    return v;
  }

  /** What a directory extraction would list as regular files: files, links to files. */
  static List<String> expectedList() {
    List<String> l = new ArrayList<>(files.keySet());
    l.add("links/sym-to-file");
    l.add("links/" + "long-symlink-name-".repeat(7));
    l.add("links/hard-to-file");
    l.sort(null);
    return l;
  }

  static void assertFindsEverything(String what, TarballSource s, SoftAssertions soft)
      throws IOException {
    for (Map.Entry<String, byte[]> e : files.entrySet()) {
      soft.assertThat(s.read(e.getKey()))
          .as(what + ": " + e.getKey())
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
    }
    List<String> keys = new ArrayList<>(files.keySet());
    soft.assertThat(s.read("links/sym-to-file"))
        .as(what + ": symlink")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(files.get(keys.get(1))));
    soft.assertThat(s.read("links/" + "long-symlink-name-".repeat(7)))
        .as(what + ": long symlink")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(files.get(keys.get(3))));
    soft.assertThat(s.read("links/hard-to-file"))
        .as(what + ": hard link")
        .hasValueSatisfying(b -> assertThat(b).isEqualTo(files.get(keys.get(2))));
    soft.assertThat(s.read("d0")).as(what + ": a directory").isEmpty();
    soft.assertThat(s.read("d0/sub0/nope")).as(what + ": absent").isEmpty();
  }

  @Test
  void theArchivesReallyHaveManyBlocks() throws IOException {
    for (Path p : List.of(sorted, unsorted)) {
      try (var in =
          new org.tukaani.xz.SeekableXZInputStream(
              new org.tukaani.xz.SeekableFileInputStream(p.toFile()))) {
        assertThat(in.getBlockCount()).as(p.getFileName().toString()).isGreaterThan(80);
      }
    }
  }

  @Test
  void sortedArchive() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    try (TarballSource s = new TarballSource(sorted, null, 2)) {
      assertFindsEverything("sorted, one by one", s, soft);
    }
    try (TarballSource s = new TarballSource(sorted, null, 2)) {
      Map<String, Optional<byte[]>> all = s.readAll(files.keySet());
      for (Map.Entry<String, byte[]> e : files.entrySet()) {
        soft.assertThat(all.get(e.getKey()))
            .as("sorted, readAll: " + e.getKey())
            .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
      }
      soft.assertThat(s.list("**")).as("sorted: list **").isEqualTo(expectedList());
      soft.assertThat(s.indexAll())
          .as("sorted: member count")
          .isEqualTo(files.size() + 3 + countDirs() + 1);
    }
    soft.assertAll();
  }

  @Test
  void unsortedArchive() throws IOException {
    SoftAssertions soft = new SoftAssertions();
    try (TarballSource s = new TarballSource(unsorted, null, 2)) {
      assertFindsEverything("unsorted, one by one", s, soft);
      soft.assertThat(s.list("**")).as("unsorted: list **").isEqualTo(expectedList());
    }
    soft.assertAll();
  }

  /** Sorted: one lookup decompresses a block or two, not everything. Unsorted: a full index. */
  @Test
  void sortedSearchesAndUnsortedFallsBackToAFullIndex() throws IOException {
    String one = new ArrayList<>(files.keySet()).get(100);
    try (XzTarArchive a = new XzTarArchive(sortedNoLongLinks.toFile(), null, 2)) {
      assertThat(a.find(TOP + "/" + one)).isPresent();
      assertThat(a.index().complete()).as("sorted: index complete after one lookup").isFalse();
      assertThat(a.index().unsorted()).isFalse();
    }
    try (XzTarArchive a = new XzTarArchive(unsorted.toFile(), null, 2)) {
      assertThat(a.find(TOP + "/" + one)).isPresent();
      assertThat(a.index().complete()).as("unsorted: full index after one lookup").isTrue();
      assertThat(a.index().memberCount()).isEqualTo(files.size() + 3 + countDirs() + 1);
    }
  }

  /**
   * The block probe names each block's first member; in a sorted archive those names must be real
   * member paths in order. A block that starts at the 'K' (long link) member of an entry whose 'L'
   * member lies in the previous block must not yield the truncated 100-byte name.
   */
  @Test
  void blockProbeNamesRealMembers() throws IOException {
    try (XzTarArchive a = new XzTarArchive(sorted.toFile(), null, 2)) {
      a.probeAllBlocks();
      TarIndex ix = a.index();
      List<String> firsts = new ArrayList<>();
      for (int b = 0; b < ix.blockCount(); b++) {
        if (ix.firstPath(b) != null) {
          firsts.add(ix.firstPath(b));
        }
      }
      assertThat(ix.blockMapSorted())
          .as(
              "block map sorted; first paths: "
                  + firsts.subList(Math.max(0, firsts.size() - 6), firsts.size()))
          .isTrue();
      a.indexAll();
      for (String f : firsts) {
        assertThat(ix.lookup(f)).as("probed first path is a member: " + f).isNotNull();
      }
    }
  }

  @Test
  void warmCacheGivesTheSameAnswers() throws IOException {
    Path cache = tmp.resolve("cache");
    SoftAssertions soft = new SoftAssertions();
    for (Path p : List.of(sorted, unsorted)) {
      for (int round = 0; round < 2; round++) {
        try (TarballSource s = new TarballSource(p, cache, 2)) {
          if (round == 0) {
            // Cold: all at once (one by one is covered above).
            Map<String, Optional<byte[]>> all = s.readAll(files.keySet());
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
              soft.assertThat(all.get(e.getKey()))
                  .as(p.getFileName() + " cold readAll: " + e.getKey())
                  .hasValueSatisfying(b -> assertThat(b).isEqualTo(e.getValue()));
            }
          }
          assertFindsEverything(p.getFileName() + " round " + round, s, soft);
          soft.assertThat(s.list("d3/**"))
              .as(p.getFileName() + " list d3/**")
              .isEqualTo(expectedList().stream().filter(x -> x.startsWith("d3/")).toList());
        }
      }
    }
    soft.assertAll();
  }

  static int countDirs() {
    TreeSet<String> d = new TreeSet<>();
    for (String f : files.keySet()) {
      for (int s = f.indexOf('/'); s >= 0; s = f.indexOf('/', s + 1)) {
        d.add(f.substring(0, s));
      }
    }
    d.add("links");
    return d.size();
  }

  /**
   * A file whose data starts with a valid tar header (an embedded .tar, a test fixture) and an xz
   * block that starts exactly there: the block probe takes the lookalike for a member. The order
   * and chain checks must then catch it and fall back to the sequential index, not fail.
   */
  @Test
  void headerLookalikeAtABlockStart() throws IOException {
    byte[] fake = fakeHeader(TOP + "/zzz/fake");
    byte[] data = new byte[2048];
    java.util.Arrays.fill(data, (byte) 'q');
    System.arraycopy(fake, 0, data, 0, 512);
    List<Member> ms = new ArrayList<>();
    ms.add(new Member("a", '5', null, null));
    ms.add(new Member("a/1.txt", '0', "one\n".getBytes(StandardCharsets.US_ASCII), null));
    ms.add(new Member("a/embedded.tar", '0', data, null));
    ms.add(new Member("a/z.txt", '0', "zed\n".getBytes(StandardCharsets.US_ASCII), null));
    // Offsets: root header 0, a/ 512, a/1.txt header 1024 + data 1536, embedded.tar header 2048,
    // data 2560.
    Path p = writeXz(tmp.resolve("lookalike.tar.xz"), ms, List.of(2560));
    SoftAssertions soft = new SoftAssertions();
    try (TarballSource s = new TarballSource(p, null, 1)) {
      soft.assertThat(s.readText("a/1.txt")).as("a/1.txt").contains("one\n");
      soft.assertThat(s.readText("a/z.txt")).as("a/z.txt").contains("zed\n");
      soft.assertThat(s.read("a/embedded.tar"))
          .as("a/embedded.tar")
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(data));
      soft.assertThat(s.read("zzz/fake")).as("the lookalike is not a member").isEmpty();
    } catch (IOException e) {
      soft.fail("reading " + p.getFileName() + " failed: " + e);
    }
    soft.assertAll();
  }
}
