package dev.spate.cpu.expr;

import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.spi.ExecContext;
import org.apache.arrow.vector.FieldVector;

/**
 * A resolved expression prepared for vectorized evaluation on the CPU. Thread safe and reusable
 * across batches (it holds no per-batch state).
 */
public interface CompiledExpression {
  /**
   * Evaluates over {@code batch}. Returns a new vector owned by the caller, allocated from {@code
   * context.allocator()}, with value count {@code batch.rowCount()} and the expression's type; its
   * values are defined at the batch's live rows (its selection) and undefined elsewhere. Errors
   * (ANSI overflow, division by zero, invalid casts) are raised only for live rows, and never for
   * rows a lazy construct (CASE, COALESCE, AND, OR) does not evaluate.
   */
  FieldVector evaluate(ColumnarBatch batch, ExecContext context);
}
