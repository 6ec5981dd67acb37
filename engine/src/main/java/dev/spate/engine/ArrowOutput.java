package dev.spate.engine;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over a running query ({@code DataFrame.toArrow()}): each {@link
 * #loadNextBatch()} pulls one batch and moves its live rows into the reader's root. Closing the
 * reader stops the query and releases its memory.
 */
final class ArrowOutput extends ArrowReader {
  private final BatchStream stream;
  private final BufferAllocator allocator;

  ArrowOutput(BatchStream stream, BufferAllocator allocator) {
    super(allocator);
    this.stream = requireNonNull(stream, "stream is null");
    this.allocator = allocator;
  }

  @Override
  public boolean loadNextBatch() {
    VectorSchemaRoot root;
    try {
      root = getVectorSchemaRoot();
    } catch (java.io.IOException e) {
      throw dev.spate.SpateException.io("cannot create the Arrow output root", e);
    }
    ColumnarBatch next = stream.next();
    while (next != null && next.selectedCount() == 0) {
      next.close();
      next = stream.next();
    }
    if (next == null) {
      root.setRowCount(0);
      return false;
    }
    try (ColumnarBatch batch = next.compact(allocator)) {
      List<FieldVector> targets = root.getFieldVectors();
      for (int column = 0; column < targets.size(); column++) {
        batch.column(column).makeTransferPair(targets.get(column)).transfer();
      }
      root.setRowCount(batch.rowCount());
    }
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    stream.close();
  }

  @Override
  protected Schema readSchema() {
    return stream.schema();
  }

  @Override
  public void close() {
    try {
      super.close();
    } catch (java.io.IOException e) {
      throw dev.spate.SpateException.io("failed to close the Arrow reader", e);
    } finally {
      allocator.close();
    }
  }
}
