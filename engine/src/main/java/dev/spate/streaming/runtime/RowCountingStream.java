package dev.spate.streaming.runtime;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import java.util.function.LongConsumer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Passes a source's batches through and reports each batch's live rows, for the {@code
 * numInputRows} of progress reports. Closing it closes the wrapped stream, then runs {@code
 * afterClose} (which releases what the stream read from).
 */
final class RowCountingStream implements BatchStream {
  private final BatchStream stream;
  private final LongConsumer rows;
  private final Runnable afterClose;

  RowCountingStream(BatchStream stream, LongConsumer rows, Runnable afterClose) {
    this.stream = requireNonNull(stream, "stream is null");
    this.rows = requireNonNull(rows, "rows is null");
    this.afterClose = requireNonNull(afterClose, "afterClose is null");
  }

  @Override
  public Schema schema() {
    return stream.schema();
  }

  @Override
  public ColumnarBatch next() {
    ColumnarBatch batch = stream.next();
    if (batch != null) {
      rows.accept(batch.selectedCount());
    }
    return batch;
  }

  @Override
  public void close() {
    stream.close();
    afterClose.run();
  }
}
