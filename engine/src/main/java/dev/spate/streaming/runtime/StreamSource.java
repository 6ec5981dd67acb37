package dev.spate.streaming.runtime;

import dev.spate.planner.spi.TableSource;

/**
 * The per-query runtime of a streaming source: a {@link TableSource} whose {@link #scan} reads the
 * data of the batch last given to {@link #prepareBatch}. Used by one query thread only.
 *
 * <p>Offsets are JSON texts chosen by the source; the runtime stores them in the checkpoint's
 * {@code offsets/<batchId>} before the batch runs and hands them back on restart, so a source must
 * be able to re-read the data between two offsets it returned earlier.
 */
public interface StreamSource extends TableSource {
  /**
   * The offset just after the data available now, starting after {@code startOrNull} (null: the
   * beginning), admitting no more than the read limits when {@code limited}; returns {@code
   * startOrNull} itself when there is no new data.
   */
  String latestOffset(long batchId, String startOrNull, boolean limited);

  /** Makes later scans read the data in (startOrNull, end]; empty when they are equal. */
  void prepareBatch(long batchId, String startOrNull, String end);

  /** Rows the scans read since the last {@link #prepareBatch}. */
  long rowsRead();

  /**
   * Records that failed to parse since the last {@link #prepareBatch} (kept with NULLs, dropped or
   * written to the bad records path, per the source's {@code mode}); 0 for sources that do not
   * parse text.
   */
  default long malformedRecords() {
    return 0;
  }

  /**
   * Called once at start with the last batch whose offsets are in the checkpoint (-1 for none), so
   * the source can forget anything it planned beyond it.
   */
  default void recover(long lastPlannedBatchId) {}

  /** Called when the query stops; releases what the source holds. */
  default void stop() {}
}
