package dev.spate.io;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a completed write produced: the committed files (qualified paths, for example {@code
 * file:/out/part-00000-....parquet}) with their sizes in bytes, and the number of rows written. A
 * write skipped by save mode {@code ignore} has no files and no rows.
 */
public final class WriteResult {
  private final List<String> files;
  private final List<Long> fileBytes;
  private final long rows;

  /** {@code fileBytes.get(i)} is the size of {@code files.get(i)}. */
  public WriteResult(List<String> files, List<Long> fileBytes, long rows) {
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.fileBytes = List.copyOf(requireNonNull(fileBytes, "fileBytes is null"));
    if (this.files.size() != this.fileBytes.size()) {
      throw new IllegalArgumentException(files.size() + " files but " + fileBytes.size()
          + " sizes");
    }
    this.rows = rows;
  }

  public static WriteResult empty() {
    return new WriteResult(List.of(), List.of(), 0);
  }

  public List<String> files() {
    return files;
  }

  /** The size in bytes of each file of {@link #files()}, in the same order. */
  public List<Long> fileBytes() {
    return fileBytes;
  }

  public long rows() {
    return rows;
  }

  /** The total size in bytes of the files. */
  public long bytes() {
    long total = 0;
    for (long size : fileBytes) {
      total += size;
    }
    return total;
  }

  @Override
  public String toString() {
    return "WriteResult{files=" + files.size() + ", rows=" + rows + ", bytes=" + bytes() + "}";
  }
}
