package dev.spate.io.text;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.FileNameColumnSource;
import dev.spate.io.FileSource;
import dev.spate.io.FormatOptions;
import dev.spate.io.ParseMode;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;

/**
 * A table over text files of one {@link RecordFormat} (JSON lines, CSV, text). The schema is fixed
 * at construction (given or inferred by the caller); filters are not used (the engine applies
 * them). A schema field named by {@code columnNameOfCorruptRecord} receives the raw text of
 * malformed records; it must be a nullable STRING.
 */
public final class RecordFileSource implements FileSource {
  private final RecordFormat format;
  private final List<String> rootPaths;
  private final List<FileStatus> files;
  private final Schema schema;
  private final FormatOptions options;
  private final int corruptIndex;
  private final java.util.concurrent.atomic.AtomicLong malformedRecords =
      new java.util.concurrent.atomic.AtomicLong();

  /**
   * @param rootPaths the qualified paths the user named, for {@link #description()}
   * @param files the data files, in read order
   */
  public RecordFileSource(RecordFormat format, List<String> rootPaths, List<FileStatus> files,
      Schema schema, FormatOptions options) {
    this.format = requireNonNull(format, "format is null");
    this.rootPaths = List.copyOf(requireNonNull(rootPaths, "rootPaths is null"));
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.schema = requireNonNull(schema, "schema is null");
    this.options = requireNonNull(options, "options is null");
    this.corruptIndex = corruptIndex(schema, options.corruptRecordColumn());
    options.mode(); // rejects an unknown mode when the source is created, not at the first scan
  }

  private static int corruptIndex(Schema schema, String corruptColumn) {
    List<Field> fields = schema.getFields();
    for (int index = 0; index < fields.size(); index++) {
      Field field = fields.get(index);
      if (field.getName().equals(corruptColumn)) {
        if (!(field.getType() instanceof ArrowType.Utf8) || !field.isNullable()) {
          throw SpateException.analysis("The field for corrupt records %s must be string type and"
              + " nullable", corruptColumn);
        }
        return index;
      }
    }
    return -1;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public String description() {
    return format.name() + " [" + String.join(", ", rootPaths) + "]";
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
  public BatchStream scan(List<Integer> columns, List<Expression> filters, ExecContext context) {
    boolean[] needed = new boolean[schema.getFields().size()];
    int[] columnIndexes = new int[columns.size()];
    List<Field> outputFields = new ArrayList<>(columns.size());
    for (int output = 0; output < columns.size(); output++) {
      int index = columns.get(output);
      needed[index] = true;
      columnIndexes[output] = index;
      outputFields.add(schema.getFields().get(index));
    }
    ParseMode mode = options.mode();
    String badRecordsPath = options.get(FormatOptions.BAD_RECORDS_PATH);
    BadRecordsWriter badRecords = badRecordsPath == null ? null : new BadRecordsWriter(badRecordsPath);
    TemporalValues temporal = new TemporalValues(options.get(FormatOptions.TIMESTAMP_FORMAT),
        options.get(FormatOptions.DATE_FORMAT), context.timeZone());
    return new RecordScanStream(format, files, new RowLayout(schema, corruptIndex, needed),
        columnIndexes, new Schema(outputFields), mode, badRecords, temporal, context.allocator(),
        context.batchRows(), malformedRecords);
  }

  @Override
  public FileNameColumnSource withFileNames() {
    return new FileNameColumnSource(this, files,
        file -> new RecordFileSource(format, rootPaths, List.of(file), schema, options));
  }

  /**
   * Records that failed to parse in the scans of this source so far, whatever the mode did with
   * them (kept with NULLs, dropped, or written to the bad records path); thread safe.
   */
  @Override
  public long malformedRecords() {
    return malformedRecords.get();
  }
}
