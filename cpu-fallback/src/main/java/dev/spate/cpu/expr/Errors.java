package dev.spate.cpu.expr;

import dev.spate.SpateException;

/** Spark's ANSI-mode error messages, with Spate's configuration key. */
public final class Errors {
  private static final String BYPASS =
      "If necessary set spate.sql.ansi.enabled to \"false\" to bypass this error.";

  private Errors() {}

  /** Integral overflow of {@code add}, {@code multiply}, ... ({@code tryFunction}: try_add, ...). */
  public static SpateException arithmeticOverflow(TypeKind type, String tryFunction) {
    String what;
    switch (type) {
      case INT8:
        what = "tinyint";
        break;
      case INT16:
        what = "smallint";
        break;
      case INT32:
        what = "integer";
        break;
      default:
        what = "long";
        break;
    }
    String hint = tryFunction == null ? ""
        : " Use '" + tryFunction + "' to tolerate overflow and return NULL instead.";
    return SpateException.execution("[ARITHMETIC_OVERFLOW] %s overflow.%s %s", what, hint, BYPASS);
  }

  /** An integral {@code sum} aggregate (named {@code description}) that overflowed BIGINT. */
  public static SpateException sumOverflow(String description) {
    return SpateException.execution("[ARITHMETIC_OVERFLOW] long overflow in %s. Use 'try_sum' to"
        + " tolerate overflow and return NULL instead. %s", description, BYPASS);
  }

  public static SpateException divideByZero() {
    return SpateException.execution("[DIVIDE_BY_ZERO] Division by zero. Use `try_divide` to tolerate"
        + " divisor being 0 and return NULL instead. %s", BYPASS);
  }

  /** A value that does not fit the target type of a cast. {@code value} is printed as Spark does. */
  public static SpateException castOverflow(String value, String fromType, String toType) {
    return SpateException.execution("[CAST_OVERFLOW] The value %s of the type \"%s\" cannot be cast"
        + " to \"%s\" due to an overflow. Use `try_cast` to tolerate overflow and return NULL"
        + " instead. %s", value, fromType, toType, BYPASS);
  }

  /** A string that is not a valid value of the target type of a cast. */
  public static SpateException castInvalidInput(String value, String fromType, String toType) {
    return SpateException.execution("[CAST_INVALID_INPUT] The value '%s' of the type \"%s\" cannot"
        + " be cast to \"%s\" because it is malformed. Correct the value as per the syntax, or change"
        + " its target type. Use `try_cast` to tolerate malformed input and return NULL instead. %s",
        value, fromType, toType, BYPASS);
  }

  /** A decimal value whose precision exceeds its type's. */
  public static SpateException numericOutOfRange(String value, int precision, int scale) {
    return SpateException.execution("[NUMERIC_VALUE_OUT_OF_RANGE] %s cannot be represented as"
        + " Decimal(%d, %d). %s", value, precision, scale, BYPASS);
  }

  public static SpateException invalidArrayIndex(long index, int size) {
    return SpateException.execution("[INVALID_ARRAY_INDEX] The index %d is out of bounds. The array"
        + " has %d elements. Use the SQL function `get()` to tolerate accessing element at invalid"
        + " index and return NULL instead. %s", index, size, BYPASS);
  }

  /** A map lookup of a key that is not in the map (ANSI mode). */
  public static SpateException mapKeyNotFound(String key) {
    return SpateException.execution("[MAP_KEY_DOES_NOT_EXIST] Key %s does not exist. Use `try_element_at`"
        + " to tolerate non-existent key and return NULL instead. %s", key, BYPASS);
  }
}
