package dev.spate.codegen;

import dev.spate.planner.expr.FunctionNames;

/**
 * Spark's order of doubles written from its rule, the oracle of the floating comparison tests:
 * NaN equals NaN and is above every other value, and -0.0 equals 0.0.
 */
final class SparkDoubleOrder {
  private SparkDoubleOrder() {}

  /** Negative, zero or positive as {@code left} is below, equal to or above {@code right}. */
  static int compare(double left, double right) {
    boolean leftNaN = Double.isNaN(left);
    boolean rightNaN = Double.isNaN(right);
    if (leftNaN || rightNaN) {
      return leftNaN == rightNaN ? 0 : leftNaN ? 1 : -1;
    }
    return left < right ? -1 : left > right ? 1 : 0;
  }

  /** Whether {@code comparison} (a comparison's function name, or IN) holds for {@code order}. */
  static boolean holds(String comparison, int order) {
    switch (comparison) {
      case FunctionNames.EQUAL:
      case FunctionNames.EQUAL_NULL_SAFE:
      case FunctionNames.IN:
        return order == 0;
      case FunctionNames.NOT_EQUAL:
        return order != 0;
      case FunctionNames.LESS_THAN:
        return order < 0;
      case FunctionNames.LESS_THAN_OR_EQUAL:
        return order <= 0;
      case FunctionNames.GREATER_THAN:
        return order > 0;
      case FunctionNames.GREATER_THAN_OR_EQUAL:
        return order >= 0;
      default:
        throw new IllegalArgumentException("not a comparison: " + comparison);
    }
  }
}
