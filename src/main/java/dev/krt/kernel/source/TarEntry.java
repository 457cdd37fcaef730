package dev.krt.kernel.source;

/**
 * One member of a tar archive as krt indexes it.
 *
 * @param path the member's full path in the archive, without a trailing {@code /}
 * @param type the tar type flag: {@code '0'} file, {@code '5'} directory, {@code '2'} symlink,
 *     {@code '1'} hard link
 * @param startOffset uncompressed offset of the first header of this member (a GNU long-name or pax
 *     header when there is one)
 * @param dataOffset uncompressed offset of the member's data
 * @param size data size in bytes
 * @param linkTarget symlink or hard-link target, or empty
 */
public record TarEntry(
    String path, char type, long startOffset, long dataOffset, long size, String linkTarget) {

  public boolean isFile() {
    return type == '0' || type == '\0' || type == '7';
  }

  public boolean isSymlink() {
    return type == '2';
  }

  public boolean isHardLink() {
    return type == '1';
  }

  /** The offset just past this member's data, where the next header starts. */
  public long end() {
    return dataOffset + ((size + 511) & ~511L);
  }
}
