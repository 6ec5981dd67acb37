package dev.spate.sqllogictest;

import dev.spate.Row;
import dev.spate.engine.ValueFormatter;
import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * Renders Spate's result values as {@code .slt} text and compares them with expected text.
 *
 * <p>Rendering: NULL as {@code NULL}, the empty string as {@code (empty)}, booleans
 * {@code true}/{@code false}, integers in decimal, DOUBLE/FLOAT with Java's {@code toString}
 * ({@code NaN}, {@code Infinity}, {@code -Infinity}), DECIMAL as plain text, DATE
 * {@code yyyy-MM-dd}, TIMESTAMP {@code yyyy-MM-dd HH:mm:ss[.ffffff]} in UTC with trailing zeros of
 * the fraction removed, BINARY as {@code [CA FE]}, ARRAY {@code [1, 2]}, STRUCT {@code {1, a}},
 * MAP {@code {a -> 1, b -> 2}}: Spark's {@code show()} text ({@link ValueFormatter}), except that a
 * top-level empty string is {@code (empty)}.
 */
final class SltValues {
  private static final double RELATIVE_TOLERANCE = 1e-9;

  private SltValues() {}

  static String render(Object value) {
    if (value instanceof String && ((String) value).isEmpty()) {
      return "(empty)";
    }
    return ValueFormatter.format(value);
  }

  /** Null when {@code value} fits the type letter, else a description of the mismatch. */
  static String typeMismatch(char letter, Object value) {
    if (value == null) {
      return null;
    }
    boolean fits;
    switch (letter) {
      case 'I':
        fits = value instanceof Byte || value instanceof Short || value instanceof Integer
            || value instanceof Long;
        break;
      case 'R':
        fits = value instanceof Float || value instanceof Double || value instanceof BigDecimal;
        break;
      case 'B':
        fits = value instanceof Boolean;
        break;
      case 'D':
        fits = value instanceof LocalDate || value instanceof Instant;
        break;
      default:
        fits = value instanceof String || value instanceof byte[] || value instanceof List
            || value instanceof Row || value instanceof Map;
        break;
    }
    return fits ? null : "type letter " + letter + " does not fit a "
        + value.getClass().getSimpleName() + " value (" + render(value) + ")";
  }

  /**
   * True when rendered {@code actual} matches {@code expected} for the column's type letter. R
   * values match numerically: DECIMAL results ({@code exactDecimal}) exactly, whatever the scale;
   * floating-point results within a relative tolerance of 1e-9, with the sign of zero significant.
   */
  static boolean matches(char letter, String expected, String actual, boolean exactDecimal) {
    if (expected.equals(actual)) {
      return true;
    }
    if (letter != 'R' || expected.equals("NULL") || actual.equals("NULL")) {
      return false;
    }
    try {
      if (exactDecimal) {
        return new BigDecimal(expected).compareTo(new BigDecimal(actual)) == 0;
      }
      double expectedNumber = Double.parseDouble(expected);
      double actualNumber = Double.parseDouble(actual);
      if (Double.isNaN(expectedNumber) || Double.isInfinite(expectedNumber)
          || Double.isNaN(actualNumber) || Double.isInfinite(actualNumber)) {
        return false;
      }
      if (expectedNumber == 0.0 && actualNumber == 0.0) {
        return signOf(expected) == signOf(actual);
      }
      double difference = Math.abs(expectedNumber - actualNumber);
      return difference <= RELATIVE_TOLERANCE * Math.max(Math.abs(expectedNumber),
          Math.abs(actualNumber));
    } catch (NumberFormatException e) {
      return false;
    }
  }

  private static boolean signOf(String zero) {
    return zero.trim().startsWith("-");
  }

  /**
   * A sort key for a rendered value: R values are rounded to 10 significant digits so that values
   * equal within the tolerance sort alike on both sides.
   */
  static String sortKey(char letter, String rendered) {
    if (letter != 'R') {
      return rendered;
    }
    try {
      BigDecimal number = new BigDecimal(rendered).round(new MathContext(10));
      if (number.compareTo(BigDecimal.ZERO) == 0) {
        return rendered.startsWith("-") ? "-0" : "0";
      }
      return number.stripTrailingZeros().toPlainString();
    } catch (NumberFormatException e) {
      return rendered;
    }
  }
}
