package dev.spate.bench.ssb;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Batches of a generated table, built one at a time so that only one batch is ever in memory.
 */
final class GeneratedBatchStream implements BatchStream {
  private final Schema schema;
  private final TableRows rows;
  private final BufferAllocator allocator;
  private final int batchRows;
  private boolean finished;

  GeneratedBatchStream(Schema schema, TableRows rows, BufferAllocator allocator, int batchRows) {
    this.schema = requireNonNull(schema, "schema is null");
    this.rows = requireNonNull(rows, "rows is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.batchRows = batchRows;
  }

  @Override
  public Schema schema() {
    return schema;
  }

  @Override
  public ColumnarBatch next() {
    if (finished) {
      return null;
    }
    List<FieldVector> vectors = new ArrayList<>(schema.getFields().size());
    try {
      for (Field field : schema.getFields()) {
        FieldVector vector = field.createVector(allocator);
        vectors.add(vector);
        vector.setInitialCapacity(batchRows);
        vector.allocateNew();
      }
      int count = rows.fill(new BatchColumns(vectors), batchRows);
      if (count == 0) {
        finished = true;
        vectors.forEach(FieldVector::close);
        return null;
      }
      return ColumnarBatch.of(schema, vectors, count);
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
  }

  @Override
  public void close() {
    finished = true;
  }
}
