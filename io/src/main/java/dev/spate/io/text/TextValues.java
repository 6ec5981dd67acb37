package dev.spate.io.text;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import dev.spate.planner.batch.VectorValues;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Converts the text of one field to a leaf value of an Arrow type, in the internal representation of
 * {@code DataTypes}. Failures throw {@link IllegalArgumentException} (including {@link
 * NumberFormatException}), {@link ArithmeticException} or {@link java.time.DateTimeException}.
 */
public final class TextValues {
  private TextValues() {}

  public static Object parse(String text, ArrowType type, TemporalValues temporal) {
    if (type instanceof ArrowType.Utf8) {
      return text;
    }
    String trimmed = text.trim();
    if (type instanceof ArrowType.Int) {
      long value = Long.parseLong(trimmed);
      switch (((ArrowType.Int) type).getBitWidth()) {
        case 8:
          return (byte) checkRange(value, Byte.MIN_VALUE, Byte.MAX_VALUE, trimmed);
        case 16:
          return (short) checkRange(value, Short.MIN_VALUE, Short.MAX_VALUE, trimmed);
        case 32:
          return (int) checkRange(value, Integer.MIN_VALUE, Integer.MAX_VALUE, trimmed);
        default:
          return value;
      }
    }
    if (type instanceof ArrowType.FloatingPoint) {
      double value = parseDouble(trimmed);
      return ((ArrowType.FloatingPoint) type).getPrecision()
          == org.apache.arrow.vector.types.FloatingPointPrecision.SINGLE ? (Object) (float) value
          : (Object) value;
    }
    if (type instanceof ArrowType.Bool) {
      String lower = trimmed.toLowerCase(Locale.ROOT);
      if (lower.equals("true")) {
        return true;
      }
      if (lower.equals("false")) {
        return false;
      }
      throw new IllegalArgumentException("not a boolean: " + trimmed);
    }
    if (type instanceof ArrowType.Decimal) {
      return toDecimal(new BigDecimal(trimmed), (ArrowType.Decimal) type);
    }
    if (type instanceof ArrowType.Timestamp) {
      return temporal.parseTimestampMicros(trimmed);
    }
    if (type instanceof ArrowType.Date) {
      return temporal.parseDateDays(trimmed);
    }
    if (type instanceof ArrowType.Binary) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    throw new IllegalArgumentException("cannot read a value of type " + type + " from text");
  }

  /** Rounds {@code value} half-up to the type's scale; a value over its precision is an error. */
  public static BigDecimal toDecimal(BigDecimal value, ArrowType.Decimal type) {
    BigDecimal scaled = value.setScale(type.getScale(), RoundingMode.HALF_UP);
    if (scaled.precision() > type.getPrecision()) {
      throw new ArithmeticException(value + " does not fit decimal(" + type.getPrecision() + ","
          + type.getScale() + ")");
    }
    return scaled;
  }

  /** Java's double syntax plus Spark's {@code Inf}, {@code +Inf}, {@code -Inf}. */
  public static double parseDouble(String text) {
    switch (text) {
      case "Inf":
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      default:
        if (text.endsWith("d") || text.endsWith("D") || text.endsWith("f") || text.endsWith("F")) {
          throw new NumberFormatException("not a number: " + text);
        }
        return Double.parseDouble(text);
    }
  }

  /**
   * The text form of the leaf value at {@code index} (not null) as Spark's text writers print it:
   * numbers by Java's {@code toString}, decimals in plain notation, DATE and TIMESTAMP through
   * {@code temporal}, BINARY as UTF-8 text.
   */
  public static String format(FieldVector vector, int index, TemporalValues temporal) {
    ArrowType type = vector.getField().getType();
    if (type instanceof ArrowType.Utf8) {
      return new String(((VarCharVector) vector).get(index), StandardCharsets.UTF_8);
    }
    if (type instanceof ArrowType.Timestamp) {
      return temporal.formatTimestamp(((TimeStampVector) vector).get(index));
    }
    if (type instanceof ArrowType.Date) {
      return temporal.formatDate(((DateDayVector) vector).get(index));
    }
    if (type instanceof ArrowType.Decimal) {
      return ((DecimalVector) vector).getObject(index).toPlainString();
    }
    if (type instanceof ArrowType.Binary) {
      return new String(((VarBinaryVector) vector).get(index), StandardCharsets.UTF_8);
    }
    if (type instanceof ArrowType.List || type instanceof ArrowType.Struct
        || type instanceof ArrowType.Map) {
      throw new IllegalArgumentException("nested value of type " + type + " has no text form");
    }
    return String.valueOf(VectorValues.get(vector, index));
  }

  private static long checkRange(long value, long min, long max, String text) {
    if (value < min || value > max) {
      throw new NumberFormatException("out of range: " + text);
    }
    return value;
  }
}
