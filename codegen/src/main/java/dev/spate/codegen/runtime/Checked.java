package dev.spate.codegen.runtime;

import dev.spate.SpateException;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.TypeKind;

/**
 * ANSI-mode arithmetic called by generated code: the same results and the same errors as the
 * interpreted backend ({@link Errors}). Small static methods, inlined by the JIT.
 */
public final class Checked {
  private Checked() {}

  public static long addLong(long a, long b) {
    long result = a + b;
    if (((a ^ result) & (b ^ result)) < 0) {
      throw Errors.arithmeticOverflow(TypeKind.INT64, "try_add");
    }
    return result;
  }

  public static long subtractLong(long a, long b) {
    long result = a - b;
    if (((a ^ b) & (a ^ result)) < 0) {
      throw Errors.arithmeticOverflow(TypeKind.INT64, "try_subtract");
    }
    return result;
  }

  public static long multiplyLong(long a, long b) {
    long result = a * b;
    if (Math.multiplyHigh(a, b) != (result >> 63)) {
      throw Errors.arithmeticOverflow(TypeKind.INT64, "try_multiply");
    }
    return result;
  }

  /** {@code value} (computed exactly in long) narrowed to an INT32 result. */
  public static int toInt(long value, String tryFunction) {
    if (value != (int) value) {
      throw Errors.arithmeticOverflow(TypeKind.INT32, tryFunction);
    }
    return (int) value;
  }

  public static short toShort(long value, String tryFunction) {
    if (value != (short) value) {
      throw Errors.arithmeticOverflow(TypeKind.INT16, tryFunction);
    }
    return (short) value;
  }

  public static byte toByte(long value, String tryFunction) {
    if (value != (byte) value) {
      throw Errors.arithmeticOverflow(TypeKind.INT8, tryFunction);
    }
    return (byte) value;
  }

  /** Unary minus of an integral value of {@code bits} bits (the minimum value overflows). */
  public static long negate(long value, int bits) {
    if (value == Long.MIN_VALUE || value == -(1L << (bits - 1))) {
      throw Errors.arithmeticOverflow(kind(bits), null);
    }
    return -value;
  }

  /** The error of a zero divisor in ANSI mode. */
  public static SpateException divideByZero() {
    return Errors.divideByZero();
  }

  /** {@code Long.MIN_VALUE div -1} in ANSI mode. */
  public static SpateException divideOverflow() {
    return Errors.arithmeticOverflow(TypeKind.INT64, "try_divide");
  }

  /** Adds to an integral {@code sum} aggregate (named {@code description}) in ANSI mode. */
  public static long sum(long sum, long value, String description) {
    long result = sum + value;
    if (((sum ^ result) & (value ^ result)) < 0) {
      throw Errors.sumOverflow(description);
    }
    return result;
  }

  /** The bits of a floating grouping key, with -0.0 as 0.0 and every NaN as one NaN. */
  public static long keyBits(double value) {
    if (value == 0.0d) {
      return 0L;
    }
    return Double.doubleToLongBits(value);
  }

  private static TypeKind kind(int bits) {
    switch (bits) {
      case 8:
        return TypeKind.INT8;
      case 16:
        return TypeKind.INT16;
      case 32:
        return TypeKind.INT32;
      default:
        return TypeKind.INT64;
    }
  }
}
