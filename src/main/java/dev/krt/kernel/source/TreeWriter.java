package dev.krt.kernel.source;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes a kernel source's files (a tarball's entries, a git tree's blobs) under one root, and
 * nothing anywhere else: the one extraction routine for every untrusted tree.
 *
 * <p>A name must be relative without {@code ..}; nothing is ever written through a symbolic link
 * (every directory on the way is checked without following links, and files are created with {@code
 * CREATE_NEW}); an entry never replaces a directory; a hard link must name a regular file already
 * written; a symbolic link must point inside the tree ({@link #finish} checks where each one really
 * leads, once all exist). The entry count and the bytes written are capped, so a crafted archive
 * cannot fill the disk.
 */
public final class TreeWriter {
  /** A kernel tree has about 90,000 files and 1.5 GB; these leave a wide margin. */
  public static final long MAX_BYTES = 16L << 30;

  public static final int MAX_ENTRIES = 1_000_000;

  private final Path root;
  private final String what;
  private final long maxBytes;
  private final int maxEntries;
  private final Set<Path> madeDirs = new HashSet<>();
  private final List<Path> links = new ArrayList<>();
  private long bytes;
  private int entries;

  /**
   * @param root an existing, empty directory
   * @param what the source, for messages ({@code /src/linux.tar.xz}, {@code repo@v6.12})
   */
  public TreeWriter(Path root, String what) {
    this(root, what, MAX_BYTES, MAX_ENTRIES);
  }

  TreeWriter(Path root, String what, long maxBytes, int maxEntries) {
    this.root = root.toAbsolutePath().normalize();
    this.what = what;
    this.maxBytes = maxBytes;
    this.maxEntries = maxEntries;
    madeDirs.add(this.root);
  }

  public void directory(String name) throws IOException {
    Path p = target(name);
    if (p != null) {
      ensureDirectory(p, name);
    }
  }

  /** A regular file with {@code content}, read to its end (or to the byte cap). */
  public void file(String name, InputStream content, boolean executable) throws IOException {
    Path p = placeable(name);
    if (p == null) {
      return;
    }
    try (OutputStream out =
        Files.newOutputStream(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = content.read(buf)) > 0) {
        bytes += n;
        if (bytes > maxBytes) {
          throw refused(
              "unpacks to more than " + (maxBytes >> 20) + " MiB; a kernel tree is far smaller");
        }
        out.write(buf, 0, n);
      }
    }
    if (executable) {
      p.toFile().setExecutable(true, false);
    }
  }

  public void symlink(String name, String linkTarget) throws IOException {
    Path p = placeable(name);
    if (p == null) {
      return;
    }
    Path t;
    try {
      t = Path.of(linkTarget);
    } catch (InvalidPathException e) {
      throw refused("symbolic link '" + name + "' has an unusable target");
    }
    if (t.isAbsolute() || linkTarget.isEmpty()) {
      throw refused("symbolic link '" + name + "' points outside the tree (" + linkTarget + ")");
    }
    Files.createSymbolicLink(p, t);
    links.add(p);
  }

  /** A hard link: a copy of the regular file {@code existing} (written earlier). */
  public void hardLink(String name, String existing) throws IOException {
    Path from = target(existing);
    if (from == null
        || !Files.isRegularFile(from, LinkOption.NOFOLLOW_LINKS)
        || throughLink(from)) {
      throw refused("hard link '" + name + "' does not name a file of the tree");
    }
    try (InputStream in = Files.newInputStream(from, LinkOption.NOFOLLOW_LINKS)) {
      file(name, in, Files.isExecutable(from));
    }
  }

  /**
   * Checks that every symbolic link leads inside the tree, now that all exist. A dangling link is
   * judged by its text.
   */
  public void finish() throws IOException {
    Path real = root.toRealPath();
    for (Path l : links) {
      Path leads;
      try {
        leads = l.toRealPath();
      } catch (NoSuchFileException e) {
        leads = l.getParent().resolve(Files.readSymbolicLink(l)).normalize();
      } catch (FileSystemException e) {
        throw refused("symbolic link '" + root.relativize(l) + "' is a loop");
      }
      if (!leads.startsWith(real) && !leads.startsWith(root)) {
        throw refused(
            "symbolic link '"
                + root.relativize(l)
                + "' points outside the tree ("
                + Files.readSymbolicLink(l)
                + ")");
      }
    }
  }

  /** The path for a new file or link: its directories made, an old file or link there removed. */
  private Path placeable(String name) throws IOException {
    Path p = target(name);
    if (p == null) {
      return null;
    }
    ensureDirectory(p.getParent(), name);
    if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
      throw refused("entry '" + name + "' would replace a directory");
    }
    // A later entry of the same name wins, as with tar; deleting a link never follows it.
    Files.deleteIfExists(p);
    return p;
  }

  /** The checked path of {@code name}; null for the root itself. */
  private Path target(String name) throws IOException {
    if (++entries > maxEntries) {
      throw refused("has more than " + maxEntries + " entries; a kernel tree has far fewer");
    }
    String n = name;
    while (n.startsWith("./")) {
      n = n.substring(2);
    }
    if (n.startsWith("/")) {
      throw refused("entry '" + name + "' has an absolute name");
    }
    Path rel;
    try {
      rel = Path.of(n);
    } catch (InvalidPathException e) {
      throw refused("entry '" + name.replace('\0', '?') + "' has an unusable name");
    }
    for (Path part : rel) {
      if (part.toString().equals("..")) {
        throw refused("entry '" + name + "' would be written outside the tree");
      }
    }
    Path p = root.resolve(rel).normalize();
    if (p.equals(root)) {
      return null;
    }
    if (!p.startsWith(root)) {
      throw refused("entry '" + name + "' would be written outside the tree");
    }
    return p;
  }

  /** Makes {@code dir} and its parents under the root; none of them may be a link or a file. */
  private void ensureDirectory(Path dir, String name) throws IOException {
    if (madeDirs.contains(dir)) {
      return;
    }
    Path at = root;
    for (Path part : root.relativize(dir)) {
      at = at.resolve(part);
      if (madeDirs.contains(at)) {
        continue;
      }
      if (Files.isSymbolicLink(at)) {
        throw refused(
            "entry '" + name + "' would be written through the symbolic link '" + part + "'");
      }
      if (Files.exists(at, LinkOption.NOFOLLOW_LINKS)) {
        if (!Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
          throw refused("entry '" + name + "' needs a directory where a file is");
        }
      } else {
        Files.createDirectory(at);
      }
      madeDirs.add(at);
    }
  }

  private boolean throughLink(Path p) {
    for (Path at = p.getParent(); at != null && at.startsWith(root); at = at.getParent()) {
      if (Files.isSymbolicLink(at)) {
        return true;
      }
    }
    return false;
  }

  private KernelSourceException refused(String why) {
    return new KernelSourceException(what + ": " + why);
  }
}
