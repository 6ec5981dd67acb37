package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.spi.ExecContext;
import java.util.List;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;

/** Runs a {@link FilterExec}: selects the rows whose condition is TRUE, without copying. */
public final class FilterStream extends OperatorStream {
  private final BoundExpression condition;
  private final ExecContext context;

  public FilterStream(FilterExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.condition = BoundExpression.bind(node.condition());
    this.context = requireNonNull(context, "context is null");
  }

  @Override
  protected ColumnarBatch computeNext() {
    while (true) {
      ColumnarBatch batch = input(0).next();
      if (batch == null) {
        return null;
      }
      ColumnarBatch filtered = filter(batch);
      if (filtered != null) {
        return filtered;
      }
    }
  }

  private ColumnarBatch filter(ColumnarBatch batch) {
    int live = batch.selectedCount();
    int[] selection = new int[live];
    int selected = 0;
    try {
      if (live > 0) {
        FieldVector result = condition.evaluate(batch, context);
        try {
          BitVector bits = (BitVector) result;
          for (int index = 0; index < live; index++) {
            int row = batch.position(index);
            if (!bits.isNull(row) && bits.get(row) != 0) {
              selection[selected++] = row;
            }
          }
        } finally {
          if (!condition.isColumn()) {
            result.close();
          }
        }
      }
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
    if (selected == 0) {
      batch.close();
      return null;
    }
    if (selected == live) {
      return batch;
    }
    return batch.withSelection(selection, selected);
  }
}
