package dev.spate.cpu.expr;

import dev.spate.SpateException;
import dev.spate.cpu.expr.cast.CastNode;
import dev.spate.planner.batch.ColumnarBatch;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.spi.ExecContext;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.util.TransferPair;

/** Prepares resolved expressions for vectorized evaluation; the interpreted reference semantics. */
public final class ExpressionEvaluator {
  private ExpressionEvaluator() {}

  /**
   * Prepares {@code expression} (resolved; see {@link dev.spate.planner.expr.Expression}) for
   * evaluation. Throws a {@code SpateException} of class PLAN for a function it does not know.
   */
  public static CompiledExpression compile(Expression expression) {
    EvalNode root = compileNode(expression);
    return (batch, context) -> evaluateRoot(root, batch, context);
  }

  /**
   * Prepares the BOOLEAN {@code condition} (resolved) as a filter condition, which selects rows
   * without building a BOOLEAN vector where its nodes can. Errors as for {@link #compile}.
   */
  public static CompiledPredicate compilePredicate(Expression condition) {
    EvalNode root = compileNode(condition);
    return (batch, context) -> root.select(new EvalContext(batch, context), RowSet.of(batch));
  }

  /** The node tree of a resolved expression. */
  public static EvalNode compileNode(Expression expression) {
    if (expression instanceof ColumnRef) {
      return new ColumnNode((ColumnRef) expression);
    }
    if (expression instanceof Literal) {
      return new LiteralNode((Literal) expression);
    }
    if (expression instanceof Alias) {
      return compileNode(((Alias) expression).child());
    }
    if (expression instanceof Cast) {
      Cast cast = (Cast) expression;
      return CastNode.create(compileNode(cast.child()), cast.dataType(), cast.tryCast());
    }
    if (expression instanceof Call) {
      Call call = (Call) expression;
      List<EvalNode> arguments = new ArrayList<>(call.arguments().size());
      for (Expression argument : call.arguments()) {
        arguments.add(compileNode(argument));
      }
      return FunctionRegistry.create(call, arguments);
    }
    throw SpateException.plan("the CPU backend cannot evaluate %s (%s)", expression.sql(),
        expression.getClass().getSimpleName());
  }

  private static FieldVector evaluateRoot(EvalNode root, ColumnarBatch batch, ExecContext exec) {
    EvalContext context = new EvalContext(batch, exec);
    Operand result = root.evaluate(context, RowSet.of(batch));
    if (result.owned()) {
      return result.vector();
    }
    FieldVector borrowed = result.vector();
    if (batch.rowCount() == 0) {
      return Vectors.allNull(borrowed.getField(), context, 0);
    }
    TransferPair pair = borrowed.getTransferPair(exec.allocator());
    pair.splitAndTransfer(0, batch.rowCount());
    return (FieldVector) pair.getTo();
  }
}
