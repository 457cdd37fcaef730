package dev.krt.kernel.source;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The members of a {@code .tar.xz}, with block-level random access. */
final class XzTarMembers implements TarMembers {
  private final XzTarArchive xz;

  XzTarMembers(XzTarArchive xz) {
    this.xz = xz;
  }

  @Override
  public String firstPath() throws IOException {
    xz.probeAllBlocks();
    return xz.index().firstPath(0);
  }

  @Override
  public Map<String, TarEntry> find(Collection<String> archivePaths) throws IOException {
    return xz.findAll(archivePaths, true);
  }

  @Override
  public Map<String, TarEntry> findEntries(Collection<String> archivePaths) throws IOException {
    return xz.findAll(archivePaths, false);
  }

  @Override
  public Map<TarEntry, byte[]> data(Collection<TarEntry> files) throws IOException {
    Map<TarEntry, byte[]> out = new LinkedHashMap<>();
    for (TarEntry e : files) {
      out.put(e, xz.data(e));
    }
    return out;
  }

  @Override
  public List<TarEntry> under(String dirPrefix) throws IOException {
    return xz.listUnder(dirPrefix);
  }
}
