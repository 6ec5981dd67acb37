package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Literal;
import org.apache.arrow.vector.types.pojo.Field;

/** A constant: evaluates to a scalar operand, materialised only by kernels that need a vector. */
public final class LiteralNode implements EvalNode {
  private final Literal literal;

  public LiteralNode(Literal literal) {
    this.literal = requireNonNull(literal, "literal is null");
  }

  public Literal literal() {
    return literal;
  }

  /** The constant (internal representation), or null. */
  public Object value() {
    return literal.value();
  }

  @Override
  public Field type() {
    return literal.dataType();
  }

  @Override
  public Operand evaluate(EvalContext context, RowSet rows) {
    return Operand.scalar(type(), literal.value(), context, rows);
  }
}
