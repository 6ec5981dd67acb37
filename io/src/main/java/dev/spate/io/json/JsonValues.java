package dev.spate.io.json;

import com.fasterxml.jackson.databind.JsonNode;
import dev.spate.io.text.TemporalValues;
import dev.spate.io.text.TextValues;
import dev.spate.planner.types.DataTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Converts a parsed JSON value to a column value in the internal representation of {@link DataTypes},
 * as Spark's JSON reader does: a STRING column takes a JSON string's text or any other value's JSON
 * text; integral columns take integral numbers in range; floating columns take numbers and the
 * strings {@code NaN}, {@code Infinity}, {@code -Infinity}; TIMESTAMP takes a string (or seconds
 * since the epoch); DATE a string; BINARY base64 text; ARRAY, STRUCT and MAP take arrays and objects.
 * A mismatch throws {@link IllegalArgumentException}.
 */
final class JsonValues {
  private JsonValues() {}

  static Object convert(JsonNode node, Field field, TemporalValues temporal) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Utf8) {
      return node.isTextual() ? node.textValue() : node.toString();
    }
    if (type instanceof ArrowType.Int) {
      if (!node.isIntegralNumber() || !node.canConvertToLong()) {
        throw mismatch(node, field);
      }
      return TextValues.parse(Long.toString(node.longValue()), type, temporal);
    }
    if (type instanceof ArrowType.FloatingPoint) {
      double value;
      if (node.isNumber()) {
        value = node.doubleValue();
      } else if (node.isTextual() && isNonNumericNumber(node.textValue())) {
        value = Double.parseDouble(node.textValue());
      } else {
        throw mismatch(node, field);
      }
      return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE
          ? (Object) (float) value : (Object) value;
    }
    if (type instanceof ArrowType.Bool) {
      if (!node.isBoolean()) {
        throw mismatch(node, field);
      }
      return node.booleanValue();
    }
    if (type instanceof ArrowType.Decimal) {
      if (!node.isNumber()) {
        throw mismatch(node, field);
      }
      return TextValues.toDecimal(node.decimalValue(), (ArrowType.Decimal) type);
    }
    if (type instanceof ArrowType.Timestamp) {
      if (node.isIntegralNumber()) {
        return Math.multiplyExact(node.longValue(), 1_000_000L);
      }
      if (!node.isTextual()) {
        throw mismatch(node, field);
      }
      return temporal.parseTimestampMicros(node.textValue());
    }
    if (type instanceof ArrowType.Date) {
      if (!node.isTextual()) {
        throw mismatch(node, field);
      }
      return temporal.parseDateDays(node.textValue());
    }
    if (type instanceof ArrowType.Binary) {
      if (!node.isTextual()) {
        throw mismatch(node, field);
      }
      try {
        return node.binaryValue();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    if (type instanceof ArrowType.List) {
      if (!node.isArray()) {
        throw mismatch(node, field);
      }
      Field element = field.getChildren().get(0);
      List<Object> values = new ArrayList<>(node.size());
      for (JsonNode item : node) {
        values.add(item.isNull() ? null : convert(item, element, temporal));
      }
      return values;
    }
    if (type instanceof ArrowType.Map) {
      return convertMap(node, field, temporal);
    }
    if (type instanceof ArrowType.Struct) {
      if (!node.isObject()) {
        throw mismatch(node, field);
      }
      List<Object> values = new ArrayList<>(field.getChildren().size());
      for (Field child : field.getChildren()) {
        JsonNode value = node.get(child.getName());
        values.add(value == null || value.isNull() ? null : convert(value, child, temporal));
      }
      return values;
    }
    throw new IllegalArgumentException("unsupported column type " + DataTypes.sqlName(field));
  }

  private static Map<Object, Object> convertMap(JsonNode node, Field field,
      TemporalValues temporal) {
    if (!node.isObject()) {
      throw mismatch(node, field);
    }
    List<Field> entry = field.getChildren().get(0).getChildren();
    Map<Object, Object> values = new LinkedHashMap<>();
    Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
    while (entries.hasNext()) {
      Map.Entry<String, JsonNode> next = entries.next();
      Object key = TextValues.parse(next.getKey(), entry.get(0).getType(), temporal);
      JsonNode value = next.getValue();
      values.put(key, value.isNull() ? null : convert(value, entry.get(1), temporal));
    }
    return values;
  }

  private static boolean isNonNumericNumber(String text) {
    return text.equals("NaN") || text.equals("Infinity") || text.equals("-Infinity")
        || text.equals("+Infinity");
  }

  private static IllegalArgumentException mismatch(JsonNode node, Field field) {
    String text = node.toString();
    return new IllegalArgumentException("cannot read " + (text.length() > 50
        ? text.substring(0, 50) + "..." : text) + " as " + DataTypes.sqlName(field));
  }
}
