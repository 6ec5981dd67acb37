package dev.spate.streaming.state;

import dev.spate.engine.QueryExecution;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.spi.ExecContext;
import dev.spate.streaming.OutputMode;
import dev.spate.streaming.runtime.QueryPlanning;
import java.nio.file.Path;
import java.util.function.BiFunction;

/**
 * The incremental plan of a streaming query that keeps state across micro-batches (an aggregation
 * or a deduplication), built once per query. Its state is snapshotted per batch in the checkpoint
 * ({@link StateSnapshots}) and restored from it on restart.
 */
public interface StatefulOperator extends AutoCloseable {
  /**
   * The stateful operator of {@code root}, or null for a stateless query.
   *
   * @param root the query's plan with its runtime sources bound and its watermarks
   */
  static StatefulOperator plan(LogicalPlan root, OutputMode mode, QueryPlanning planning,
      Path checkpoint) {
    StatefulOperator deduplication = StreamingDeduplication.plan(root, planning, checkpoint);
    return deduplication != null ? deduplication
        : StatefulAggregation.plan(root, mode, planning, checkpoint);
  }

  /** Delay of the watermark this operator reads, or -1 without a watermark. */
  long watermarkDelayMs();

  /** True when the operator's input has an event-time column (the progress reports a watermark). */
  boolean hasEventTime();

  /** Loads state {@code version} (the number of committed batches). */
  void restore(long version);

  /**
   * Runs micro-batch {@code batchId} and writes its state snapshot.
   *
   * @param lateWatermarkMs rows with an event time at or below it are dropped (previous batch's
   *     watermark)
   * @param watermarkMs this batch's watermark: state at or below it is evicted
   * @param sink writes the emitted rows; returns the number of rows written
   * @return the number of rows written
   */
  long runBatch(long batchId, long lateWatermarkMs, long watermarkMs, long batchTimestampMicros,
      BiFunction<BatchStream, ExecContext, Long> sink, ExecContext snapshotContext);

  StateOperatorMetrics metrics();

  /** The plan that writes the emitted rows into the sink (EXPLAIN, backends). */
  QueryExecution outputExecution();

  /** The plan that reads each micro-batch's new rows. */
  QueryExecution partialExecution();

  @Override
  void close();
}
