package dev.krt.matrix;

import dev.krt.kernel.source.GitSource;
import dev.krt.kernel.source.KernelSource;
import dev.krt.kernel.source.KernelSourceException;
import dev.krt.kernel.source.KernelSources;
import dev.krt.kernel.source.TreeWriter;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.CompressorException;
import org.apache.commons.compress.compressors.CompressorStreamFactory;

/**
 * A kernel source as a directory a build can run in, with the identity a cell key uses. A directory
 * is built in place (with {@code O=}, so it stays clean); a tarball or a git ref is unpacked once
 * into krt's cache, keyed by its content.
 *
 * @param identity what decides the tree's content: for a directory a digest of every file's path,
 *     size and modification time; {@code tar-...} / {@code git-<tree>} otherwise
 */
public record KernelCheckout(String name, String source, Path dir, String identity) {

  /** Prepares a kernel for building. */
  public static KernelCheckout prepare(String name, String source, Path cwd, Path cacheRoot)
      throws IOException {
    try (KernelSource src = KernelSources.open(source, cwd, cacheRoot.resolve("tarballs"))) {
      if (src.directory().isPresent()) {
        Path dir = src.directory().get().toAbsolutePath().normalize();
        return new KernelCheckout(name, source, dir, "dir-" + directoryDigest(dir));
      }
      String id =
          src.contentIdentity()
              .orElseThrow(() -> new KernelSourceException("cannot identify " + source));
      Path dir = cacheRoot.resolve("sources").resolve(id);
      if (!Files.isRegularFile(dir.resolve("Makefile"))) {
        unpack(src, cwd.resolve(source), dir);
      }
      return new KernelCheckout(name, source, dir, id);
    }
  }

  /**
   * Unpacks under a lock on {@code dir}'s name, so two krt processes never unpack (or delete) the
   * same tree at once; the lock dies with its process, and whoever holds it clears what a killed
   * one left behind.
   */
  private static void unpack(KernelSource src, Path file, Path dir) throws IOException {
    Files.createDirectories(dir.getParent());
    Path lockFile = dir.resolveSibling(dir.getFileName() + ".lock");
    // A file lock excludes other processes; threads of this one take turns on the path first.
    synchronized (IN_THIS_JVM.computeIfAbsent(lockFile, k -> new Object())) {
      unpackLocked(src, file, dir, lockFile);
    }
  }

  private static final java.util.Map<Path, Object> IN_THIS_JVM =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static void unpackLocked(KernelSource src, Path file, Path dir, Path lockFile)
      throws IOException {
    try (FileChannel ch =
            FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = ch.lock()) {
      if (Files.isRegularFile(dir.resolve("Makefile"))) {
        return; // another process unpacked it while we waited
      }
      String partial = dir.getFileName() + ".partial-";
      try (var s = Files.list(dir.getParent())) {
        for (Path p : s.filter(p -> p.getFileName().toString().startsWith(partial)).toList()) {
          deleteTree(p);
        }
      }
      Path tmp = dir.resolveSibling(partial + ProcessHandle.current().pid());
      Files.createDirectories(tmp);
      try {
        TreeWriter w = new TreeWriter(tmp, src.describe());
        if (src instanceof GitSource g) {
          g.exportTo(w);
        } else {
          extract(file, w);
        }
        w.finish();
        Path top = singleTopDirectory(tmp);
        deleteTree(dir);
        // A rename: a half-unpacked tree is never mistaken for a whole one.
        Files.move(top, dir, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        deleteTree(tmp);
        deleteTree(tmp.resolveSibling(tmp.getFileName() + ".tree"));
      }
    }
  }

  /** A tarball's entries, written by {@code w} (which keeps them inside the tree). */
  static void extract(Path tarball, TreeWriter w) throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(tarball), 1 << 16);
        InputStream in = decompressed(raw);
        TarArchiveInputStream tar = new TarArchiveInputStream(in)) {
      TarArchiveEntry e;
      while ((e = tar.getNextEntry()) != null) {
        if (e.isDirectory()) {
          w.directory(e.getName());
        } else if (e.isSymbolicLink()) {
          w.symlink(e.getName(), e.getLinkName());
        } else if (e.isLink()) {
          w.hardLink(e.getName(), e.getLinkName());
        } else if (e.isFile()) {
          w.file(e.getName(), tar, (e.getMode() & 0100) != 0);
        }
      }
    } catch (KernelSourceException e) {
      throw e;
    } catch (IOException | IllegalArgumentException e) {
      throw new KernelSourceException(tarball + ": cannot unpack: " + oneLine(e));
    }
  }

  private static String oneLine(Exception e) {
    String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return m.lines().findFirst().orElse(m);
  }

  private static InputStream decompressed(InputStream raw) throws IOException {
    try {
      String kind = CompressorStreamFactory.detect(raw);
      // The same decoder memory cap as reading a tarball in place (a crafted xz header cannot
      // make krt allocate gigabytes).
      return new CompressorStreamFactory(false, KernelSources.XZ_MEMORY_KIB)
          .createCompressorInputStream(kind, raw);
    } catch (CompressorException e) {
      return raw; // a plain tar
    }
  }

  /**
   * A tree unpacked as {@code linux-x.y/...} is that one directory; else the unpack root itself.
   */
  private static Path singleTopDirectory(Path root) throws IOException {
    try (var s = Files.list(root)) {
      List<Path> kids = s.toList();
      if (kids.size() == 1
          && Files.isDirectory(kids.get(0))
          && !Files.isRegularFile(root.resolve("Makefile"))) {
        return kids.get(0);
      }
    }
    // Move the whole root: make it a sibling first so the finally block has nothing to delete.
    Path moved = root.resolveSibling(root.getFileName() + ".tree");
    Files.move(root, moved);
    Files.createDirectories(root);
    return moved;
  }

  /**
   * A digest of every file's path, size and modification time (not contents: reading a kernel tree
   * takes seconds, listing it a fraction of one). {@code .git} is left out.
   */
  static String directoryDigest(Path dir) throws IOException {
    List<String> entries = new ArrayList<>();
    Files.walkFileTree(
        dir,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path d, BasicFileAttributes attrs) {
            return d.getFileName() != null
                    && d.getFileName().toString().equals(".git")
                    && !d.equals(dir)
                ? FileVisitResult.SKIP_SUBTREE
                : FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) {
            entries.add(
                dir.relativize(f) + "\0" + a.size() + "\0" + a.lastModifiedTime().toMillis());
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFileFailed(Path f, IOException e) {
            entries.add(dir.relativize(f) + "\0unreadable");
            return FileVisitResult.CONTINUE;
          }
        });
    entries.sort(null);
    MessageDigest md = sha256();
    for (String e : entries) {
      md.update(e.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update((byte) '\n');
    }
    return HexFormat.of().formatHex(md.digest()).substring(0, 32);
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  public static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        p,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path f, BasicFileAttributes a) throws IOException {
            Files.delete(f);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
            Files.delete(d);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
