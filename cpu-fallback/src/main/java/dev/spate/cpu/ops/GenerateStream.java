package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.VectorGather;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.GenerateExec;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Runs a {@link GenerateExec} ({@code explode} / {@code explode_outer} of an array or a map, or
 * the time windows of {@link TimeWindowAssigner}): one
 * output row per element, repeating the child's columns. A NULL or empty collection produces no
 * row, or with {@code outer} one row whose generated columns are NULL. Output batches hold at most
 * {@code context.batchRows()} rows; one input batch may produce several.
 */
public final class GenerateStream extends OperatorStream {
  private final BoundExpression generator;
  private final TimeWindowAssigner timeWindows;
  private final boolean outer;
  private final ExecContext context;
  private final List<Field> fields;
  private final int childColumns;

  private ColumnarBatch batch;
  private FieldVector collection;
  private int liveIndex;
  private int elementCursor = -1;

  public GenerateStream(GenerateExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.timeWindows = TimeWindowAssigner.of(node.generator());
    this.generator = timeWindows == null ? BoundExpression.bind(node.generator()) : null;
    this.outer = node.outer();
    this.context = requireNonNull(context, "context is null");
    this.fields = node.schema().getFields();
    this.childColumns = node.child().schema().getFields().size();
  }

  @Override
  protected ColumnarBatch computeNext() {
    while (true) {
      if (batch == null) {
        ColumnarBatch next = input(0).next();
        if (next == null) {
          return null;
        }
        batch = next;
        liveIndex = 0;
        elementCursor = -1;
        collection = timeWindows != null ? timeWindows.evaluate(batch, context)
            : generator.evaluate(batch, context);
      }
      ColumnarBatch output = explodeChunk();
      if (liveIndex >= batch.selectedCount()) {
        releaseBatch();
      }
      if (output != null) {
        return output;
      }
    }
  }

  /** Explodes the current batch's rows from where the last chunk stopped, up to one batch. */
  private ColumnarBatch explodeChunk() {
    ListVector list = (ListVector) collection;
    int capacity = Math.max(1, context.batchRows());
    int[] rows = new int[capacity];
    int[] elements = new int[capacity];
    int count = 0;
    while (count < capacity && liveIndex < batch.selectedCount()) {
      int row = batch.position(liveIndex);
      boolean empty = list.isNull(row)
          || list.getElementEndIndex(row) == list.getElementStartIndex(row);
      if (empty) {
        if (outer) {
          rows[count] = row;
          elements[count] = -1;
          count++;
        }
        liveIndex++;
        continue;
      }
      if (elementCursor < 0) {
        elementCursor = list.getElementStartIndex(row);
      }
      rows[count] = row;
      elements[count] = elementCursor;
      count++;
      elementCursor++;
      if (elementCursor >= list.getElementEndIndex(row)) {
        elementCursor = -1;
        liveIndex++;
      }
    }
    return count == 0 ? null : gather(list, rows, elements, count);
  }

  private ColumnarBatch gather(ListVector list, int[] rows, int[] elements, int count) {
    List<FieldVector> columns = new ArrayList<>(fields.size());
    try {
      for (int column = 0; column < childColumns; column++) {
        columns.add(VectorGather.gather(batch.column(column), rows, count, fields.get(column),
            context.allocator()));
      }
      List<FieldVector> generated = list instanceof MapVector
          ? ((StructVector) list.getDataVector()).getChildrenFromFields()
          : List.of(list.getDataVector());
      for (int index = 0; index < generated.size(); index++) {
        columns.add(VectorGather.gather(generated.get(index), elements, count,
            fields.get(childColumns + index), context.allocator()));
      }
      return ColumnarBatch.of(schema(), columns, count);
    } catch (RuntimeException e) {
      columns.forEach(FieldVector::close);
      throw e;
    }
  }

  private void releaseBatch() {
    if (collection != null && (timeWindows != null || !generator.isColumn())) {
      collection.close();
    }
    collection = null;
    if (batch != null) {
      batch.close();
      batch = null;
    }
  }

  @Override
  protected void releaseState() {
    releaseBatch();
  }
}
