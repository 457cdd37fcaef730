package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.errors.IncorrectObjectTypeException;
import org.eclipse.jgit.errors.RevisionSyntaxException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevTree;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/** A kernel in a git repository at a ref (tag, branch or commit), read with JGit, no checkout. */
public final class GitSource implements KernelSource {
  private final Path repoPath;
  private final String ref;
  private final Repository repo;
  private final RevTree tree;
  private final ObjectId commit;

  private GitSource(Path repoPath, String ref, Repository repo, RevTree tree, ObjectId commit) {
    this.repoPath = repoPath;
    this.ref = ref;
    this.repo = repo;
    this.tree = tree;
    this.commit = commit;
  }

  /** Whether a directory is a git work tree or a bare repository. */
  public static boolean isRepository(Path dir) {
    return Files.isDirectory(dir.resolve(".git"))
        || Files.isRegularFile(dir.resolve(".git"))
        || (Files.isRegularFile(dir.resolve("HEAD")) && Files.isDirectory(dir.resolve("objects")));
  }

  /** Opens a work tree or a bare repository (the caller closes it). */
  public static Repository openRepository(Path repoPath) throws IOException {
    FileRepositoryBuilder b = new FileRepositoryBuilder().setMustExist(true);
    if (Files.exists(repoPath.resolve(".git"))) {
      b.setWorkTree(repoPath.toFile());
    } else {
      b.setGitDir(repoPath.toFile());
    }
    try {
      return b.build();
    } catch (org.eclipse.jgit.errors.RepositoryNotFoundException e) {
      throw new KernelSourceException("not a git repository: " + repoPath);
    }
  }

  public static GitSource open(Path repoPath, String ref) throws IOException {
    Repository repo = openRepository(repoPath);
    ObjectId id = resolve(repo, ref + "^{commit}");
    if (id == null) {
      id = resolve(repo, ref + "^{tree}");
    }
    if (id == null) {
      repo.close();
      throw new KernelSourceException("unknown git ref '" + ref + "' in " + repoPath);
    }
    try (RevWalk rw = new RevWalk(repo)) {
      try {
        RevTree tree = rw.parseCommit(id).getTree();
        return new GitSource(repoPath.toAbsolutePath().normalize(), ref, repo, tree, id);
      } catch (IncorrectObjectTypeException e) {
        // REF named a tree, not a commit.
        return new GitSource(
            repoPath.toAbsolutePath().normalize(), ref, repo, rw.parseTree(id), null);
      }
    }
  }

  private static ObjectId resolve(Repository repo, String rev) throws IOException {
    try {
      return repo.resolve(rev);
    } catch (RevisionSyntaxException | IncorrectObjectTypeException e) {
      return null;
    }
  }

  @Override
  public String describe() {
    return repoPath + "@" + ref;
  }

  @Override
  public Optional<String> contentIdentity() {
    return Optional.of("git-" + tree.name());
  }

  /**
   * Writes the tree's files through {@code w}, as a checkout would (executable bits and symbolic
   * links kept; submodules skipped): a build needs real files.
   */
  public void exportTo(TreeWriter w) throws IOException {
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(tree);
      tw.setRecursive(true);
      while (tw.next()) {
        FileMode mode = tw.getFileMode(0);
        if (mode == FileMode.GITLINK) {
          continue;
        }
        org.eclipse.jgit.lib.ObjectLoader obj = repo.open(tw.getObjectId(0));
        if (mode == FileMode.SYMLINK) {
          w.symlink(tw.getPathString(), new String(obj.getBytes(), StandardCharsets.UTF_8));
        } else {
          try (java.io.InputStream in = obj.openStream()) {
            w.file(tw.getPathString(), in, mode == FileMode.EXECUTABLE_FILE);
          }
        }
      }
    }
  }

  /** The commit the ref resolved to, if it was a commit-ish. */
  public Optional<String> commit() {
    return Optional.ofNullable(commit).map(ObjectId::name);
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    return read(path, 0);
  }

  private Optional<byte[]> read(String path, int depth) throws IOException {
    if (depth > 8 || path.isEmpty()) {
      return Optional.empty();
    }
    try (TreeWalk tw = TreeWalk.forPath(repo, path, tree)) {
      if (tw == null) {
        return Optional.empty();
      }
      FileMode mode = tw.getFileMode(0);
      ObjectId blob = tw.getObjectId(0);
      if (mode == FileMode.SYMLINK) {
        try (ObjectReader r = repo.newObjectReader()) {
          String target =
              new String(r.open(blob, Constants.OBJ_BLOB).getBytes(), StandardCharsets.UTF_8);
          String resolved = TreePaths.resolveLink(path, target);
          return resolved == null ? Optional.empty() : read(resolved, depth + 1);
        }
      }
      if ((mode.getBits() & FileMode.TYPE_MASK) != FileMode.TYPE_FILE) {
        return Optional.empty();
      }
      try (ObjectReader r = repo.newObjectReader()) {
        return Optional.of(r.open(blob, Constants.OBJ_BLOB).getBytes(Integer.MAX_VALUE - 16));
      }
    }
  }

  @Override
  public List<String> list(String glob) throws IOException {
    Glob g = Glob.of(glob);
    List<String> out = new ArrayList<>();
    try (TreeWalk tw = new TreeWalk(repo)) {
      tw.addTree(tree);
      tw.setRecursive(true);
      String prefix = g.literalPrefix();
      if (prefix.endsWith("/")) {
        prefix = prefix.substring(0, prefix.length() - 1);
      }
      if (!prefix.isEmpty()) {
        tw.setFilter(PathFilter.create(prefix));
      }
      while (tw.next()) {
        FileMode m = tw.getFileMode(0);
        int type = m.getBits() & FileMode.TYPE_MASK;
        if ((type == FileMode.TYPE_FILE || type == FileMode.TYPE_SYMLINK)
            && g.matches(tw.getPathString())) {
          out.add(tw.getPathString());
        }
      }
    }
    out.sort(null);
    return out;
  }

  @Override
  public void close() {
    repo.close();
  }
}
