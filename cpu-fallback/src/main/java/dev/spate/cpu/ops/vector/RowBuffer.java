package dev.spate.cpu.ops.vector;

import dev.spate.planner.batch.VectorGather;
import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Growable columns that collect the live rows of many batches (a sort's input, a join's build
 * side). Owns its vectors; {@link #close()} releases them and is idempotent. Not thread safe.
 */
public final class RowBuffer implements AutoCloseable {
  private static final int INITIAL_ROWS = 1024;

  private final List<Field> fields;
  private final BufferAllocator allocator;
  private final List<FieldVector> vectors;
  private int rowCount;
  private boolean closed;

  public RowBuffer(List<Field> fields, BufferAllocator allocator) {
    this.fields = List.copyOf(fields);
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.vectors = new ArrayList<>(fields.size());
    try {
      for (Field field : fields) {
        vectors.add(VectorGather.allocate(field, INITIAL_ROWS, allocator));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Appends rows {@code positions[0..count)} of {@code columns} (one per field, same types). */
  public void append(List<FieldVector> columns, int[] positions, int count) {
    for (int column = 0; column < vectors.size(); column++) {
      VectorGather.copy(columns.get(column), positions, 0, count, vectors.get(column), rowCount);
    }
    rowCount += count;
    for (FieldVector vector : vectors) {
      vector.setValueCount(rowCount);
    }
  }

  /** A new buffer holding rows {@code order[0..count)} of this one, in that order. */
  public RowBuffer select(int[] order, int count) {
    RowBuffer selected = new RowBuffer(fields, allocator);
    try {
      selected.append(vectors, order, count);
      return selected;
    } catch (RuntimeException e) {
      selected.close();
      throw e;
    }
  }

  public List<FieldVector> vectors() {
    return vectors;
  }

  public FieldVector vector(int index) {
    return vectors.get(index);
  }

  public int rowCount() {
    return rowCount;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (FieldVector vector : vectors) {
      vector.close();
    }
  }
}
