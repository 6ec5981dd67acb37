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

  /**
   * For a BOOLEAN node used as a filter condition: the rows of {@code rows} where it is TRUE
   * (neither FALSE nor NULL). Errors are raised for exactly the rows {@link #evaluate} raises them
   * for. The result may be {@code rows} itself; its positions array is otherwise a new one.
   */
  default RowSet select(EvalContext context, RowSet rows) {
    if (rows.count() == 0) {
      return rows;
    }
    try (Operand value = evaluate(context, rows)) {
      return Selections.trueRows(value, rows);
    }
  }
}
