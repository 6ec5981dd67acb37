package dev.spate.cpu.expr.cast;

import dev.spate.cpu.expr.Decimals;
import dev.spate.cpu.expr.Errors;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Locale;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.types.pojo.Field;

/** Casts from STRING, after trimming white space as Spark does. */
final class FromStringCasts {
  private FromStringCasts() {}

  static FieldVector convert(FieldVector input, Field to, RowSet rows, CastMode mode,
      EvalContext context) {
    TypeKind target = TypeKind.of(to);
    boolean[] nulls = Vectors.nulls(rows, input);
    int count = rows.count();
    String targetName = DataTypes.sqlName(to).toUpperCase(Locale.ROOT);
    if (target == TypeKind.BINARY) {
      VarBinaryVector vector = (VarBinaryVector) Vectors.allocate(to, context, rows.length());
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          vector.setSafe(row, Vectors.bytes(input, row));
        }
      }
      vector.setValueCount(rows.length());
      return vector;
    }
    if (target == TypeKind.DECIMAL) {
      BigDecimal[] values = new BigDecimal[rows.length()];
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          String text = Vectors.string(input, row).trim();
          try {
            values[row] = new BigDecimal(text);
          } catch (NumberFormatException e) {
            invalid(mode, text, targetName);
          }
        }
      }
      return Decimals.write(to, values, rows, mode.fail(), context);
    }
    if (target.isFloating()) {
      double[] values = new double[rows.length()];
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          String text = Vectors.string(input, row).trim();
          Double value = StringParsers.parseDouble(text);
          if (value == null) {
            nulls[row] = invalid(mode, text, targetName);
          } else {
            values[row] = value;
          }
        }
      }
      return Vectors.fromDoubles(to, values, nulls, rows, context);
    }
    long[] values = new long[rows.length()];
    long[] parsed = new long[1];
    for (int index = 0; index < count; index++) {
      int row = rows.position(index);
      if (nulls[row]) {
        continue;
      }
      String text = Vectors.string(input, row).trim();
      boolean valid;
      switch (target) {
        case BOOLEAN:
          valid = StringParsers.parseBoolean(text, parsed);
          break;
        case DATE:
          valid = StringParsers.parseDate(text, parsed);
          break;
        case TIMESTAMP:
          valid = StringParsers.parseTimestamp(text, context.timeZone(), parsed);
          break;
        default:
          valid = StringParsers.parseIntegral(text, !mode.fail(), parsed)
              && parsed[0] >= NumericCasts.minimum(target)
              && parsed[0] <= NumericCasts.maximum(target);
          break;
      }
      if (valid) {
        values[row] = parsed[0];
      } else {
        nulls[row] = invalid(mode, text, targetName);
      }
    }
    return Vectors.fromLongs(to, values, nulls, rows, context);
  }

  /** Raises CAST_INVALID_INPUT in failing mode; otherwise returns true (the row becomes NULL). */
  private static boolean invalid(CastMode mode, String text, String targetName) {
    if (mode.fail()) {
      throw Errors.castInvalidInput(text, "STRING", targetName);
    }
    return true;
  }
}
