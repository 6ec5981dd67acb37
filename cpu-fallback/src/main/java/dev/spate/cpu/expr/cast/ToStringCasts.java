package dev.spate.cpu.expr.cast;

import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.RowSet;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.Vectors;
import dev.spate.planner.batch.VectorValues;
import dev.spate.planner.expr.TimestampFormat;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Casts to STRING with Spark's formatting: doubles as Java prints them ({@code 1.0E10}, {@code
 * NaN}, {@code -Infinity}), decimals in plain notation, timestamps in the session time zone with
 * trailing zeros of the fraction trimmed, arrays as {@code [1, 2]}, structs as {@code {1, a}}, maps
 * as {@code {a -> 1}}, NULL elements as {@code null}.
 */
public final class ToStringCasts {
  private ToStringCasts() {}

  static FieldVector convert(FieldVector input, Field from, Field to, RowSet rows,
      EvalContext context) {
    TypeKind source = TypeKind.of(from);
    boolean[] nulls = Vectors.nulls(rows, input);
    VarCharVector vector = (VarCharVector) Vectors.allocate(to, context, rows.length());
    try {
      long[] longs = source.isLongLike() || source == TypeKind.BOOLEAN
          ? Vectors.longs(input, rows) : null;
      double[] doubles = source.isFloating() ? Vectors.doubles(input, rows) : null;
      ZoneId zone = context.timeZone();
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (nulls[row]) {
          continue;
        }
        String text;
        if (source == TypeKind.BINARY || source == TypeKind.STRING) {
          vector.setSafe(row, Vectors.bytes(input, row));
          continue;
        } else if (longs != null) {
          text = formatLong(longs[row], source, zone);
        } else if (doubles != null) {
          text = source == TypeKind.FLOAT32 ? Float.toString((float) doubles[row])
              : Double.toString(doubles[row]);
        } else {
          text = format(VectorValues.get(input, row), from, zone);
        }
        vector.setSafe(row, text.getBytes(StandardCharsets.UTF_8));
      }
      vector.setValueCount(rows.length());
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private static String formatLong(long value, TypeKind kind, ZoneId zone) {
    switch (kind) {
      case BOOLEAN:
        return value != 0 ? "true" : "false";
      case DATE:
        return LocalDate.ofEpochDay(value).toString();
      case TIMESTAMP:
        return TimestampFormat.format(value, zone);
      default:
        return Long.toString(value);
    }
  }

  /** Formats a value in the internal representation of {@code type} as CAST(... AS STRING) does. */
  public static String format(Object value, Field type, ZoneId zone) {
    if (value == null) {
      return "null";
    }
    TypeKind kind = TypeKind.of(type);
    switch (kind) {
      case FLOAT32:
        return Float.toString((Float) value);
      case FLOAT64:
        return Double.toString((Double) value);
      case DECIMAL:
        return ((BigDecimal) value).toPlainString();
      case STRING:
        return (String) value;
      case BINARY:
        return new String((byte[]) value, StandardCharsets.UTF_8);
      case BOOLEAN:
        return value.toString();
      case LIST: {
        StringBuilder text = new StringBuilder("[");
        Field element = type.getChildren().get(0);
        List<?> elements = (List<?>) value;
        for (int index = 0; index < elements.size(); index++) {
          text.append(index == 0 ? "" : ", ").append(format(elements.get(index), element, zone));
        }
        return text.append(']').toString();
      }
      case STRUCT: {
        StringBuilder text = new StringBuilder("{");
        List<?> fields = (List<?>) value;
        for (int index = 0; index < fields.size(); index++) {
          text.append(index == 0 ? "" : ", ")
              .append(format(fields.get(index), type.getChildren().get(index), zone));
        }
        return text.append('}').toString();
      }
      case MAP: {
        List<Field> entry = type.getChildren().get(0).getChildren();
        StringBuilder text = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<?, ?> item : ((Map<?, ?>) value).entrySet()) {
          text.append(first ? "" : ", ").append(format(item.getKey(), entry.get(0), zone))
              .append(" -> ").append(format(item.getValue(), entry.get(1), zone));
          first = false;
        }
        return text.append('}').toString();
      }
      default:
        return formatLong(((Number) value).longValue(), kind, zone);
    }
  }
}
