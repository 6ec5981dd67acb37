package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.ColumnRef;
import org.apache.arrow.vector.types.pojo.Field;

/** A column of the input batch, borrowed (not copied). */
final class ColumnNode implements EvalNode {
  private final ColumnRef column;

  ColumnNode(ColumnRef column) {
    this.column = requireNonNull(column, "column is null");
  }

  @Override
  public Field type() {
    return column.dataType();
  }

  @Override
  public Operand evaluate(EvalContext context, RowSet rows) {
    return Operand.borrowed(context.batch().column(column.ordinal()));
  }
}
