package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.CompiledPredicate;
import dev.spate.cpu.expr.ExpressionEvaluator;
import dev.spate.cpu.expr.RowSet;
import dev.spate.planner.batch.BatchStream;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.spi.ExecContext;
import java.util.List;

/**
 * Runs a {@link FilterExec}: selects the rows whose condition is TRUE, without copying. The
 * condition produces the selection directly (see {@link ExpressionEvaluator#compilePredicate}).
 */
public final class FilterStream extends OperatorStream {
  private final CompiledPredicate condition;
  private final ExecContext context;

  public FilterStream(FilterExec node, BatchStream input, ExecContext context) {
    super(node.schema(), List.of(input));
    this.condition = ExpressionEvaluator.compilePredicate(node.condition());
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
    RowSet selected;
    try {
      selected = live == 0 ? null : condition.select(batch, context);
    } catch (RuntimeException e) {
      batch.close();
      throw e;
    }
    if (selected == null || selected.count() == 0) {
      batch.close();
      return null;
    }
    if (selected.count() == live) {
      return batch;
    }
    return batch.withSelection(selected.positions(), selected.count());
  }
}
