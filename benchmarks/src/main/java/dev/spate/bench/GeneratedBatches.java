package dev.spate.bench;

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
 * The batches of a generated table, built one at a time by a {@link Filler}, so that only one
 * batch is ever in memory: the suites' data generators write them to files ({@code
 * FileFormats.write}) or load them into a session ({@link GeneratedArrowReader}). The caller owns
 * and closes each batch it receives.
 */
public final class GeneratedBatches implements BatchStream {
  /** Produces a table's rows in a fixed order, a batch at a time. */
  @FunctionalInterface
  public interface Filler {
    /**
     * Writes the next rows at positions {@code 0..} of {@code vectors} (empty, allocated for
     * {@code capacity} values, so {@code set} without bounds checks is safe), at most {@code
     * capacity} of them, and returns how many it wrote: 0 once the table is complete.
     */
    int fill(List<FieldVector> vectors, int capacity);
  }

  private final Schema schema;
  private final Filler filler;
  private final BufferAllocator allocator;
  private final int batchRows;
  private boolean finished;

  public GeneratedBatches(Schema schema, BufferAllocator allocator, int batchRows, Filler filler) {
    this.schema = requireNonNull(schema, "schema is null");
    this.allocator = requireNonNull(allocator, "allocator is null");
    this.filler = requireNonNull(filler, "filler is null");
    if (batchRows < 1) {
      throw new IllegalArgumentException("batchRows must be positive, got " + batchRows);
    }
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
      int count = filler.fill(vectors, batchRows);
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
