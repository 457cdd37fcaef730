package dev.krt.kernel.source;

/** A tarball that cannot be read: not xz/gzip/tar, truncated, or with broken headers. */
public final class CorruptArchiveException extends KernelSourceException {
  public CorruptArchiveException(String message) {
    super(message);
  }
}
