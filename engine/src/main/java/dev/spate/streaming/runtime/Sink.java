package dev.spate.streaming.runtime;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.spi.ExecContext;

/**
 * Where a streaming query writes. Called on the query's thread, one batch at a time, in batch id
 * order; a batch may be offered again after a crash or failure (same id, same data), and a sink
 * that promises exactly-once output must then not write it twice.
 */
public interface Sink {
  /** One line for progress reports and EXPLAIN. */
  String description();

  /**
   * Writes the rows of {@code data} (read to the end; the caller closes it) as batch {@code
   * batchId}. Returns the number of rows written.
   */
  long addBatch(long batchId, BatchStream data, ExecContext context);

  /** Called when the query stops. */
  default void stop() {}
}
