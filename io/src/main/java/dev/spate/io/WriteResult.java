package dev.spate.io;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a completed write produced: the committed files (qualified paths, for example {@code
 * file:/out/part-00000-....parquet}), the number of rows written and the total size in bytes of
 * those files. A write skipped by save mode {@code ignore} has no files and no rows.
 */
public final class WriteResult {
  private final List<String> files;
  private final long rows;
  private final long bytes;

  public WriteResult(List<String> files, long rows, long bytes) {
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.rows = rows;
    this.bytes = bytes;
  }

  public static WriteResult empty() {
    return new WriteResult(List.of(), 0, 0);
  }

  public List<String> files() {
    return files;
  }

  public long rows() {
    return rows;
  }

  public long bytes() {
    return bytes;
  }

  @Override
  public String toString() {
    return "WriteResult{files=" + files.size() + ", rows=" + rows + ", bytes=" + bytes + "}";
  }
}
