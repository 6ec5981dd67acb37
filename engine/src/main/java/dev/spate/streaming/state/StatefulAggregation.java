package dev.spate.streaming.state;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.engine.QueryExecution;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Union;
import dev.spate.planner.spi.ExecContext;
import dev.spate.planner.types.DataTypes;
import dev.spate.streaming.OutputMode;
import dev.spate.streaming.runtime.EventTimeWatermark;
import dev.spate.streaming.runtime.QueryPlanning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The incremental plan of a streaming aggregation, built once per query. Per micro-batch: the
 * <em>partial</em> plan aggregates the new rows by key; rows whose event-time key is at or below
 * the previous batch's watermark are dropped as too late (append and update modes); the
 * <em>merge</em> plan combines them with the state rows of the same keys only (the state, keys and
 * partial aggregates, stays in Arrow between batches in a {@link StateStore} indexed by key, so a
 * batch costs in proportion to its groups, not to the state) and the merged rows replace those
 * groups in the store; the output mode picks the rows to emit (complete: all; update: the merged
 * ones; append: the groups the current watermark finalizes) and, in append and update modes,
 * groups at or below the watermark leave the state; the <em>final</em> plan (the aggregation's
 * select list and the operators above it, such as a sort) runs over the emitted rows into the
 * sink. The state is snapshotted per batch (delta or full) by {@link StateSnapshots}.
 */
public final class StatefulAggregation implements StatefulOperator {
  private final OutputMode mode;
  private final BufferAllocator allocator;
  private final QueryExecution partial;
  private final QueryExecution merge;
  private final QueryExecution output;
  private final StateStore store;
  private final StateTable touched;
  private final StateTable delta;
  private final StateTable emitted;
  private final StateSnapshots snapshots;
  private final List<Field> stateFields;
  /** Index of the key holding event time (a timestamp or a window), or -1. */
  private final int eventTimeKey;
  /** Index of the partial plan's first event-time statistics column, or -1. */
  private final int statistics;
  private final long delayMs;
  private final StateOperatorMetrics metrics = new StateOperatorMetrics();
  private final GpuAggregationState gpuState;

  private StatefulAggregation(OutputMode mode, QueryPlanning planning, LogicalPlan root,
      Aggregate aggregate, Map<Integer, Long> eventTimeInput, Path checkpoint) {
    this.mode = requireNonNull(mode, "mode is null");
    this.allocator = planning.newAllocator("streaming-state");
    LogicalPlan input = EventTimeWatermark.strip(aggregate.child());
    AggregateSplit split = new AggregateSplit(aggregate);
    int key = -1;
    long delay = 0;
    for (int index = 0; index < aggregate.groupings().size() && key < 0; index++) {
      Long keyDelay = EventTimeColumns.delayOf(aggregate.groupings().get(index), eventTimeInput);
      if (keyDelay != null) {
        key = index;
        delay = keyDelay;
      }
    }
    int statisticsColumn = -1;
    for (Map.Entry<Integer, Long> entry : eventTimeInput.entrySet()) {
      if (input.output().get(entry.getKey()).field().getType() instanceof ArrowType.Timestamp) {
        statisticsColumn = entry.getKey();
        if (key < 0) {
          delay = entry.getValue();
        }
      }
    }
    this.eventTimeKey = key;
    this.delayMs = delay;
    List<Expression> partialOutputs = split.partialOutputs(aggregate.groupings());
    int stateColumns = partialOutputs.size();
    if (statisticsColumn >= 0) {
      Attribute time = input.output().get(statisticsColumn);
      ColumnRef column = new ColumnRef(statisticsColumn, time.name(), time.field());
      partialOutputs.add(new Alias(UnresolvedFunction.of("min", column), "__min_event_time"));
      partialOutputs.add(new Alias(UnresolvedFunction.of("max", column), "__max_event_time"));
      partialOutputs.add(new Alias(UnresolvedFunction.of("sum",
          new Cast(column, DataTypes.field("", DataTypes.DOUBLE, true))), "__sum_event_time"));
      partialOutputs.add(new Alias(UnresolvedFunction.of("count", column), "__count_event_time"));
    }
    this.statistics = statisticsColumn >= 0 ? stateColumns : -1;
    Placeholder placeholder = new Placeholder(input.schema());
    LogicalPlan partialPlan = planning.analyze(new Aggregate(aggregate.groupings(),
        partialOutputs, Scan.of(placeholder)));
    partialPlan = partialPlan.transformUp(node -> node instanceof Scan
        && ((Scan) node).source() == placeholder ? input : node);
    this.partial = planning.execution(partialPlan);
    Schema partialSchema = partialPlan.schema();
    this.stateFields = List.copyOf(partialSchema.getFields().subList(0, stateColumns));
    Schema stateSchema = new Schema(stateFields);
    this.store = new StateStore(stateSchema, aggregate.groupings().size(), key, allocator);
    this.touched = new StateTable(stateSchema, "state");
    this.delta = new StateTable(stateSchema, "micro-batch");
    this.emitted = new StateTable(stateSchema, "emitted");
    this.merge = planning.execution(planning.analyze(mergePlan(split, aggregate)));
    Project finalProject = (Project) planning.analyze(new Project(split.finalOutputs(aggregate),
        Scan.of(emitted)));
    LogicalPlan stripped = EventTimeWatermark.strip(root);
    Aggregate strippedAggregate = find(stripped);
    this.output = planning.execution(stripped.transformUp(
        node -> node == strippedAggregate ? finalProject : node));
    this.snapshots = new StateSnapshots(checkpoint, 0,
        planning.config().get(StateSnapshots.MIN_DELTAS_FOR_SNAPSHOT));
    this.gpuState = GpuAggregationState.plan(split, stateSchema, aggregate.groupings().size(),
        partial, planning.config());
  }

  /**
   * The incremental plan of {@code root}'s streaming aggregation, or null when it has none.
   *
   * @param root the query's plan with its runtime sources bound and its watermarks
   */
  public static StatefulAggregation plan(LogicalPlan root, OutputMode mode,
      QueryPlanning planning, Path checkpoint) {
    Aggregate aggregate = find(root);
    if (aggregate == null) {
      return null;
    }
    return new StatefulAggregation(mode, planning, root, aggregate,
        EventTimeColumns.of(aggregate.child()), checkpoint);
  }

  private static Aggregate find(LogicalPlan plan) {
    if (plan instanceof Aggregate && plan.isStreaming()) {
      if (find(plan.child()) != null) {
        throw SpateException.analysis("Multiple streaming aggregations are not supported with"
            + " streaming DataFrames/Datasets");
      }
      return (Aggregate) plan;
    }
    for (LogicalPlan child : plan.children()) {
      Aggregate found = find(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private LogicalPlan mergePlan(AggregateSplit split, Aggregate aggregate) {
    List<Expression> groupings = new ArrayList<>();
    List<Expression> outputs = new ArrayList<>();
    int keys = aggregate.groupings().size();
    for (int index = 0; index < keys; index++) {
      UnresolvedColumn column = new UnresolvedColumn(List.of(AggregateSplit.KEY_PREFIX + index));
      groupings.add(column);
      outputs.add(column);
    }
    for (int index = 0; index < split.partialCount(); index++) {
      outputs.add(split.merge(index, stateFields.get(keys + index)));
    }
    // the state's rows first, so that first/last merge as over the whole input in order
    return new Aggregate(groupings, outputs, new Union(List.of(Scan.of(touched),
        Scan.of(delta))));
  }

  @Override
  public long watermarkDelayMs() {
    return hasEventTime() ? delayMs : -1;
  }

  @Override
  public boolean hasEventTime() {
    return statistics >= 0 || eventTimeKey >= 0;
  }

  @Override
  public void restore(long version) {
    snapshots.read(version, store, allocator);
  }

  @Override
  public long runBatch(long batchId, long lateWatermarkMs, long watermarkMs,
      long batchTimestampMicros, BiFunction<BatchStream, ExecContext, Long> sink,
      ExecContext snapshotContext) {
    boolean bounded = mode != OutputMode.Complete() && eventTimeKey >= 0;
    long lateMicros = lateWatermarkMs * 1000;
    long evictMicros = watermarkMs * 1000;
    metrics.startBatch();
    RowRouter.Target newRows = new RowRouter.Target();
    partial.run((stream, context) -> {
      RowRouter.route(stream, stateFields, allocator, (batch, row) -> {
        metrics.observe(batch, row, statistics);
        if (bounded) {
          long eventTime = RowRouter.eventTime(batch.column(eventTimeKey), row);
          if (eventTime <= lateMicros && lateWatermarkMs > 0) {
            metrics.droppedByWatermark++;
            return 0;
          }
          gpuState.observeEventTime(eventTime);
        }
        return 1;
      }, newRows);
      return null;
    }, batchTimestampMicros);
    List<List<FieldVector>> merged = gpuState.active()
        ? mergeOnGpu(newRows, snapshotContext) : null;
    store.startBatch();
    if (merged == null) {
      merged = mergeOnCpu(newRows, batchTimestampMicros);
    }
    for (List<FieldVector> columns : merged) {
      int rowCount = columns.isEmpty() ? 0 : columns.get(0).getValueCount();
      metrics.updated += rowCount;
      store.upsert(columns, rowCount);
    }
    long rowsBeforeEviction = store.rowCount();
    List<FieldVector> expired = bounded ? store.evict(evictMicros, mode == OutputMode.Append())
        : null;
    gpuState.evicted(rowsBeforeEviction - store.rowCount(), evictMicros, store.rowCount());
    if (mode == OutputMode.Complete()) {
      emitted.show(store);
    } else if (mode == OutputMode.Update()) {
      emitted.show(store.upsertedRows());
    } else if (expired != null) {
      emitted.replace(List.of(expired), List.of(expired.get(0).getValueCount()));
    }
    long rows;
    try {
      rows = output.run(sink, batchTimestampMicros);
    } finally {
      emitted.close();
    }
    snapshots.write(batchId + 1, store, snapshotContext);
    store.endBatch();
    metrics.finishBatch(store.rowCount(), store.estimatedBytes());
    gpuState.report(metrics.gpuState());
    return rows;
  }

  /**
   * The merged rows of the batch's groups from the GPU-resident state (the batch's partial rows
   * are released), or null when the device gave up, leaving {@code newRows} to the CPU.
   */
  private List<List<FieldVector>> mergeOnGpu(RowRouter.Target newRows, ExecContext context) {
    List<List<FieldVector>> merged;
    try {
      merged = gpuState.merge(newRows, store, allocator, context);
    } catch (RuntimeException e) {
      newRows.close();
      throw e;
    }
    if (merged != null) {
      newRows.close();
    }
    return merged;
  }

  /** The merge plan over the stored rows of the batch's keys and the batch's partial rows. */
  private List<List<FieldVector>> mergeOnCpu(RowRouter.Target newRows,
      long batchTimestampMicros) {
    Set<Long> hit = new LinkedHashSet<>();
    for (int index = 0; index < newRows.batches.size(); index++) {
      store.positionsOf(newRows.batches.get(index), newRows.rowCounts.get(index), hit);
    }
    newRows.moveTo(delta);
    RowRouter.Target merged = new RowRouter.Target();
    try {
      if (!hit.isEmpty()) {
        touched.replace(List.of(store.gather(new ArrayList<>(hit))), List.of(hit.size()));
      }
      merge.run((stream, context) -> {
        RowRouter.route(stream, stateFields, allocator, (batch, row) -> 1, merged);
        return null;
      }, batchTimestampMicros);
    } finally {
      touched.close();
      delta.close();
    }
    return merged.batches;
  }

  @Override
  public StateOperatorMetrics metrics() {
    return metrics;
  }

  @Override
  public QueryExecution outputExecution() {
    return output;
  }

  @Override
  public QueryExecution partialExecution() {
    return partial;
  }

  @Override
  public void close() {
    gpuState.close();
    store.close();
    touched.close();
    delta.close();
    emitted.close();
    allocator.close();
  }

  /** Stands for the aggregation's input while the partial plan is analyzed. */
  private static final class Placeholder implements dev.spate.planner.spi.TableSource {
    private final Schema schema;

    Placeholder(Schema schema) {
      this.schema = schema;
    }

    @Override
    public Schema schema() {
      return schema;
    }

    @Override
    public String description() {
      return "aggregation input";
    }

    @Override
    public BatchStream scan(List<Integer> columns, List<Expression> filters,
        ExecContext context) {
      throw SpateException.internal("the aggregation input placeholder was not replaced", null);
    }
  }
}
