package dev.spate.cpu.ops.sort;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.ops.Batches;
import dev.spate.cpu.ops.BoundExpression;
import dev.spate.cpu.ops.EvaluatedColumns;
import dev.spate.cpu.ops.OperatorStream;
import dev.spate.cpu.ops.vector.RowBuffer;
import dev.spate.cpu.ops.vector.RowComparator;
import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.physical.SortExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Runs a {@link SortExec}: buffers the live rows (and the values of computed sort keys) in a {@link
 * RowBuffer}, sorts a primitive index array stably, and gathers the output in batches of at most
 * {@code context.batchRows()} rows. With a limit (top-N) the buffer is cut back to the best {@code
 * limit} rows whenever it grows past a bound, so memory stays proportional to the limit.
 */
public final class SortStream extends OperatorStream {
  private final ExecContext context;
  private final List<SortOrder> order;
  private final long limit;
  private final int columnCount;
  private final List<BoundExpression> computedKeys = new ArrayList<>();
  /** Per sort key: its column in the row buffer. */
  private final int[] keyColumns;
  private final List<Field> bufferFields;
  private RowBuffer buffer;
  private int[] sorted;
  private int sortedCount;
  private int emitted;

  public SortStream(SortExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.context = requireNonNull(context, "context is null");
    this.order = node.order();
    this.limit = node.limit();
    this.columnCount = node.schema().getFields().size();
    this.keyColumns = new int[order.size()];
    this.bufferFields = new ArrayList<>(node.schema().getFields());
    for (int index = 0; index < order.size(); index++) {
      BoundExpression key = BoundExpression.bind(order.get(index).child());
      if (key.isColumn()) {
        keyColumns[index] = key.ordinal();
      } else {
        keyColumns[index] = bufferFields.size();
        bufferFields.add(key.type());
        computedKeys.add(key);
      }
    }
  }

  @Override
  protected ColumnarBatch computeNext() {
    if (sorted == null) {
      consume();
    }
    if (emitted >= sortedCount) {
      return null;
    }
    int count = Math.min(Math.max(1, context.batchRows()), sortedCount - emitted);
    int[] positions = new int[count];
    System.arraycopy(sorted, emitted, positions, 0, count);
    List<FieldVector> columns = new ArrayList<>(columnCount);
    try {
      for (int column = 0; column < columnCount; column++) {
        columns.add(VectorGather.gather(buffer.vector(column), positions, count,
            schema().getFields().get(column), context.allocator()));
      }
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
    emitted += count;
    return ColumnarBatch.of(schema(), columns, count);
  }

  private void consume() {
    buffer = new RowBuffer(bufferFields, context.allocator());
    long bound = limit < 0 ? Long.MAX_VALUE
        : Math.max(2 * limit, limit + Math.max(1, context.batchRows()));
    while (limit != 0) {
      ColumnarBatch batch = input(0).next();
      if (batch == null) {
        break;
      }
      try (batch; EvaluatedColumns computed =
          EvaluatedColumns.evaluate(computedKeys, batch, context)) {
        List<FieldVector> columns = new ArrayList<>(batch.columns());
        columns.addAll(computed.vectors());
        buffer.append(columns, Batches.livePositions(batch), batch.selectedCount());
      }
      if (buffer.rowCount() > bound) {
        int[] best = sortBuffer();
        RowBuffer kept = buffer.select(best, (int) limit);
        buffer.close();
        buffer = kept;
      }
    }
    closeInput(0);
    sorted = sortBuffer();
    sortedCount = limit < 0 ? buffer.rowCount() : (int) Math.min(limit, buffer.rowCount());
  }

  private int[] sortBuffer() {
    int rows = buffer.rowCount();
    int[] indexes = new int[rows];
    for (int index = 0; index < rows; index++) {
      indexes[index] = index;
    }
    List<FieldVector> keys = new ArrayList<>(keyColumns.length);
    for (int column : keyColumns) {
      keys.add(buffer.vector(column));
    }
    RowComparator comparator = SortComparators.of(keys, order);
    IntMergeSort.sort(indexes, rows, comparator);
    return indexes;
  }

  @Override
  protected void releaseState() {
    if (buffer != null) {
      buffer.close();
      buffer = null;
    }
  }
}
