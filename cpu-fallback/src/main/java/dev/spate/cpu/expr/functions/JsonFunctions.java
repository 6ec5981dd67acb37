package dev.spate.cpu.expr.functions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.spate.SpateException;
import dev.spate.cpu.expr.DateTimes;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.cast.StringParsers;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code from_json(text, schema)} (the schema is the call's result type; malformed JSON gives
 * NULL, as Spark's PERMISSIVE mode) and {@code to_json(value)} (NULL struct fields are omitted,
 * timestamps are written as {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} in the session time zone).
 */
public final class JsonFunctions {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final DateTimeFormatter TIMESTAMP_FORMAT =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

  private JsonFunctions() {}

  public static void register(Map<String, KernelFactory> factories) {
    factories.put("from_json", (call, arguments) -> new RowFunction(call.dataType(),
        arguments.subList(0, 1), true, (values, context) -> {
          JsonNode node;
          try {
            node = MAPPER.readTree((String) values[0]);
          } catch (JsonProcessingException e) {
            return malformed(call.dataType());
          }
          return node == null ? malformed(call.dataType())
              : fromJson(node, call.dataType(), context.timeZone());
        }));
    factories.put("to_json", (call, arguments) -> {
      Field type = arguments.get(0).type();
      return new RowFunction(call.dataType(), arguments, true, (values, context) -> {
        try {
          return MAPPER.writeValueAsString(toJson(values[0], type, context.timeZone()));
        } catch (JsonProcessingException e) {
          throw SpateException.internal("to_json failed", e);
        }
      });
    });
  }

  /**
   * Spark's PERMISSIVE result for malformed JSON: a struct of NULLs (Spark 3.0 and later), or NULL
   * for other result types.
   */
  private static Object malformed(Field type) {
    if (!(type.getType() instanceof org.apache.arrow.vector.types.pojo.ArrowType.Struct)) {
      return null;
    }
    return java.util.Arrays.asList(new Object[type.getChildren().size()]);
  }

  /** The internal value of {@code node} read as {@code type}, or null where it does not match. */
  static Object fromJson(JsonNode node, Field type, ZoneId zone) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return null;
    }
    TypeKind kind = TypeKind.of(type);
    switch (kind) {
      case STRUCT: {
        if (!node.isObject()) {
          return null;
        }
        List<Object> fields = new ArrayList<>(type.getChildren().size());
        for (Field child : type.getChildren()) {
          fields.add(fromJson(node.get(child.getName()), child, zone));
        }
        return fields;
      }
      case LIST: {
        if (!node.isArray()) {
          return null;
        }
        List<Object> elements = new ArrayList<>(node.size());
        for (JsonNode element : node) {
          elements.add(fromJson(element, type.getChildren().get(0), zone));
        }
        return elements;
      }
      case MAP: {
        if (!node.isObject()) {
          return null;
        }
        Field valueType = type.getChildren().get(0).getChildren().get(1);
        Map<Object, Object> map = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
        while (entries.hasNext()) {
          Map.Entry<String, JsonNode> entry = entries.next();
          map.put(entry.getKey(), fromJson(entry.getValue(), valueType, zone));
        }
        return map;
      }
      case STRING:
        return node.isTextual() ? node.textValue() : node.toString();
      case BOOLEAN:
        return node.isBoolean() ? node.booleanValue() : null;
      case FLOAT32:
        return node.isNumber() ? node.floatValue() : null;
      case FLOAT64:
        return node.isNumber() ? node.doubleValue() : null;
      case DECIMAL: {
        if (!node.isNumber()) {
          return null;
        }
        ArrowType.Decimal decimal = (ArrowType.Decimal) type.getType();
        BigDecimal value = node.decimalValue().setScale(decimal.getScale(), RoundingMode.HALF_UP);
        return value.precision() > decimal.getPrecision() ? null : value;
      }
      case DATE:
      case TIMESTAMP: {
        long[] parsed = new long[1];
        if (!node.isTextual()) {
          return null;
        }
        String text = node.textValue().trim();
        if (kind == TypeKind.DATE) {
          return StringParsers.parseDate(text, parsed) ? (Object) (int) parsed[0] : null;
        }
        return StringParsers.parseTimestamp(text, zone, parsed) ? (Object) parsed[0] : null;
      }
      default:
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          return null;
        }
        long value = node.longValue();
        return Arithmetic.fits(value, kind) ? (Object) value : null;
    }
  }

  /** The JSON form of an internal value of {@code type}. */
  static JsonNode toJson(Object value, Field type, ZoneId zone) {
    if (value == null) {
      return NODES.nullNode();
    }
    switch (TypeKind.of(type)) {
      case STRUCT: {
        ObjectNode object = NODES.objectNode();
        List<?> fields = (List<?>) value;
        for (int index = 0; index < fields.size(); index++) {
          if (fields.get(index) != null) {
            Field child = type.getChildren().get(index);
            object.set(child.getName(), toJson(fields.get(index), child, zone));
          }
        }
        return object;
      }
      case LIST: {
        ArrayNode array = NODES.arrayNode();
        for (Object element : (List<?>) value) {
          array.add(toJson(element, type.getChildren().get(0), zone));
        }
        return array;
      }
      case MAP: {
        ObjectNode object = NODES.objectNode();
        Field valueType = type.getChildren().get(0).getChildren().get(1);
        for (Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
          object.set(String.valueOf(entry.getKey()), toJson(entry.getValue(), valueType, zone));
        }
        return object;
      }
      case STRING:
        return NODES.textNode((String) value);
      case BINARY:
        return NODES.textNode(Base64.getEncoder().encodeToString((byte[]) value));
      case BOOLEAN:
        return NODES.booleanNode((Boolean) value);
      case FLOAT32:
      case FLOAT64: {
        double number = ((Number) value).doubleValue();
        return Double.isNaN(number) || Double.isInfinite(number)
            ? NODES.textNode(Double.toString(number)) : NODES.numberNode(number);
      }
      case DECIMAL:
        return NODES.numberNode((BigDecimal) value);
      case DATE:
        return NODES.textNode(LocalDate.ofEpochDay((Integer) value).toString());
      case TIMESTAMP:
        return NODES.textNode(DateTimes.toLocalDateTime((Long) value, zone)
            .atZone(zone).format(TIMESTAMP_FORMAT));
      default:
        return NODES.numberNode(((Number) value).longValue());
    }
  }
}
