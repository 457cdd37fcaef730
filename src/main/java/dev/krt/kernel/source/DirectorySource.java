package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A kernel tree extracted on disk. */
public final class DirectorySource implements KernelSource {
  private final Path root;
  private final List<String> skipped = java.util.Collections.synchronizedList(new ArrayList<>());

  @Override
  public List<String> listProblems() {
    return List.copyOf(skipped);
  }

  public DirectorySource(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  @Override
  public String describe() {
    return root.toString();
  }

  @Override
  public Optional<Path> directory() {
    return Optional.of(root);
  }

  private Path resolve(String path) {
    Path p = root.resolve(path).normalize();
    if (!p.startsWith(root)) {
      throw new IllegalArgumentException("path escapes the kernel tree: " + path);
    }
    return p;
  }

  @Override
  public Optional<byte[]> read(String path) throws IOException {
    Path p = resolve(path);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(Files.readAllBytes(p));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public boolean exists(String path) {
    return Files.isRegularFile(resolve(path));
  }

  @Override
  public List<String> list(String glob) throws IOException {
    Glob g = Glob.of(glob);
    Path start = resolve(g.literalPrefix().isEmpty() ? "." : g.literalPrefix());
    List<String> out = new ArrayList<>();
    if (!Files.isDirectory(start)) {
      if (Files.isRegularFile(start) && g.matches(g.literalPrefix())) {
        out.add(g.literalPrefix());
      }
      return out;
    }
    // The subdirectories are walked in parallel (a kernel has about 87,000 files); walkFileTree
    // hands over each entry's attributes, so no second stat per file.
    int prefix = root.toString().length() + 1;
    boolean all = glob.equals("**");
    List<Path> tops = new ArrayList<>();
    List<String> found = java.util.Collections.synchronizedList(new ArrayList<>());
    skipped.clear();
    try (java.nio.file.DirectoryStream<Path> ds = Files.newDirectoryStream(start)) {
      for (Path p : ds) {
        tops.add(p);
      }
    }
    tops.parallelStream()
        .forEach(
            top -> {
              List<String> mine = new ArrayList<>();
              try {
                Files.walkFileTree(
                    top,
                    new java.nio.file.SimpleFileVisitor<>() {
                      @Override
                      public java.nio.file.FileVisitResult preVisitDirectory(
                          Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                        return dir.getFileName().toString().equals(".git")
                            ? java.nio.file.FileVisitResult.SKIP_SUBTREE
                            : java.nio.file.FileVisitResult.CONTINUE;
                      }

                      @Override
                      public java.nio.file.FileVisitResult visitFile(
                          Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                        if (attrs.isRegularFile()
                            || (attrs.isSymbolicLink() && Files.isRegularFile(file))) {
                          String rel = file.toString().substring(prefix);
                          if (all || g.matches(rel)) {
                            mine.add(rel);
                          }
                        }
                        return java.nio.file.FileVisitResult.CONTINUE;
                      }

                      @Override
                      public java.nio.file.FileVisitResult visitFileFailed(
                          Path file, IOException e) {
                        skipped.add(
                            file.toString().substring(Math.min(prefix, file.toString().length()))
                                + ": "
                                + (e instanceof java.nio.file.AccessDeniedException
                                    ? "permission denied"
                                    : e.getClass().getSimpleName())
                                + " (not listed)");
                        return java.nio.file.FileVisitResult.CONTINUE;
                      }
                    });
              } catch (IOException e) {
                skipped.add(
                    top.toString().substring(Math.min(prefix, top.toString().length()))
                        + ": "
                        + e.getClass().getSimpleName()
                        + " (not listed)");
              }
              found.addAll(mine);
            });
    out.addAll(found);
    out.sort(null);
    return out;
  }
}
