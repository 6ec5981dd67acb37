package dev.spate.cpu.expr.functions;

import dev.spate.cpu.expr.functions.Comparisons.Operator;

/**
 * The array loops of the chunked comparison kernels, one branch-free loop per operator. Doubles
 * follow Spark's order (see {@link Comparisons#compareDoubles}): -0.0 equals 0.0, NaN equals NaN
 * and is greater than every other value.
 */
final class ComparisonLoops {
  private ComparisonLoops() {}

  /** {@code result[i] = a[i] op b[i]} for {@code i < size}; not for EQUAL_NULL_SAFE. */
  static void longs(Operator operator, long[] a, long[] b, boolean[] result, int size) {
    switch (operator) {
      case EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] == b[index];
        }
        return;
      case NOT_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] != b[index];
        }
        return;
      case LESS_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] < b[index];
        }
        return;
      case LESS_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] <= b[index];
        }
        return;
      case GREATER_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] > b[index];
        }
        return;
      case GREATER_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] >= b[index];
        }
        return;
      default:
        throw new IllegalArgumentException("not a chunked operator: " + operator);
    }
  }

  /** {@code result[i] = a[i] op b[i]} for {@code i < size} in Spark's order of doubles. */
  static void doubles(Operator operator, double[] a, double[] b, boolean[] result, int size) {
    switch (operator) {
      case EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = equal(a[index], b[index]);
        }
        return;
      case NOT_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = !equal(a[index], b[index]);
        }
        return;
      case LESS_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = greater(b[index], a[index]);
        }
        return;
      case LESS_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = greaterOrEqual(b[index], a[index]);
        }
        return;
      case GREATER_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = greater(a[index], b[index]);
        }
        return;
      case GREATER_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = greaterOrEqual(a[index], b[index]);
        }
        return;
      default:
        throw new IllegalArgumentException("not a chunked operator: " + operator);
    }
  }

  private static boolean equal(double x, double y) {
    return x == y | (x != x & y != y);
  }

  private static boolean greater(double x, double y) {
    return x > y | (x != x & y == y);
  }

  private static boolean greaterOrEqual(double x, double y) {
    return x >= y | x != x;
  }

  /**
   * {@link #doubles} where no {@code b[i]} is NaN: plain IEEE comparisons then give Spark's order,
   * a NaN {@code a[i]} being above every number (GREATER and NOT_EQUAL are negated comparisons).
   */
  static void doublesAgainstNumbers(Operator operator, double[] a, double[] b, boolean[] result,
      int size) {
    switch (operator) {
      case EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] == b[index];
        }
        return;
      case NOT_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] != b[index];
        }
        return;
      case LESS_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] < b[index];
        }
        return;
      case LESS_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] <= b[index];
        }
        return;
      case GREATER_THAN:
        for (int index = 0; index < size; index++) {
          result[index] = !(a[index] <= b[index]);
        }
        return;
      case GREATER_THAN_OR_EQUAL:
        for (int index = 0; index < size; index++) {
          result[index] = !(a[index] < b[index]);
        }
        return;
      default:
        throw new IllegalArgumentException("not a chunked operator: " + operator);
    }
  }
}
