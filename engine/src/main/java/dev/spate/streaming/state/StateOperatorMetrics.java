package dev.spate.streaming.state;

import dev.spate.planner.batch.ColumnarBatch;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;

/**
 * What one micro-batch of a stateful operator did, for the progress report: Spark's {@code
 * stateOperators} entry (rows in the state, rows updated, rows dropped as too late, memory) and
 * the {@code eventTime} statistics of the batch's input (min, max, avg). A streaming aggregation
 * with GPU-resident state adds {@code gpuStateResidentGroups} and the batch's {@code
 * gpuStateHostToDeviceBytes} and {@code gpuStateDeviceToHostBytes}; one whose GPU state was
 * declined or given up adds the reason as {@code gpuStateFallbackReason} (a string).
 */
public final class StateOperatorMetrics {
  long updated;
  long droppedByWatermark;
  private long totalRows;
  private long memoryBytes;
  private long minEventTime;
  private long maxEventTime;
  private double sumEventTimeSeconds;
  private long eventTimes;
  private final Map<String, Object> gpuState = new LinkedHashMap<>();

  void startBatch() {
    updated = 0;
    droppedByWatermark = 0;
    minEventTime = Long.MAX_VALUE;
    maxEventTime = Long.MIN_VALUE;
    sumEventTimeSeconds = 0;
    eventTimes = 0;
  }

  /** Adds the event-time statistics of one partial-aggregate row (columns from {@code first}). */
  void observe(ColumnarBatch batch, int row, int first) {
    if (first < 0 || batch.column(first).isNull(row)) {
      return;
    }
    minEventTime = Math.min(minEventTime, ((TimeStampVector) batch.column(first)).get(row));
    maxEventTime = Math.max(maxEventTime, ((TimeStampVector) batch.column(first + 1)).get(row));
    sumEventTimeSeconds += ((Float8Vector) batch.column(first + 2)).get(row);
    eventTimes += ((BigIntVector) batch.column(first + 3)).get(row);
  }

  /** Adds one input row's event time (microseconds) to the batch's event-time statistics. */
  void observeEventTime(long micros) {
    minEventTime = Math.min(minEventTime, micros);
    maxEventTime = Math.max(maxEventTime, micros);
    sumEventTimeSeconds += micros / 1_000_000.0;
    eventTimes++;
  }

  void finishBatch(long rowsInState, long bytes) {
    totalRows = rowsInState;
    memoryBytes = bytes;
  }

  /**
   * The GPU-resident state's figures of the batch, or why the state is on the CPU ({@link
   * GpuAggregationState#report}), reported after the Spark fields.
   */
  Map<String, Object> gpuState() {
    return gpuState;
  }

  /** The largest event time of the batch in milliseconds, or {@code Long.MIN_VALUE} for none. */
  public long maxEventTimeMs() {
    return eventTimes == 0 ? Long.MIN_VALUE : Math.floorDiv(maxEventTime, 1000);
  }

  /** Spark's {@code stateOperators[0]}. */
  public Map<String, Object> stateOperator() {
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("numRowsTotal", totalRows);
    report.put("numRowsUpdated", updated);
    report.put("numRowsDroppedByWatermark", droppedByWatermark);
    report.put("memoryUsedBytes", memoryBytes);
    report.putAll(gpuState);
    return report;
  }

  /** Spark's {@code eventTime} map: min, max, avg (ISO-8601 UTC) when the batch had event times. */
  public Map<String, String> eventTime() {
    Map<String, String> report = new LinkedHashMap<>();
    if (eventTimes > 0) {
      report.put("avg", instant(Math.round(sumEventTimeSeconds / eventTimes * 1_000_000)));
      report.put("max", instant(maxEventTime));
      report.put("min", instant(minEventTime));
    }
    return report;
  }

  static String instant(long micros) {
    return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000),
        Math.floorMod(micros, 1_000_000) * 1000).toString();
  }
}
