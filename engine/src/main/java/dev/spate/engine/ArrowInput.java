package dev.spate.engine;

import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.planner.batch.VectorValues;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/** Builds {@link InMemoryTable}s from public rows or from an Arrow reader. */
public final class ArrowInput {
  private static final int ROWS_PER_BATCH = 65536;

  private ArrowInput() {}

  /** Converts {@code rows} (public values) into dense batches allocated from {@code allocator}. */
  public static InMemoryTable fromRows(List<Row> rows, Schema schema, BufferAllocator allocator) {
    List<Field> fields = schema.getFields();
    List<List<FieldVector>> batches = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    try {
      for (int start = 0; start < rows.size(); start += ROWS_PER_BATCH) {
        int end = Math.min(rows.size(), start + ROWS_PER_BATCH);
        List<FieldVector> vectors = new ArrayList<>(fields.size());
        batches.add(vectors);
        counts.add(end - start);
        for (Field field : fields) {
          FieldVector vector = field.createVector(allocator);
          vector.setInitialCapacity(end - start);
          vector.allocateNew();
          vectors.add(vector);
        }
        for (int rowIndex = start; rowIndex < end; rowIndex++) {
          Row row = rows.get(rowIndex);
          if (row.size() != fields.size()) {
            throw SpateException.analysis("row %d has %d values but the schema has %d columns %s",
                rowIndex, row.size(), fields.size(), fieldNames(fields));
          }
          for (int column = 0; column < fields.size(); column++) {
            Field field = fields.get(column);
            VectorValues.set(vectors.get(column), rowIndex - start,
                RowConverter.toInternal(row.get(column), field, field.getName()));
          }
        }
        for (FieldVector vector : vectors) {
          vector.setValueCount(end - start);
        }
      }
    } catch (RuntimeException e) {
      batches.forEach(batch -> batch.forEach(FieldVector::close));
      throw e;
    }
    return new InMemoryTable(schema, batches, counts, "memory [" + rows.size() + " rows]");
  }

  /**
   * Reads {@code reader} to the end. Buffers are moved without copying when the reader's allocator
   * shares {@code allocator}'s root, and copied otherwise. The reader stays open (the caller owns it).
   */
  public static InMemoryTable fromReader(ArrowReader reader, BufferAllocator allocator) {
    List<List<FieldVector>> batches = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    Schema schema;
    long rows = 0;
    try {
      VectorSchemaRoot root = reader.getVectorSchemaRoot();
      schema = root.getSchema();
      while (reader.loadNextBatch()) {
        List<FieldVector> vectors = new ArrayList<>();
        batches.add(vectors);
        int count = root.getRowCount();
        counts.add(count);
        rows += count;
        for (FieldVector source : root.getFieldVectors()) {
          vectors.add(take(source, count, allocator));
        }
      }
    } catch (IOException e) {
      batches.forEach(batch -> batch.forEach(FieldVector::close));
      throw SpateException.io("failed to read Arrow batches: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      batches.forEach(batch -> batch.forEach(FieldVector::close));
      throw e;
    }
    return new InMemoryTable(schema, batches, counts, "arrow [" + rows + " rows]");
  }

  private static FieldVector take(FieldVector source, int count, BufferAllocator allocator) {
    if (source.getAllocator().getRoot() == allocator.getRoot()) {
      TransferPair pair = source.getTransferPair(allocator);
      pair.transfer();
      FieldVector moved = (FieldVector) pair.getTo();
      moved.setValueCount(count);
      return moved;
    }
    FieldVector copy = source.getField().createVector(allocator);
    copy.setInitialCapacity(count);
    copy.allocateNew();
    TransferPair pair = source.makeTransferPair(copy);
    for (int index = 0; index < count; index++) {
      pair.copyValueSafe(index, index);
    }
    copy.setValueCount(count);
    return copy;
  }

  private static List<String> fieldNames(List<Field> fields) {
    List<String> names = new ArrayList<>();
    fields.forEach(field -> names.add(field.getName()));
    return names;
  }
}
