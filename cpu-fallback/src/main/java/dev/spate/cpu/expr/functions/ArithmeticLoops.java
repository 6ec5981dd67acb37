package dev.spate.cpu.expr.functions;

import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.functions.Arithmetic.Operator;

/** The array loops of the chunked {@code + - *} kernels, one branch-free loop per operator. */
final class ArithmeticLoops {
  /** Added to a long, moves the int range to {@code 0..2^32-1}. */
  private static final long INT_OFFSET = 1L << 31;
  private ArithmeticLoops() {}

  /**
   * {@code result[i] = a[i] op b[i]} for {@code i < size} in wrapping long arithmetic; true when
   * some entry overflowed 64 bits.
   */
  static boolean longs(Operator operator, long[] a, long[] b, long[] result, int size) {
    long overflow = 0;
    switch (operator) {
      case ADD:
        for (int index = 0; index < size; index++) {
          long x = a[index];
          long y = b[index];
          long sum = x + y;
          result[index] = sum;
          overflow |= (x ^ sum) & (y ^ sum);
        }
        return overflow < 0;
      case SUBTRACT:
        for (int index = 0; index < size; index++) {
          long x = a[index];
          long y = b[index];
          long difference = x - y;
          result[index] = difference;
          overflow |= (x ^ y) & (x ^ difference);
        }
        return overflow < 0;
      case MULTIPLY:
        // factors within the int range cannot overflow; only otherwise check the high halves
        long outsideInt = 0;
        for (int index = 0; index < size; index++) {
          long x = a[index];
          long y = b[index];
          result[index] = x * y;
          outsideInt |= (x + INT_OFFSET) | (y + INT_OFFSET);
        }
        if (outsideInt >>> 32 == 0) {
          return false;
        }
        for (int index = 0; index < size; index++) {
          overflow |= Math.multiplyHigh(a[index], b[index]) ^ (result[index] >> 63);
        }
        return overflow != 0;
      default:
        throw new IllegalArgumentException("not a chunked operator: " + operator);
    }
  }

  /** {@code result[i] = a[i] op b[i]} for {@code i < size} in double arithmetic. */
  static void doubles(Operator operator, double[] a, double[] b, double[] result, int size) {
    switch (operator) {
      case ADD:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] + b[index];
        }
        return;
      case SUBTRACT:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] - b[index];
        }
        return;
      case MULTIPLY:
        for (int index = 0; index < size; index++) {
          result[index] = a[index] * b[index];
        }
        return;
      default:
        throw new IllegalArgumentException("not a chunked operator: " + operator);
    }
  }

  /** True when every one of the first {@code size} values fits the narrow integral {@code kind}. */
  static boolean fit(long[] values, int size, TypeKind kind) {
    int shift = 64 - bits(kind);
    long misfit = 0;
    for (int index = 0; index < size; index++) {
      long value = values[index];
      misfit |= value ^ (value << shift >> shift);
    }
    return misfit == 0;
  }

  /** Wraps the first {@code size} values to the narrow integral {@code kind}, as a store does. */
  static void narrow(long[] values, int size, TypeKind kind) {
    int shift = 64 - bits(kind);
    for (int index = 0; index < size; index++) {
      values[index] = values[index] << shift >> shift;
    }
  }

  private static int bits(TypeKind kind) {
    return kind == TypeKind.INT8 ? 8 : kind == TypeKind.INT16 ? 16 : 32;
  }
}
