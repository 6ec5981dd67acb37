package dev.spate.cpu.ops;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.expr.CompiledExpression;
import dev.spate.cpu.expr.ExpressionEvaluator;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An operator's expression ready to run: a column reference (also under an alias) passes the input
 * vector through without evaluation; anything else is compiled once by the {@link
 * ExpressionEvaluator}. Immutable and reusable across batches.
 */
public final class BoundExpression {
  private final Expression expression;
  private final int ordinal;
  private final CompiledExpression compiled;

  private BoundExpression(Expression expression, int ordinal, CompiledExpression compiled) {
    this.expression = requireNonNull(expression, "expression is null");
    this.ordinal = ordinal;
    this.compiled = compiled;
  }

  public static BoundExpression bind(Expression expression) {
    Expression unaliased = expression;
    while (unaliased instanceof Alias) {
      unaliased = ((Alias) unaliased).child();
    }
    if (unaliased instanceof ColumnRef) {
      return new BoundExpression(unaliased, ((ColumnRef) unaliased).ordinal(), null);
    }
    return new BoundExpression(unaliased, -1,
        requireNonNull(ExpressionEvaluator.compile(unaliased), "compiled expression is null"));
  }

  public static List<BoundExpression> bindAll(List<? extends Expression> expressions) {
    List<BoundExpression> bound = new ArrayList<>(expressions.size());
    for (Expression expression : expressions) {
      bound.add(bind(expression));
    }
    return bound;
  }

  /** True when this is a plain column reference, evaluated by passing the input column through. */
  public boolean isColumn() {
    return compiled == null;
  }

  /** The referenced input column; only for {@link #isColumn()}. */
  public int ordinal() {
    return ordinal;
  }

  public Field type() {
    return expression.dataType();
  }

  /**
   * The value over {@code batch}: for a column reference the batch's own vector (owned by the
   * batch), otherwise a new vector owned by the caller. Values are defined at live rows.
   */
  public FieldVector evaluate(ColumnarBatch batch, ExecContext context) {
    return isColumn() ? batch.column(ordinal) : compiled.evaluate(batch, context);
  }
}
