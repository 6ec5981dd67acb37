package dev.spate.cpu.expr;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;

/**
 * A resolved BOOLEAN expression prepared as a filter condition. Thread safe and reusable across
 * batches (it holds no per-batch state).
 */
public interface CompiledPredicate {
  /**
   * The live rows of {@code batch} where the condition is TRUE (neither FALSE nor NULL), in
   * increasing order, over vectors of length {@code batch.rowCount()}. When every live row passes
   * the result holds {@code batch.selectedCount()} rows (and may share the batch's selection);
   * otherwise its positions array is new and owned by the caller. Errors are raised as by {@link
   * CompiledExpression#evaluate}.
   */
  RowSet select(ColumnarBatch batch, ExecContext context);
}
