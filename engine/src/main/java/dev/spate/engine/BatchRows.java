package dev.spate.engine;

import dev.spate.Row;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.batch.VectorValues;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Turns Arrow batches into public {@link Row}s (for collect, memory sinks, foreach). */
public final class BatchRows {
  private BatchRows() {}

  /** Hands every live row of {@code batch} (not closed here) to {@code consumer}. */
  public static void forEach(ColumnarBatch batch, Schema schema, Consumer<Row> consumer) {
    List<FieldVector> vectors = batch.columns();
    for (int index = 0; index < batch.selectedCount(); index++) {
      int position = batch.position(index);
      Object[] values = new Object[vectors.size()];
      for (int column = 0; column < values.length; column++) {
        values[column] = VectorValues.get(vectors.get(column), position);
      }
      consumer.accept(RowConverter.toRow(values, schema));
    }
  }

  /** Reads {@code stream} to the end (closing every batch) and returns its rows. */
  public static List<Row> collect(BatchStream stream, Schema schema) {
    List<Row> rows = new ArrayList<>();
    ColumnarBatch batch;
    while ((batch = stream.next()) != null) {
      try (ColumnarBatch current = batch) {
        forEach(current, schema, rows::add);
      }
    }
    return rows;
  }
}
