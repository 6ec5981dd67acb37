package dev.spate.cpu.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.expr.Literal;
import java.util.Arrays;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/** A constant, materialised at the evaluated rows. */
public final class LiteralNode implements EvalNode {
  private final Literal literal;
  private final TypeKind kind;

  public LiteralNode(Literal literal) {
    this.literal = requireNonNull(literal, "literal is null");
    this.kind = TypeKind.of(literal.dataType());
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
    Object value = literal.value();
    if (value == null) {
      return Operand.owned(Vectors.allNull(type(), context, rows.length()));
    }
    boolean[] nulls = new boolean[rows.length()];
    if (kind.isLongLike() || kind == TypeKind.BOOLEAN) {
      long[] values = new long[rows.length()];
      Arrays.fill(values, value instanceof Boolean ? ((Boolean) value ? 1 : 0)
          : ((Number) value).longValue());
      return Operand.owned(Vectors.fromLongs(type(), values, nulls, rows, context));
    }
    if (kind.isFloating()) {
      double[] values = new double[rows.length()];
      Arrays.fill(values, ((Number) value).doubleValue());
      return Operand.owned(Vectors.fromDoubles(type(), values, nulls, rows, context));
    }
    FieldVector vector = Vectors.allocate(type(), context);
    try {
      for (int index = 0; index < rows.count(); index++) {
        VectorValues.set(vector, rows.position(index), value);
      }
      vector.setValueCount(rows.length());
      return Operand.owned(vector);
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }
}
