package dev.spate.io.parquet;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.MessageType;

/**
 * Feeds rows of Arrow batches to Parquet's record writer. The "record" is a row position in the
 * batch last given to {@link #bind}; the writer calls {@link #write} once per row, so row-group row
 * counts and size checks stay Parquet's own.
 */
final class ArrowWriteSupport extends WriteSupport<Integer> {
  private final MessageType schema;
  private RecordConsumer consumer;
  private List<FieldVector> vectors = List.of();
  private List<String> names = List.of();
  private List<ValueWriters.ValueWriter> writers = List.of();

  ArrowWriteSupport(MessageType schema) {
    this.schema = requireNonNull(schema, "schema is null");
  }

  @Override
  public WriteContext init(Configuration configuration) {
    return new WriteContext(schema, Map.of());
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.consumer = recordConsumer;
  }

  /** Makes {@code batch}'s columns the source of the next rows. */
  void bind(ColumnarBatch batch) {
    List<ValueWriters.ValueWriter> newWriters = new ArrayList<>(batch.columns().size());
    for (FieldVector vector : batch.columns()) {
      newWriters.add(ValueWriters.create(vector));
    }
    List<String> newNames = new ArrayList<>(batch.columns().size());
    for (int column = 0; column < batch.columns().size(); column++) {
      newNames.add(batch.field(column).getName());
    }
    vectors = batch.columns();
    names = newNames;
    writers = newWriters;
  }

  @Override
  public void write(Integer position) {
    int row = position;
    consumer.startMessage();
    for (int column = 0; column < writers.size(); column++) {
      ValueWriters.writeField(consumer, names.get(column), column, vectors.get(column),
          writers.get(column), row);
    }
    consumer.endMessage();
  }
}
