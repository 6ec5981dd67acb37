package dev.spate.engine;

import dev.spate.SpateException;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;

/** Turns Java values of the public API into typed {@link Literal}s (Spark's {@code lit}). */
public final class Literals {
  private Literals() {}

  public static Literal of(Object value) {
    if (value == null) {
      return Literal.nullOf(DataTypes.NULL);
    }
    if (value instanceof Literal) {
      return (Literal) value;
    }
    if (value instanceof Boolean) {
      return Literal.of(value, DataTypes.BOOLEAN);
    }
    if (value instanceof Byte) {
      return Literal.of(value, DataTypes.TINYINT);
    }
    if (value instanceof Short) {
      return Literal.of(value, DataTypes.SMALLINT);
    }
    if (value instanceof Integer) {
      return Literal.of(value, DataTypes.INT);
    }
    if (value instanceof Long) {
      return Literal.of(value, DataTypes.BIGINT);
    }
    if (value instanceof Float) {
      return Literal.of(value, DataTypes.FLOAT);
    }
    if (value instanceof Double) {
      return Literal.of(value, DataTypes.DOUBLE);
    }
    if (value instanceof BigDecimal) {
      return Literal.ofDecimal((BigDecimal) value);
    }
    if (value instanceof String) {
      return Literal.of(value, DataTypes.STRING);
    }
    if (value instanceof byte[]) {
      return Literal.of(value, DataTypes.BINARY);
    }
    if (value instanceof LocalDate) {
      return Literal.of((int) ((LocalDate) value).toEpochDay(), DataTypes.DATE);
    }
    if (value instanceof Instant) {
      Instant instant = (Instant) value;
      return Literal.of(instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1000L,
          DataTypes.TIMESTAMP);
    }
    throw SpateException.analysis("[UNSUPPORTED_FEATURE.LITERAL_TYPE] The feature is not"
        + " supported: Literal for '%s' of %s.", value, value.getClass());
  }
}
