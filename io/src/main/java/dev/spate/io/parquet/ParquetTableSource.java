package dev.spate.io.parquet;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.FileNameColumnSource;
import dev.spate.io.FileSource;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.parquet.hadoop.ParquetFileReader;

/**
 * A table over Parquet files. Without a user schema the schema is the first file's (read from its
 * footer only). Scans project the requested columns, skip row groups by statistics (see {@link
 * RowGroupPruner}) and count what they read in {@link #metrics()}. Safe for concurrent scans.
 */
public final class ParquetTableSource implements FileSource {
  private final List<String> rootPaths;
  private final List<FileStatus> files;
  private final Schema schema;
  private final ParquetScanMetrics metrics = new ParquetScanMetrics();

  /**
   * @param rootPaths the qualified paths the user named, for {@link #description()}
   * @param files the data files, in read order
   * @param schema the user schema, or null to take the first file's
   */
  public ParquetTableSource(List<String> rootPaths, List<FileStatus> files, Schema schema) {
    this.rootPaths = List.copyOf(requireNonNull(rootPaths, "rootPaths is null"));
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.schema = schema != null ? schema : inferSchema(this.files, this.rootPaths);
  }

  private static Schema inferSchema(List<FileStatus> files, List<String> rootPaths) {
    if (files.isEmpty()) {
      throw SpateException.analysis("[UNABLE_TO_INFER_SCHEMA] Unable to infer schema for Parquet"
          + " at %s. It must be specified manually.", String.join(", ", rootPaths));
    }
    FileStatus first = files.get(0);
    try (ParquetFileReader reader = ParquetFiles.open(first)) {
      Schema fileSchema = ParquetSchemas.toArrow(reader.getFooter().getFileMetaData().getSchema());
      List<Field> nullable = new ArrayList<>(fileSchema.getFields().size());
      for (Field field : fileSchema.getFields()) {
        nullable.add(dev.spate.planner.types.DataTypes.withNullable(field, true));
      }
      return new Schema(nullable);
    } catch (IOException e) {
      throw SpateException.io("cannot close Parquet file " + first.getPath(), e);
    }
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return "parquet [" + String.join(", ", rootPaths) + "]";
  }

  @Override
  public long estimatedBytes() {
    long total = 0;
    for (FileStatus file : files) {
      total += file.getLen();
    }
    return total;
  }

  @Override
  public FileNameColumnSource withFileNames() {
    return new FileNameColumnSource(this, files,
        file -> new ParquetTableSource(rootPaths, List.of(file), schema));
  }

  /** What this source's scans have read and skipped so far. */
  public ParquetScanMetrics metrics() {
    return metrics;
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    List<Field> outputFields = new ArrayList<>(columns.size());
    for (int column : columns) {
      outputFields.add(schema.getFields().get(column));
    }
    return new ParquetScanStream(files, schema, new Schema(outputFields), filters,
        context.allocator(), context.batchRows(), metrics);
  }
}
