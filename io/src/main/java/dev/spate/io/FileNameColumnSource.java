package dev.spate.io;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.TableSource;
import dev.spate.planner.types.DataTypes;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;

/**
 * A {@link FileSource} plus its hidden file-name column (see {@link FileSource#withFileNames()}):
 * a scan reads the files one after the other through a one-file source each, and appends the
 * file's URI to every batch when the column is asked for. Filters on the file column are left to
 * the engine (the per-file scans never see it). Safe for concurrent scans.
 */
public final class FileNameColumnSource implements TableSource {
  private final FileSource files;
  private final List<FileStatus> fileList;
  private final Function<FileStatus, FileSource> oneFile;
  private final Schema schema;
  private final AtomicLong malformedRecords = new AtomicLong();

  /**
   * @param files the source over all the files
   * @param fileList its files, in read order
   * @param oneFile a source over a single one of them, with the same schema and options
   */
  public FileNameColumnSource(FileSource files, List<FileStatus> fileList,
      Function<FileStatus, FileSource> oneFile) {
    this.files = requireNonNull(files, "files is null");
    this.fileList = List.copyOf(fileList);
    this.oneFile = requireNonNull(oneFile, "oneFile is null");
    List<Field> fields = new ArrayList<>(files.schema().getFields());
    fields.add(new Field(FileSource.FILE_NAME_COLUMN, FieldType.notNullable(DataTypes.STRING),
        null));
    this.schema = new Schema(fields);
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return files.description();
  }

  @Override
  public long estimatedBytes() {
    return files.estimatedBytes();
  }

  /** Records that failed to parse in the files this source's scans finished reading. */
  public long malformedRecords() {
    return malformedRecords.get();
  }

  @Override
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    int hidden = schema.getFields().size() - 1;
    List<Integer> dataColumns = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    for (int column : columns) {
      if (column != hidden) {
        dataColumns.add(column);
      }
      fields.add(schema.getFields().get(column));
    }
    List<Expression> dataFilters = new ArrayList<>();
    for (Expression filter : filters) {
      if (!filter.anyMatch(node -> node instanceof ColumnRef
          && ((ColumnRef) node).ordinal() == hidden)) {
        dataFilters.add(filter);
      }
    }
    return new FilesStream(new Schema(fields), columns, dataColumns, dataFilters, context);
  }

  /** Reads the files one after the other, adding the file URI column where asked. */
  private final class FilesStream implements BatchStream {
    private final Schema outputSchema;
    private final List<Integer> columns;
    private final List<Integer> dataColumns;
    private final List<Expression> filters;
    private final ExecContext context;
    private final int hidden = schema.getFields().size() - 1;
    private int nextFile;
    private byte[] currentUri;
    private FileSource currentSource;
    private BatchStream current;

    FilesStream(Schema outputSchema, List<Integer> columns, List<Integer> dataColumns,
        List<Expression> filters, ExecContext context) {
      this.outputSchema = outputSchema;
      this.columns = columns;
      this.dataColumns = dataColumns;
      this.filters = filters;
      this.context = context;
    }

    @Override
    public Schema schema() {
      return outputSchema;
    }

    @Override
    public ColumnarBatch next() {
      while (true) {
        if (current == null) {
          if (nextFile >= fileList.size()) {
            return null;
          }
          FileStatus file = fileList.get(nextFile++);
          currentUri = file.getPath().toString().getBytes(StandardCharsets.UTF_8);
          currentSource = oneFile.apply(file);
          current = currentSource.scan(dataColumns, filters, context);
        }
        ColumnarBatch batch = current.next();
        if (batch == null) {
          closeCurrent();
          continue;
        }
        return withFileColumn(batch);
      }
    }

    private ColumnarBatch withFileColumn(ColumnarBatch batch) {
      if (dataColumns.size() == columns.size()) {
        return batch;
      }
      VarCharVector uris;
      try {
        uris = new VarCharVector(schema.getFields().get(hidden), context.allocator());
        uris.allocateNew((long) currentUri.length * batch.rowCount(), batch.rowCount());
        for (int row = 0; row < batch.rowCount(); row++) {
          uris.setSafe(row, currentUri);
        }
        uris.setValueCount(batch.rowCount());
      } catch (RuntimeException e) {
        batch.close();
        throw e;
      }
      List<FieldVector> vectors = new ArrayList<>(columns.size());
      int dataIndex = 0;
      for (int column : columns) {
        vectors.add(column == hidden ? uris : batch.column(dataIndex++));
      }
      return ColumnarBatch.withResources(outputSchema, vectors, batch.rowCount(),
          batch.selection(), batch.selectedCount(), List.of(uris), List.of(batch));
    }

    /** Closes the current file's scan and adds its malformed records to the source's count. */
    private void closeCurrent() {
      current.close();
      current = null;
      malformedRecords.addAndGet(currentSource.malformedRecords());
      currentSource = null;
    }

    @Override
    public void close() {
      if (current != null) {
        closeCurrent();
      }
      nextFile = fileList.size();
    }
  }
}
