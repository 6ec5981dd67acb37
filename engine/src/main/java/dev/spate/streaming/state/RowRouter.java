package dev.spate.streaming.state;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorGather;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Copies the rows of a query's output into long-lived tables: each live row goes to the targets
 * whose bits {@link Route#targets} sets, keeping the first {@code fields.size()} columns.
 */
final class RowRouter {
  /** Chooses the targets of one row (bit i: target i). */
  interface Route {
    int targets(ColumnarBatch batch, int row);
  }

  /** Dense batches collected for one target. */
  static final class Target {
    final List<List<FieldVector>> batches = new ArrayList<>();
    final List<Integer> rowCounts = new ArrayList<>();

    void close() {
      batches.forEach(columns -> columns.forEach(FieldVector::close));
      batches.clear();
      rowCounts.clear();
    }

    /** Moves the collected rows into {@code table}, which takes ownership. */
    void moveTo(StateTable table) {
      table.replace(List.copyOf(batches), List.copyOf(rowCounts));
      batches.clear();
      rowCounts.clear();
    }
  }

  private RowRouter() {}

  static void route(BatchStream stream, List<Field> fields, BufferAllocator allocator,
      Route route, Target... targets) {
    try {
      while (true) {
        ColumnarBatch next = stream.next();
        if (next == null) {
          break;
        }
        try (ColumnarBatch batch = next) {
          int live = batch.selectedCount();
          int[][] positions = new int[targets.length][live];
          int[] counts = new int[targets.length];
          for (int index = 0; index < live; index++) {
            int row = batch.position(index);
            int chosen = route.targets(batch, row);
            for (int target = 0; target < targets.length; target++) {
              if ((chosen & (1 << target)) != 0) {
                positions[target][counts[target]++] = row;
              }
            }
          }
          for (int target = 0; target < targets.length; target++) {
            if (counts[target] > 0) {
              targets[target].batches.add(gather(batch, fields, positions[target],
                  counts[target], allocator));
              targets[target].rowCounts.add(counts[target]);
            }
          }
        }
      }
    } catch (RuntimeException e) {
      for (Target target : targets) {
        target.close();
      }
      throw e;
    }
  }

  private static List<FieldVector> gather(ColumnarBatch batch, List<Field> fields, int[] positions,
      int count, BufferAllocator allocator) {
    List<FieldVector> columns = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < fields.size(); column++) {
        columns.add(VectorGather.gather(batch.column(column), positions, count,
            fields.get(column), allocator));
      }
      return columns;
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  /**
   * The event time of {@code row} in {@code vector} in microseconds: the timestamp itself, or the
   * {@code end} of a window struct; {@code Long.MIN_VALUE} for NULL.
   */
  static long eventTime(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return Long.MIN_VALUE;
    }
    if (vector instanceof StructVector) {
      TimeStampVector end = (TimeStampVector) ((StructVector) vector).getChildByOrdinal(1);
      return end.isNull(row) ? Long.MIN_VALUE : end.get(row);
    }
    return ((TimeStampVector) vector).get(row);
  }
}
