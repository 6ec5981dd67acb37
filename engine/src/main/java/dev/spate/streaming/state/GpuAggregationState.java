package dev.spate.streaming.state;

import static java.util.Objects.requireNonNull;

import dev.spate.engine.QueryExecution;
import dev.spate.gpu.GpuDevice;
import dev.spate.gpu.GpuResidentState;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.spi.Backend;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.spi.PlacedPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Where a {@link StatefulAggregation}'s merge runs: on the GPU, against a {@link GpuResidentState}
 * that keeps the merged state in device memory across micro-batches, or (with a reason) on the
 * CPU. The state goes to the GPU when {@code spate.gpu.enabled=true} (or {@code auto} and the
 * partial aggregation was placed on the GPU), a GPU is usable, every partial aggregate merges by
 * sum, min or max ({@code count}, {@code sum}, {@code avg}, {@code min}, {@code max}) and the
 * state's columns fit the device table. Declining a GPU-enabled aggregation throws under {@code
 * spate.test.failOnFallback=true} with {@code spate.gpu.enabled=true}.
 *
 * <p>Per micro-batch only the partial aggregation of the new rows is copied to the device and only
 * the merged rows of the groups it touched come back (they upsert the host {@link StateStore},
 * which stays the source of truth for snapshots, output and restarts). The device table is seeded
 * from the host store when it is first used (after a restart, the restored state) and re-seeded
 * when groups the watermark evicted from the host store outnumber the live ones (the device table
 * keeps evicted groups until then: their keys are at or below a past watermark, so late-row
 * dropping keeps new rows from reaching them; a new row that does re-seeds first). When the device
 * runs out of memory the state stays on the CPU from then on. Not thread safe.
 */
final class GpuAggregationState implements AutoCloseable {
  private final GpuResidentState resident;
  private String reason;
  private boolean seeded;
  private long deadGroups;
  /** The highest event time (microseconds) whose groups were evicted, or Long.MIN_VALUE. */
  private long evictedThroughMicros = Long.MIN_VALUE;
  private long batchStartUploaded;
  private long batchStartDownloaded;

  private GpuAggregationState(GpuResidentState resident, String reason) {
    this.resident = resident;
    this.reason = reason;
  }

  /**
   * The state placement of an aggregation whose state has {@code stateSchema} ({@code keyCount}
   * keys, then {@code split}'s partials) and whose partial plan is {@code partial}.
   */
  static GpuAggregationState plan(AggregateSplit split, Schema stateSchema, int keyCount,
      QueryExecution partial, SpateConfig config) {
    SpateConfig.GpuMode mode = config.get(SpateConfig.GPU_ENABLED);
    if (mode == SpateConfig.GpuMode.FALSE) {
      return new GpuAggregationState(null, null);
    }
    Optional<String> unavailable = GpuDevice.unavailableReason();
    if (unavailable.isPresent()) {
      return declined("no GPU: " + unavailable.get(), config);
    }
    List<GpuResidentState.Merge> merges = new ArrayList<>();
    for (int index = 0; index < split.partialCount(); index++) {
      String function = split.mergeFunction(index);
      switch (function) {
        case "sum":
          merges.add(GpuResidentState.Merge.SUM);
          break;
        case "min":
          merges.add(GpuResidentState.Merge.MIN);
          break;
        case "max":
          merges.add(GpuResidentState.Merge.MAX);
          break;
        default:
          return declined("the partial aggregate " + AggregateSplit.PARTIAL_PREFIX + index
              + " merges by " + function + ", and GPU-resident state merges count, sum, avg, min"
              + " and max only.", config);
      }
    }
    Optional<String> unsupported = GpuResidentState.unsupportedReason(stateSchema, keyCount,
        merges);
    if (unsupported.isPresent()) {
      return declined(unsupported.get(), config);
    }
    if (mode == SpateConfig.GpuMode.AUTO && !aggregatesOnGpu(partial.placed())) {
      return new GpuAggregationState(null, "spate.gpu.enabled=auto placed the partial aggregation"
          + " on the CPU, so its state stays there too.");
    }
    return new GpuAggregationState(GpuResidentState.open(stateSchema, keyCount, merges, config),
        null);
  }

  private static GpuAggregationState declined(String why, SpateConfig config) {
    String reason = "the streaming aggregation state stays on the CPU: " + why;
    GpuResidentState.checkFallback(config, reason);
    return new GpuAggregationState(null, reason);
  }

  private static boolean aggregatesOnGpu(PlacedPlan plan) {
    if (plan.node() instanceof HashAggregateExec && plan.backend().kind() == Backend.Kind.GPU) {
      return true;
    }
    for (PlacedPlan child : plan.children()) {
      if (aggregatesOnGpu(child)) {
        return true;
      }
    }
    return false;
  }

  /** Whether this batch's merge runs on the device. */
  boolean active() {
    return resident != null && reason == null;
  }

  /** Why the state is on the CPU, or null when it is on the GPU or the GPU is disabled. */
  String reason() {
    return reason;
  }

  /** Notes a new row's event-time key before the merge; one at or below an eviction re-seeds. */
  void observeEventTime(long micros) {
    if (micros != Long.MIN_VALUE && micros <= evictedThroughMicros) {
      seeded = false;
    }
  }

  /**
   * Merges the batch's partial rows ({@code newRows}, distinct keys) into the device state, seeded
   * first from {@code store} when needed; returns the merged rows per batch of {@code newRows}
   * (the caller owns them) or null when the device ran out of memory, after which the state is on
   * the CPU and {@link #reason()} says why. {@code newRows} are left to the caller.
   */
  List<List<FieldVector>> merge(RowRouter.Target newRows, StateStore store,
      BufferAllocator allocator, ExecContext context) {
    batchStartUploaded = resident.hostToDeviceBytes();
    batchStartDownloaded = resident.deviceToHostBytes();
    if (!seeded && !seed(store, allocator, context)) {
      return null;
    }
    List<List<FieldVector>> merged = new ArrayList<>();
    try {
      for (int index = 0; index < newRows.batches.size(); index++) {
        List<FieldVector> rows = resident.merge(newRows.batches.get(index),
            newRows.rowCounts.get(index), allocator, true);
        if (rows == null) {
          reason = resident.fallbackReason();
          merged.forEach(columns -> columns.forEach(FieldVector::close));
          return null;
        }
        merged.add(rows);
      }
      return merged;
    } catch (RuntimeException e) {
      merged.forEach(columns -> columns.forEach(FieldVector::close));
      throw e;
    }
  }

  /** Merges every row of {@code store} into an emptied device state; false on a fallback. */
  private boolean seed(StateStore store, BufferAllocator allocator, ExecContext context) {
    resident.clear();
    deadGroups = 0;
    List<Integer> columns = IntStream.range(0, store.schema().getFields().size()).boxed()
        .toList();
    try (BatchStream stream = store.scan(columns, List.of(), context)) {
      for (ColumnarBatch next = stream.next(); next != null; next = stream.next()) {
        try (ColumnarBatch batch = next.compact(allocator)) {
          if (resident.merge(batch.columns(), batch.rowCount(), allocator, false) == null) {
            reason = resident.fallbackReason();
            return false;
          }
        }
      }
    }
    seeded = true;
    return true;
  }

  /**
   * Notes that the host store evicted {@code removed} groups at or below {@code thresholdMicros},
   * leaving {@code live}; the device table is re-seeded once evicted groups outnumber live ones.
   */
  void evicted(long removed, long thresholdMicros, long live) {
    if (!active() || removed == 0) {
      return;
    }
    evictedThroughMicros = Math.max(evictedThroughMicros, thresholdMicros);
    deadGroups += removed;
    if (deadGroups > live) {
      seeded = false;
    }
  }

  /** Replaces {@code report} by this batch's GPU state figures (or the reason for the CPU). */
  void report(Map<String, Object> report) {
    report.clear();
    if (active()) {
      report.put("gpuStateResidentGroups", (long) resident.residentGroups());
      report.put("gpuStateHostToDeviceBytes", resident.hostToDeviceBytes() - batchStartUploaded);
      report.put("gpuStateDeviceToHostBytes",
          resident.deviceToHostBytes() - batchStartDownloaded);
    } else if (reason != null) {
      report.put("gpuStateFallbackReason", reason);
    }
  }

  @Override
  public void close() {
    if (resident != null) {
      resident.close();
    }
  }
}
