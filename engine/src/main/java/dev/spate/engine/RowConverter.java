package dev.spate.engine;

import dev.spate.Row;
import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Converts values between the engine's internal representation ({@link DataTypes}) and the Java
 * objects of the public {@link Row} API (LocalDate, Instant, Row for structs).
 */
public final class RowConverter {
  private RowConverter() {}

  /** The public form of an internal value of type {@code type}. */
  public static Object toExternal(Object value, Field type) {
    if (value == null) {
      return null;
    }
    ArrowType arrowType = type.getType();
    if (arrowType instanceof ArrowType.Date) {
      return LocalDate.ofEpochDay(((Number) value).longValue());
    }
    if (arrowType instanceof ArrowType.Timestamp) {
      long micros = ((Number) value).longValue();
      return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          Math.floorMod(micros, 1_000_000L) * 1000L);
    }
    if (arrowType instanceof ArrowType.Struct) {
      List<?> fields = (List<?>) value;
      List<Field> children = type.getChildren();
      Object[] values = new Object[children.size()];
      for (int index = 0; index < values.length; index++) {
        values[index] = toExternal(fields.get(index), children.get(index));
      }
      return new GenericRow(values, new Schema(children));
    }
    if (arrowType instanceof ArrowType.Map) {
      List<Field> entry = type.getChildren().get(0).getChildren();
      Map<Object, Object> result = new LinkedHashMap<>();
      for (Map.Entry<?, ?> item : ((Map<?, ?>) value).entrySet()) {
        result.put(toExternal(item.getKey(), entry.get(0)), toExternal(item.getValue(), entry.get(1)));
      }
      return result;
    }
    if (arrowType instanceof ArrowType.List) {
      Field element = type.getChildren().get(0);
      List<Object> result = new ArrayList<>();
      for (Object item : (List<?>) value) {
        result.add(toExternal(item, element));
      }
      return result;
    }
    return value;
  }

  /** A public row for internal values of {@code schema}'s fields. */
  public static Row toRow(Object[] internalValues, Schema schema) {
    List<Field> fields = schema.getFields();
    Object[] values = new Object[internalValues.length];
    for (int index = 0; index < values.length; index++) {
      values[index] = toExternal(internalValues[index], fields.get(index));
    }
    return new GenericRow(values, schema);
  }

  /**
   * The internal form of a public value for a column of type {@code type}; throws a {@code
   * SpateException} of class ANALYSIS naming the column when the value does not fit.
   */
  public static Object toInternal(Object value, Field type, String column) {
    if (value == null) {
      if (!type.isNullable()) {
        throw SpateException.analysis("column %s is NOT NULL but a row has a null value", column);
      }
      return null;
    }
    ArrowType arrowType = type.getType();
    try {
      if (arrowType instanceof ArrowType.Date) {
        return value instanceof LocalDate ? (Object) (int) ((LocalDate) value).toEpochDay()
            : (Object) (int) LocalDate.parse(value.toString()).toEpochDay();
      }
      if (arrowType instanceof ArrowType.Timestamp) {
        Instant instant = value instanceof Instant ? (Instant) value
            : value instanceof LocalDateTime ? ((LocalDateTime) value).toInstant(ZoneOffset.UTC)
            : Instant.parse(value.toString());
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
            instant.getNano() / 1000L);
      }
      if (arrowType instanceof ArrowType.Struct) {
        List<Field> children = type.getChildren();
        List<Object> fields = new ArrayList<>(children.size());
        Row row = (Row) value;
        for (int index = 0; index < children.size(); index++) {
          fields.add(toInternal(row.get(index), children.get(index),
              column + "." + children.get(index).getName()));
        }
        return fields;
      }
      if (arrowType instanceof ArrowType.Map) {
        List<Field> entry = type.getChildren().get(0).getChildren();
        Map<Object, Object> result = new LinkedHashMap<>();
        for (Map.Entry<?, ?> item : ((Map<?, ?>) value).entrySet()) {
          result.put(toInternal(item.getKey(), entry.get(0), column + ".key"),
              toInternal(item.getValue(), entry.get(1), column + ".value"));
        }
        return result;
      }
      if (arrowType instanceof ArrowType.List) {
        Field element = type.getChildren().get(0);
        List<Object> result = new ArrayList<>();
        for (Object item : (List<?>) value) {
          result.add(toInternal(item, element, column + ".element"));
        }
        return result;
      }
      if (arrowType instanceof ArrowType.Decimal) {
        ArrowType.Decimal decimal = (ArrowType.Decimal) arrowType;
        BigDecimal number = value instanceof BigDecimal ? (BigDecimal) value
            : new BigDecimal(value.toString());
        BigDecimal scaled = number.setScale(decimal.getScale(), java.math.RoundingMode.HALF_UP);
        if (scaled.precision() > decimal.getPrecision()) {
          throw SpateException.analysis("value %s does not fit column %s of type %s", value, column,
              DataTypes.sqlName(type));
        }
        return scaled;
      }
      if (arrowType instanceof ArrowType.Utf8) {
        return (String) value;
      }
      if (arrowType instanceof ArrowType.Binary) {
        return (byte[]) value;
      }
      if (arrowType instanceof ArrowType.Bool) {
        return (Boolean) value;
      }
      if (DataTypes.isNumeric(arrowType)) {
        return (Number) value;
      }
    } catch (ClassCastException | java.time.DateTimeException | NumberFormatException e) {
      throw SpateException.analysis("value %s (%s) does not fit column %s of type %s", value,
          value.getClass().getSimpleName(), column, DataTypes.sqlName(type));
    }
    throw SpateException.analysis("column %s has unsupported type %s", column,
        DataTypes.sqlName(type));
  }
}
