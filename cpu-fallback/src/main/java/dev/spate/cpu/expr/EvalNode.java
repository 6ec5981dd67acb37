package dev.spate.cpu.expr;

import org.apache.arrow.vector.types.pojo.Field;

/**
 * One node of a compiled expression tree. Nodes are immutable and thread safe; all per-batch state
 * lives in the vectors they return.
 */
public interface EvalNode {
  /** The result type (the resolved expression's data type). */
  Field type();

  /**
   * Evaluates this node at {@code rows} of {@code context}'s batch. The result has the batch's
   * physical length; values at other rows are undefined. Errors are raised only for {@code rows}.
   * The caller closes the returned operand.
   */
  Operand evaluate(EvalContext context, RowSet rows);
}
