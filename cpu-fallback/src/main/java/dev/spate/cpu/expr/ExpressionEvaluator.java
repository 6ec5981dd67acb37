package dev.spate.cpu.expr;

import dev.spate.planner.expr.Expression;

/** Prepares resolved expressions for vectorized evaluation; the interpreted reference semantics. */
public final class ExpressionEvaluator {
  private ExpressionEvaluator() {}

  /**
   * Prepares {@code expression} (resolved; see {@link dev.spate.planner.expr.Expression}) for
   * evaluation. Throws a {@code SpateException} of class PLAN for a function it does not know.
   */
  public static CompiledExpression compile(Expression expression) {
    throw new UnsupportedOperationException("not yet implemented: " + expression);
  }
}
