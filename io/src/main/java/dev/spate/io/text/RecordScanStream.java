package dev.spate.io.text;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.io.ParseMode;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;

/**
 * Reads the records of text files one file after the other and produces batches of the requested
 * columns, applying the parse mode to malformed records: PERMISSIVE keeps them (bad fields NULL, raw
 * text in the corrupt-record column), DROPMALFORMED leaves them out, FAILFAST throws; with a bad
 * records writer they are written there and left out. Lazy: the first file is opened by the first
 * {@link #next()}.
 */
final class RecordScanStream implements BatchStream {
  private static final int EXCERPT_LENGTH = 200;

  private final RecordFormat format;
  private final List<FileStatus> files;
  private final RowLayout layout;
  private final int[] columns;
  private final Schema outputSchema;
  private final ParseMode mode;
  private final BadRecordsWriter badRecords;
  private final TemporalValues temporal;
  private final BufferAllocator allocator;
  private final int batchRows;
  private final java.util.concurrent.atomic.AtomicLong malformedRecords;
  private final Object[] values;
  private int nextFile;
  private RecordCursor cursor;
  private String currentFile;
  private boolean closed;

  RecordScanStream(RecordFormat format, List<FileStatus> files, RowLayout layout, int[] columns,
      Schema outputSchema, ParseMode mode, BadRecordsWriter badRecords, TemporalValues temporal,
      BufferAllocator allocator, int batchRows,
      java.util.concurrent.atomic.AtomicLong malformedRecords) {
    this.format = requireNonNull(format, "format is null");
    this.files = List.copyOf(requireNonNull(files, "files is null"));
    this.layout = requireNonNull(layout, "layout is null");
    this.columns = requireNonNull(columns, "columns is null").clone();
    this.outputSchema = requireNonNull(outputSchema, "outputSchema is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.badRecords = badRecords;
    this.temporal = requireNonNull(temporal, "temporal is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.batchRows = Math.max(1, batchRows);
    this.malformedRecords = requireNonNull(malformedRecords, "malformedRecords is null");
    this.values = new Object[layout.size()];
  }

  @Override
  public Schema schema() {
    return outputSchema;
  }

  @Override
  public ColumnarBatch next() {
    if (closed) {
      return null;
    }
    List<FieldVector> vectors = new ArrayList<>(columns.length);
    try {
      for (Field field : outputSchema.getFields()) {
        FieldVector vector = field.createVector(allocator);
        vectors.add(vector);
        vector.allocateNew();
      }
      int rows = 0;
      while (rows < batchRows && advance()) {
        Arrays.fill(values, null);
        String reason = cursor.parse(values);
        if (reason != null && !acceptMalformed(reason)) {
          continue;
        }
        for (int output = 0; output < columns.length; output++) {
          int index = columns[output];
          Object value = index == layout.corruptIndex() ? (reason == null ? null : cursor.raw())
              : values[index];
          VectorValues.set(vectors.get(output), rows, value);
        }
        rows++;
      }
      if (rows == 0) {
        vectors.forEach(FieldVector::close);
        return null;
      }
      return ColumnarBatch.of(outputSchema, vectors, rows);
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  /**
   * Counts a malformed record and applies the mode; true when the record stays in the output
   * (PERMISSIVE without bad records path).
   */
  private boolean acceptMalformed(String reason) {
    malformedRecords.incrementAndGet();
    if (mode == ParseMode.FAILFAST) {
      String raw = cursor.raw();
      String excerpt = raw.length() > EXCERPT_LENGTH ? raw.substring(0, EXCERPT_LENGTH) + "..." : raw;
      throw SpateException.io("[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record"
          + " parsing. Parse Mode: FAILFAST. To process malformed records as null result, try"
          + " setting the option 'mode' as 'PERMISSIVE'. " + format.name() + " " + currentFile
          + " line " + cursor.lineNumber() + ": " + excerpt + " (" + reason + ")", null);
    }
    if (badRecords != null) {
      badRecords.write(currentFile, cursor.raw(), reason);
      return false;
    }
    return mode == ParseMode.PERMISSIVE;
  }

  /** Moves to the next record, opening files as needed; false when all files are read. */
  private boolean advance() {
    try {
      while (true) {
        if (cursor != null && cursor.next()) {
          return true;
        }
        closeCursor();
        if (nextFile >= files.size()) {
          return false;
        }
        Path path = files.get(nextFile++).getPath();
        currentFile = path.toString();
        cursor = format.open(TextFiles.openReader(path), layout, temporal);
      }
    } catch (IOException | java.io.UncheckedIOException e) {
      throw SpateException.io("Encountered error while reading " + format.name() + " file "
          + currentFile + ": " + e.getMessage(), e);
    }
  }

  private void closeCursor() throws IOException {
    if (cursor != null) {
      RecordCursor toClose = cursor;
      cursor = null;
      toClose.close();
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeCursor();
    } catch (IOException e) {
      throw SpateException.io("cannot close " + currentFile + ": " + e.getMessage(), e);
    } finally {
      if (badRecords != null) {
        badRecords.close();
      }
    }
  }
}
