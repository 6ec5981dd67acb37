package dev.spate.cpu.expr.cast;

import dev.spate.cpu.expr.DateTimes;
import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** Casts among BOOLEAN, the integral, floating and decimal types, DATE and TIMESTAMP. */
final class NumericCasts {
  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  private NumericCasts() {}

  static FieldVector convert(FieldVector input, TypeKind source, Field to, RowSet rows,
      CastMode mode, EvalContext context) {
    TypeKind target = TypeKind.of(to);
    boolean[] nulls = Vectors.nulls(rows, input);
    if (target == TypeKind.DECIMAL) {
      return toDecimal(input, source, to, rows, mode, context);
    }
    if (target.isFloating()) {
      double[] values = toDoubles(input, source, rows, nulls);
      return Vectors.fromDoubles(to, values, nulls, rows, context);
    }
    long[] values;
    if (source == TypeKind.DECIMAL) {
      values = decimalToLongs(input, target, rows, nulls, mode);
    } else if (source.isFloating()) {
      values = doublesToLongs(Vectors.doubles(input, rows), source, target, rows, nulls, mode,
          context);
    } else {
      values = Vectors.longs(input, rows);
      if (source == TypeKind.TIMESTAMP && target != TypeKind.DATE) {
        for (int index = 0; index < rows.count(); index++) {
          int row = rows.position(index);
          values[row] = Math.floorDiv(values[row], DateTimes.MICROS_PER_SECOND);
        }
      }
      convertLongs(values, source, target, rows, nulls, mode, context);
    }
    return Vectors.fromLongs(to, values, nulls, rows, context);
  }

  /** In place: long-held values of {@code source} to {@code target}'s representation. */
  private static void convertLongs(long[] values, TypeKind source, TypeKind target, RowSet rows,
      boolean[] nulls, CastMode mode, EvalContext context) {
    int count = rows.count();
    switch (target) {
      case BOOLEAN:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = values[row] != 0 ? 1 : 0;
        }
        return;
      case DATE:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = DateTimes.toDate(values[row], context.timeZone());
        }
        return;
      case TIMESTAMP:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = source == TypeKind.DATE
              ? DateTimes.startOfDay((int) values[row], context.timeZone())
              : secondsToMicros(values[row]);
        }
        return;
      default:
        long min = minimum(target);
        long max = maximum(target);
        if (min == Long.MIN_VALUE) {
          return;
        }
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          long value = values[row];
          if (!nulls[row] && (value < min || value > max)) {
            if (mode.fail()) {
              throw Errors.castOverflow(sqlValue(source, Long.toString(value)), source.sqlName(),
                  target.sqlName());
            }
            nulls[row] = mode.nullOnOverflow();
          }
        }
    }
  }

  private static long secondsToMicros(long seconds) {
    long micros = seconds * DateTimes.MICROS_PER_SECOND;
    if (Math.multiplyHigh(seconds, DateTimes.MICROS_PER_SECOND) != (micros >> 63)) {
      return seconds < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return micros;
  }

  private static long[] doublesToLongs(double[] doubles, TypeKind source, TypeKind target,
      RowSet rows, boolean[] nulls, CastMode mode, EvalContext context) {
    long[] values = new long[rows.length()];
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      double value = doubles[row];
      switch (target) {
        case BOOLEAN:
          values[row] = value != 0 ? 1 : 0;
          continue;
        case TIMESTAMP:
          if (Double.isNaN(value) || Double.isInfinite(value)) {
            nulls[row] |= !nulls[row] && invalidOverflow(mode, source, target, value);
          } else {
            values[row] = (long) (value * DateTimes.MICROS_PER_SECOND);
          }
          continue;
        default:
          double truncated = value < 0 ? Math.ceil(value) : Math.floor(value);
          boolean inRange = !Double.isNaN(value) && truncated >= minimum(target)
              && (target == TypeKind.INT64 ? truncated < 0x1p63 : truncated <= maximum(target));
          if (!inRange && !nulls[row] && (mode.fail() || mode.nullOnOverflow())) {
            nulls[row] = invalidOverflow(mode, source, target, value);
          } else {
            values[row] = target == TypeKind.INT64 ? (long) value : (int) value;
          }
      }
    }
    return values;
  }

  private static boolean invalidOverflow(CastMode mode, TypeKind source, TypeKind target,
      double value) {
    if (mode.fail()) {
      String text = source == TypeKind.FLOAT32 ? Float.toString((float) value)
          : Double.toString(value);
      throw Errors.castOverflow(sqlValue(source, text), source.sqlName(), target.sqlName());
    }
    return true;
  }

  private static long[] decimalToLongs(FieldVector input, TypeKind target, RowSet rows,
      boolean[] nulls, CastMode mode) {
    BigDecimal[] decimals = Decimals.read(input, rows);
    long[] values = new long[rows.length()];
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      BigDecimal value = decimals[row];
      if (value == null) {
        continue;
      }
      if (target == TypeKind.BOOLEAN) {
        values[row] = value.signum() != 0 ? 1 : 0;
        continue;
      }
      if (target == TypeKind.TIMESTAMP) {
        value = value.movePointRight(6);
      }
      BigInteger integral = value.setScale(0, RoundingMode.DOWN).toBigInteger();
      boolean inRange = integral.compareTo(LONG_MIN) >= 0 && integral.compareTo(LONG_MAX) <= 0
          && (target == TypeKind.TIMESTAMP
              || (integral.longValue() >= minimum(target) && integral.longValue() <= maximum(target)));
      if (!inRange && (mode.fail() || mode.nullOnOverflow())) {
        if (mode.fail()) {
          throw Errors.castOverflow(sqlValue(TypeKind.DECIMAL, decimals[row].toPlainString()),
              dev.spate.planner.types.DataTypes.sqlName(input.getField()).toUpperCase(
                  java.util.Locale.ROOT), target.sqlName());
        }
        nulls[row] = true;
      } else {
        values[row] = integral.longValue();
      }
    }
    return values;
  }

  private static double[] toDoubles(FieldVector input, TypeKind source, RowSet rows,
      boolean[] nulls) {
    if (source == TypeKind.DECIMAL) {
      BigDecimal[] decimals = Decimals.read(input, rows);
      double[] values = new double[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          values[row] = decimals[row].doubleValue();
        }
      }
      return values;
    }
    double[] values = Vectors.doubles(input, rows);
    if (source == TypeKind.TIMESTAMP) {
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        values[row] = values[row] / DateTimes.MICROS_PER_SECOND;
      }
    }
    return values;
  }

  private static FieldVector toDecimal(FieldVector input, TypeKind source, Field to, RowSet rows,
      CastMode mode, EvalContext context) {
    BigDecimal[] values;
    if (source.isFloating()) {
      double[] doubles = Vectors.doubles(input, rows);
      boolean[] nulls = Vectors.nulls(rows, input);
      values = new BigDecimal[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (nulls[row]) {
          continue;
        }
        if (Double.isNaN(doubles[row]) || Double.isInfinite(doubles[row])) {
          if (mode.fail()) {
            ArrowType.Decimal decimal = (ArrowType.Decimal) to.getType();
            throw Errors.numericOutOfRange(Double.toString(doubles[row]),
                decimal.getPrecision(), decimal.getScale());
          }
        } else {
          values[row] = source == TypeKind.FLOAT32
              ? new BigDecimal(Float.toString((float) doubles[row]))
              : BigDecimal.valueOf(doubles[row]);
        }
      }
    } else if (source == TypeKind.TIMESTAMP) {
      long[] micros = Vectors.longs(input, rows);
      boolean[] nulls = Vectors.nulls(rows, input);
      values = new BigDecimal[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        values[row] = nulls[row] ? null : BigDecimal.valueOf(micros[row], 6);
      }
    } else {
      values = Decimals.read(input, rows);
    }
    return Decimals.write(to, values, rows, mode.fail(), context);
  }

  static long minimum(TypeKind kind) {
    switch (kind) {
      case INT8:
        return Byte.MIN_VALUE;
      case INT16:
        return Short.MIN_VALUE;
      case INT32:
        return Integer.MIN_VALUE;
      default:
        return Long.MIN_VALUE;
    }
  }

  static long maximum(TypeKind kind) {
    switch (kind) {
      case INT8:
        return Byte.MAX_VALUE;
      case INT16:
        return Short.MAX_VALUE;
      case INT32:
        return Integer.MAX_VALUE;
      default:
        return Long.MAX_VALUE;
    }
  }

  /** A value as Spark prints it in an error: {@code 300}, {@code 300L}, {@code 1.0E10D}. */
  static String sqlValue(TypeKind kind, String text) {
    switch (kind) {
      case INT8:
        return text + "Y";
      case INT16:
        return text + "S";
      case INT64:
        return text + "L";
      case FLOAT32:
        return text + "F";
      case FLOAT64:
        return text + "D";
      case DECIMAL:
        return text + "BD";
      default:
        return text;
    }
  }
}
