package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.ColumnarBatch;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} over {@link GeneratedBatches}, so that a large generated table reaches
 * {@code SpateSession.fromArrow} one batch at a time, never as rows or as one big buffer.
 */
public final class GeneratedArrowReader extends ArrowReader {
  private final GeneratedBatches batches;

  /** @param batches the table's batches, allocated from {@code allocator}; closed with the reader */
  public GeneratedArrowReader(BufferAllocator allocator, GeneratedBatches batches) {
    super(allocator);
    this.batches = requireNonNull(batches, "batches is null");
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    VectorSchemaRoot root = getVectorSchemaRoot();
    try (ColumnarBatch batch = batches.next()) {
      if (batch == null) {
        return false;
      }
      for (int column = 0; column < batch.columns().size(); column++) {
        batch.column(column).makeTransferPair(root.getVector(column)).transfer();
      }
      root.setRowCount(batch.rowCount());
      return true;
    }
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {
    batches.close();
  }

  @Override
  protected Schema readSchema() {
    return batches.schema();
  }
}
