package dev.spate.bench;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowReader;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An {@link ArrowReader} whose batches a generator fills on demand, so that a large generated
 * table reaches {@code SpateSession.fromArrow} or a writer without ever existing as rows or as
 * one big buffer.
 */
public final class GeneratedArrowReader extends ArrowReader {
  /** Fills rows {@code [firstRow, firstRow + rows)} of a table into {@code root}. */
  @FunctionalInterface
  public interface BatchFiller {
    /**
     * Writes {@code rows} rows into the vectors of {@code root}, which are empty and allocated
     * for at least {@code rows} values (so {@code set} without bounds checks is safe),
     * starting at the table's row {@code firstRow}; the reader sets the row count.
     */
    void fill(VectorSchemaRoot root, long firstRow, int rows);
  }

  private final Schema schema;
  private final long totalRows;
  private final int batchRows;
  private final BatchFiller filler;
  private long nextRow;

  /**
   * @param totalRows the table's row count
   * @param batchRows rows per batch (the last batch may be shorter)
   */
  public GeneratedArrowReader(BufferAllocator allocator, Schema schema, long totalRows,
      int batchRows, BatchFiller filler) {
    super(allocator);
    this.schema = requireNonNull(schema, "schema is null");
    this.filler = requireNonNull(filler, "filler is null");
    if (totalRows < 0 || batchRows < 1) {
      throw new IllegalArgumentException("totalRows must be >= 0 and batchRows >= 1");
    }
    this.totalRows = totalRows;
    this.batchRows = batchRows;
  }

  @Override
  public boolean loadNextBatch() throws IOException {
    if (nextRow >= totalRows) {
      return false;
    }
    VectorSchemaRoot root = getVectorSchemaRoot();
    int rows = (int) Math.min(batchRows, totalRows - nextRow);
    root.clear();
    for (org.apache.arrow.vector.FieldVector vector : root.getFieldVectors()) {
      vector.setInitialCapacity(rows);
      vector.allocateNew();
    }
    filler.fill(root, nextRow, rows);
    root.setRowCount(rows);
    nextRow += rows;
    return true;
  }

  @Override
  public long bytesRead() {
    return 0;
  }

  @Override
  protected void closeReadSource() {}

  @Override
  protected Schema readSchema() {
    return schema;
  }
}
