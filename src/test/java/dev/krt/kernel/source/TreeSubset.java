package dev.krt.kernel.source;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * Some files of a kernel tree, copied as they are (symlinks stay symlinks) into the archive formats
 * krt reads: a plain or gzip tarball (written with commons-compress, GNU long names, members under
 * one top directory as Debian's tarballs have them), a directory, or a git commit.
 */
final class TreeSubset {
  private final Path tree;
  private final List<String> paths; // tree-relative, sorted, each a file or a symlink

  TreeSubset(Path tree, List<String> paths) {
    this.tree = tree;
    this.paths = List.copyOf(new TreeSet<>(paths));
  }

  List<String> paths() {
    return paths;
  }

  /** Parent directories of all paths, sorted (as {@code find | sort} lists them). */
  private List<String> dirs() {
    TreeSet<String> d = new TreeSet<>();
    for (String p : paths) {
      for (int i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
        d.add(p.substring(0, i));
      }
    }
    return new ArrayList<>(d);
  }

  /**
   * Writes a tar stream: with {@code dirEntries}, a member for the top directory and every
   * directory as Debian's tarballs have; without, only files and links.
   */
  void writeTar(OutputStream out, String top, boolean dirEntries) throws IOException {
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_GNU);
      tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
      TreeSet<String> members = new TreeSet<>(TarIndex.ORDER);
      members.addAll(paths);
      if (dirEntries) {
        members.addAll(dirs());
        TarArchiveEntry root = new TarArchiveEntry(top + "/", TarConstants.LF_DIR);
        root.setModTime(0);
        tar.putArchiveEntry(root);
        tar.closeArchiveEntry();
      }
      for (String m : members) {
        Path f = tree.resolve(m);
        String name = top + "/" + m;
        if (Files.isSymbolicLink(f)) {
          TarArchiveEntry e = new TarArchiveEntry(name, TarConstants.LF_SYMLINK);
          e.setLinkName(Files.readSymbolicLink(f).toString());
          e.setModTime(0);
          tar.putArchiveEntry(e);
          tar.closeArchiveEntry();
        } else if (Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
          TarArchiveEntry e = new TarArchiveEntry(name + "/", TarConstants.LF_DIR);
          e.setModTime(0);
          tar.putArchiveEntry(e);
          tar.closeArchiveEntry();
        } else {
          byte[] data = Files.readAllBytes(f);
          TarArchiveEntry e = new TarArchiveEntry(name);
          e.setSize(data.length);
          e.setModTime(0);
          tar.putArchiveEntry(e);
          tar.write(data);
          tar.closeArchiveEntry();
        }
      }
      tar.finish();
    }
  }

  Path writeTar(Path file, String top, boolean dirEntries) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTar(out, top, dirEntries);
    }
    return file;
  }

  Path writeTarGz(Path file, String top, boolean dirEntries) throws IOException {
    try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
      writeTar(out, top, dirEntries);
    }
    return file;
  }

  /** Copies the subset into a directory (symlinks as symlinks). */
  void copyTo(Path dir) throws IOException {
    for (String p : paths) {
      Path from = tree.resolve(p);
      Path to = dir.resolve(p);
      Files.createDirectories(to.getParent());
      if (Files.isSymbolicLink(from)) {
        Files.deleteIfExists(to);
        Files.createSymbolicLink(to, Files.readSymbolicLink(from));
      } else {
        Files.copy(from, to, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      }
    }
  }

  static void commitAll(Git git, String message, String tag) throws GitAPIException {
    PersonIdent who =
        new PersonIdent(
            "krt test",
            "krt@example.invalid",
            java.time.Instant.ofEpochSecond(1_700_000_000L),
            java.time.ZoneOffset.UTC);
    git.add().addFilepattern(".").call();
    git.add().addFilepattern(".").setUpdate(true).call();
    git.commit().setMessage(message).setAuthor(who).setCommitter(who).setSign(false).call();
    if (tag != null) {
      git.tag()
          .setName(tag)
          .setAnnotated(true)
          .setMessage(tag)
          .setTagger(who)
          .setSigned(false)
          .call();
    }
  }
}
