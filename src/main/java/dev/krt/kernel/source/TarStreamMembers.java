package dev.krt.kernel.source;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/** gzip and plain tar: one sequential walk builds the index; data needs another walk. */
final class TarStreamMembers implements TarMembers {
  private final Path file;
  private final TarFormat format;

  TarStreamMembers(Path file, TarFormat format) {
    this.file = file;
    this.format = format;
  }

  private Map<String, TarEntry> index;
  private String first;
  private final Map<String, byte[]> data = new java.util.HashMap<>();

  Map<String, TarEntry> index() throws IOException {
    if (index == null) {
      walk(List.of());
    }
    return index;
  }

  /** One pass: indexes every member and keeps the data of the wanted ones. */
  private void walk(Collection<String> wanted) throws IOException {
    Map<String, TarEntry> ix = new LinkedHashMap<>();
    String[] firstSeen = {null};
    walkStream(
        e -> wanted.contains(e.path()),
        (e, d) -> data.put(e.path(), d),
        e -> {
          ix.put(e.path(), e);
          if (firstSeen[0] == null) {
            firstSeen[0] = e.path();
          }
        });
    index = ix;
    first = firstSeen[0];
  }

  @Override
  public String firstPath() throws IOException {
    index();
    return first;
  }

  @Override
  public Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException {
    if (index == null) {
      walk(archivePaths);
    }
    Map<String, TarEntry> out = new LinkedHashMap<>();
    for (String p : archivePaths) {
      TarEntry e = index.get(p);
      if (e != null) {
        out.put(p, e);
      }
    }
    return out;
  }

  @Override
  public Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException {
    List<String> need = new ArrayList<>();
    for (TarEntry e : files) {
      if (!data.containsKey(e.path())) {
        need.add(e.path());
      }
    }
    if (!need.isEmpty()) {
      walk(need);
    }
    Map<TarEntry, byte[]> out = new LinkedHashMap<>();
    for (TarEntry e : files) {
      byte[] d = data.get(e.path());
      if (d != null) {
        out.put(e, d);
      }
    }
    return out;
  }

  @Override
  public List<TarEntry> under(String dirPrefix) throws IOException {
    List<TarEntry> out = new ArrayList<>();
    for (TarEntry e : index().values()) {
      if (e.path().startsWith(dirPrefix)) {
        out.add(e);
      }
    }
    return out;
  }

  private void walkStream(
      java.util.function.Predicate<TarEntry> capture,
      java.util.function.BiConsumer<TarEntry, byte[]> captured,
      java.util.function.Consumer<TarEntry> sink)
      throws IOException {
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        InputStream in = format == TarFormat.GZIP ? new GZIPInputStream(raw, 1 << 16) : raw) {
      long[] pos = {0};
      TarWalker.RecordInput ri =
          new TarWalker.RecordInput() {
            @Override
            public void seek(long target) throws IOException {
              if (target < pos[0]) {
                throw new IOException("cannot seek backwards in a stream");
              }
              long skip = target - pos[0];
              while (skip > 0) {
                long s = in.skip(skip);
                if (s <= 0) {
                  if (in.read() < 0) {
                    throw new EOFException("unexpected end of archive");
                  }
                  s = 1;
                }
                skip -= s;
                pos[0] += s;
              }
            }

            @Override
            public long position() {
              return pos[0];
            }

            @Override
            public void readFully(byte[] buf, int off, int len) throws IOException {
              int n = in.readNBytes(buf, off, len);
              pos[0] += n;
              if (n < len) {
                throw new EOFException("unexpected end of archive");
              }
            }
          };
      TarWalker.walk(
          ri, 0, Long.MAX_VALUE, capture, TarballCache.CACHE_FILE_LIMIT * 16, sink, captured);
    } catch (ZipException e) {
      throw new CorruptArchiveException(
          "corrupt gzip data in " + file + " (" + e.getMessage() + ")");
    } catch (EOFException e) {
      throw new CorruptArchiveException("truncated archive: " + file);
    } catch (TarWalker.CorruptTarException e) {
      throw new CorruptArchiveException("corrupt tar in " + file + ": " + e.getMessage());
    }
  }
}
