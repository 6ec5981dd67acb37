package dev.spate.cpu.expr.cast;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.Operand;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.types.DataTypes;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code CAST(child AS type)} and {@code TRY_CAST}. Invalid values raise an error in ANSI mode
 * (unless it is a TRY_CAST) and otherwise give NULL, except that a narrowing integral cast outside
 * ANSI mode wraps, as Spark's does.
 */
public final class CastNode implements EvalNode {
  private final EvalNode child;
  private final Field type;
  private final boolean tryCast;

  private CastNode(EvalNode child, Field type, boolean tryCast) {
    this.child = requireNonNull(child, "child is null");
    this.type = requireNonNull(type, "type is null");
    this.tryCast = tryCast;
  }

  /** The node of a cast; the child itself when the cast changes nothing. */
  public static EvalNode create(EvalNode child, Field type, boolean tryCast) {
    if (DataTypes.sameType(child.type(), type)) {
      return child;
    }
    CastPlan.check(child.type(), type);
    return new CastNode(child, type, tryCast);
  }

  @Override
  public Field type() {
    return type;
  }

  @Override
  public Operand evaluate(EvalContext context, RowSet rows) {
    try (Operand input = child.evaluate(context, rows)) {
      return Operand.owned(convert(input.vector(), child.type(), type, rows,
          new CastMode(context.ansi() && !tryCast, tryCast), context));
    }
  }

  /** Converts {@code input} (of type {@code from}) at {@code rows} to a new vector of {@code to}. */
  static FieldVector convert(FieldVector input, Field from, Field to, RowSet rows, CastMode mode,
      EvalContext context) {
    TypeKind source = TypeKind.of(from);
    TypeKind target = TypeKind.of(to);
    if (source == TypeKind.NULL) {
      return Vectors.allNull(to, context, rows.length());
    }
    if (target == TypeKind.STRING) {
      return ToStringCasts.convert(input, from, to, rows, context);
    }
    if (source == TypeKind.STRING) {
      return FromStringCasts.convert(input, to, rows, mode, context);
    }
    if (source == TypeKind.LIST || source == TypeKind.STRUCT || source == TypeKind.MAP) {
      return NestedCasts.convert(input, from, to, rows, mode, context);
    }
    return NumericCasts.convert(input, source, to, rows, mode, context);
  }
}
