package dev.krt.kernel.source;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A kernel tree extracted on disk. */
public final class DirectorySource implements KernelSource {
  private final Path root;

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
    try (Stream<Path> s = Files.walk(start)) {
      s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .filter(g::matches)
          .forEach(out::add);
    }
    out.sort(null);
    return out;
  }
}
