package dev.spate.streaming.state;

import dev.spate.engine.QueryExecution;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.spi.ExecContext;
import dev.spate.streaming.runtime.EventTimeWatermark;
import dev.spate.streaming.runtime.QueryPlanning;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;

/**
 * {@code dropDuplicates}/{@code distinct} on a stream (Spark's {@code StreamingDeduplicateExec}):
 * the state is the set of keys seen so far, a {@link StateStore} that each batch updates with its
 * new keys only (and snapshots as a delta). Per micro-batch the new rows are read with the key
 * columns first; a row whose event time is at or below the previous batch's watermark is dropped
 * as late; the first row of each key not in the state is emitted (in append mode) and its key joins
 * the state; when the watermark's column is a key, keys at or below this batch's watermark leave
 * the state. The emitted rows run through the operators above the deduplication into the sink.
 * The supported shape (checked by the streaming planner) is one deduplication over a stateless
 * input, with projections and filters above or below it.
 */
final class StreamingDeduplication implements StatefulOperator {
  private final BufferAllocator allocator;
  private final QueryExecution input;
  private final QueryExecution output;
  /** The input's columns, keys first. */
  private final List<Field> fields;
  /** The key columns: the first {@code keyCount} of {@link #fields}. */
  private final List<Field> keyFields;
  private final StateStore store;
  private final StateTable emitted;
  private final StateSnapshots snapshots;
  /** Position in {@link #fields} of the event-time column, or -1. */
  private final int eventTimeColumn;
  private final boolean evictsKeys;
  private final boolean timestampStatistics;
  private final long delayMs;
  private final StateOperatorMetrics metrics = new StateOperatorMetrics();

  private StreamingDeduplication(LogicalPlan root, Distinct distinct, QueryPlanning planning,
      Path checkpoint) {
    LogicalPlan child = EventTimeWatermark.strip(distinct.child());
    List<Attribute> columns = child.output();
    List<Integer> order = new ArrayList<>(distinct.keys());
    for (int index = 0; index < columns.size(); index++) {
      if (distinct.keys().isEmpty() || !order.contains(index)) {
        order.add(index);
      }
    }
    int keyCount = distinct.keys().isEmpty() ? columns.size() : distinct.keys().size();
    Project reordered = new Project(references(columns, order), child);
    this.fields = List.copyOf(reordered.schema().getFields());
    this.keyFields = List.copyOf(fields.subList(0, keyCount));
    Map<Integer, Long> eventTimes = EventTimeColumns.of(distinct.child());
    int timeColumn = -1;
    long delay = 0;
    for (Map.Entry<Integer, Long> entry : eventTimes.entrySet()) {
      int position = order.indexOf(entry.getKey());
      if (timeColumn < 0 || (position < keyCount && timeColumn >= keyCount)) {
        timeColumn = position;
        delay = entry.getValue();
      }
    }
    this.eventTimeColumn = timeColumn;
    this.evictsKeys = timeColumn >= 0 && timeColumn < keyCount;
    this.timestampStatistics = timeColumn >= 0
        && fields.get(timeColumn).getType() instanceof ArrowType.Timestamp;
    this.delayMs = delay;
    this.allocator = planning.newAllocator("streaming-deduplication");
    this.input = planning.execution(reordered);
    this.store = new StateStore(new Schema(keyFields), keyCount, evictsKeys ? timeColumn : -1,
        allocator);
    this.emitted = new StateTable(new Schema(fields), "emitted");
    List<Integer> originalOrder = new ArrayList<>();
    for (int index = 0; index < columns.size(); index++) {
      originalOrder.add(order.indexOf(index));
    }
    List<Attribute> emittedColumns = reordered.output();
    Project restored = new Project(references(emittedColumns, originalOrder), Scan.of(emitted));
    this.output = planning.execution(EventTimeWatermark.strip(root).transformUp(
        node -> node instanceof Distinct && node.isStreaming() ? restored : node));
    this.snapshots = new StateSnapshots(checkpoint, 0,
        planning.config().get(StateSnapshots.MIN_DELTAS_FOR_SNAPSHOT));
  }

  /** The deduplication of {@code root}, or null when it has none. */
  static StreamingDeduplication plan(LogicalPlan root, QueryPlanning planning, Path checkpoint) {
    Distinct distinct = find(root);
    return distinct == null ? null
        : new StreamingDeduplication(root, distinct, planning, checkpoint);
  }

  private static Distinct find(LogicalPlan plan) {
    if (plan instanceof Distinct && plan.isStreaming()) {
      return (Distinct) plan;
    }
    for (LogicalPlan child : plan.children()) {
      Distinct found = find(child);
      if (found != null) {
        return found;
      }
    }
    return null;
  }

  private static List<Expression> references(List<Attribute> columns, List<Integer> ordinals) {
    List<Expression> references = new ArrayList<>();
    for (int ordinal : ordinals) {
      Attribute column = columns.get(ordinal);
      references.add(new ColumnRef(ordinal, column.name(), column.field()));
    }
    return references;
  }

  @Override
  public long watermarkDelayMs() {
    return hasEventTime() ? delayMs : -1;
  }

  @Override
  public boolean hasEventTime() {
    return eventTimeColumn >= 0;
  }

  @Override
  public void restore(long version) {
    snapshots.read(version, store, allocator);
  }

  @Override
  public long runBatch(long batchId, long lateWatermarkMs, long watermarkMs,
      long batchTimestampMicros, BiFunction<BatchStream, ExecContext, Long> sink,
      ExecContext snapshotContext) {
    long lateMicros = lateWatermarkMs * 1000;
    long evictMicros = watermarkMs * 1000;
    metrics.startBatch();
    store.startBatch();
    Set<List<Object>> seen = new HashSet<>();
    RowRouter.Target newRows = new RowRouter.Target();
    try {
      input.run((stream, context) -> {
        RowRouter.route(stream, fields, allocator, (batch, row) -> {
          long time = eventTimeColumn < 0 ? Long.MIN_VALUE
              : RowRouter.eventTime(batch.column(eventTimeColumn), row);
          if (timestampStatistics && time != Long.MIN_VALUE) {
            metrics.observeEventTime(time);
          }
          if (lateWatermarkMs > 0 && time != Long.MIN_VALUE && time <= lateMicros) {
            metrics.droppedByWatermark++;
            return 0;
          }
          List<Object> key = store.key(batch.columns(), row);
          return !store.contains(key) && seen.add(key) ? 1 : 0;
        }, newRows);
        return null;
      }, batchTimestampMicros);
      for (int index = 0; index < newRows.batches.size(); index++) {
        int count = newRows.rowCounts.get(index);
        metrics.updated += count;
        List<FieldVector> keys = new ArrayList<>(keyFields.size());
        for (FieldVector column : newRows.batches.get(index).subList(0, keyFields.size())) {
          TransferPair share = column.getTransferPair(allocator);
          share.splitAndTransfer(0, count);
          keys.add((FieldVector) share.getTo());
        }
        store.upsert(keys, count);
      }
      newRows.moveTo(emitted);
    } finally {
      newRows.close();
    }
    if (evictsKeys) {
      store.evict(evictMicros, false);
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
    return rows;
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
    return input;
  }

  @Override
  public void close() {
    store.close();
    emitted.close();
    allocator.close();
  }
}
