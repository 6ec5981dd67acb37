package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A complete generation of the SSB tables: one directory of Parquet files per table under
 * {@link #directory()}, and the number of rows of each table.
 */
public final class SsbData {
  private final Path directory;
  private final Map<SsbTable, Long> rows;

  SsbData(Path directory, Map<SsbTable, Long> rows) {
    this.directory = requireNonNull(directory, "directory is null");
    this.rows = Map.copyOf(requireNonNull(rows, "rows is null"));
    if (this.rows.size() != SsbTable.values().length) {
      throw new IllegalArgumentException("row counts are missing for some tables: " + rows);
    }
  }

  public Path directory() {
    return directory;
  }

  /** The directory holding the Parquet files of {@code table}. */
  public Path tableDirectory(SsbTable table) {
    return directory.resolve(table.tableName());
  }

  public long rows(SsbTable table) {
    return rows.get(table);
  }

  /** The total size of the Parquet files of {@code table}. */
  public long parquetBytes(SsbTable table) {
    try (Stream<Path> files = Files.list(tableDirectory(table))) {
      return files.filter(file -> file.getFileName().toString().endsWith(".parquet"))
          .mapToLong(SsbData::size).sum();
    } catch (IOException e) {
      throw SpateException.io("cannot list " + tableDirectory(table) + ": " + e.getMessage(), e);
    }
  }

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
