package dev.spate.planner.batch;

import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A pull stream of batches, the runtime form of a physical node (DataFusion's
 * {@code RecordBatchStream}, Trino's pull operators).
 *
 * <p>Contract: creating a stream does no work; the first {@link #next()} does. {@link #next()}
 * returns a batch owned by the caller (who must close it), or null at the end, after which it keeps
 * returning null. Errors are thrown from {@code next()} as {@code SpateException}s. {@link #close()}
 * is idempotent, may be called at any time (also before the end or after an error), and releases
 * every resource, including the child streams it was given. A stream is used by one thread at a time.
 * Every batch has exactly {@link #schema()}'s fields, by type and name.
 */
public interface BatchStream extends AutoCloseable {
  Schema schema();

  /** The next batch, owned by the caller, or null at the end of the stream. */
  ColumnarBatch next();

  @Override
  void close();
}
