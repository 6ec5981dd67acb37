package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A constant. {@code value} is in the internal representation of {@link DataTypes} (Integer days for
 * DATE, Long microseconds for TIMESTAMP, ...), or null for a NULL of type {@code type}.
 */
public final class Literal extends Expression {
  private final Object value;
  private final Field type;

  public Literal(Object value, Field type) {
    this.value = value;
    this.type = DataTypes.withNullable(requireNonNull(type, "type is null"), value == null);
  }

  public static Literal of(Object value, ArrowType type) {
    return new Literal(value, DataTypes.field("", type, value == null));
  }

  public static Literal nullOf(ArrowType type) {
    return of(null, type);
  }

  public static Literal ofBoolean(boolean value) {
    return of(value, DataTypes.BOOLEAN);
  }

  public static Literal ofInt(int value) {
    return of(value, DataTypes.INT);
  }

  public static Literal ofLong(long value) {
    return of(value, DataTypes.BIGINT);
  }

  public static Literal ofDouble(double value) {
    return of(value, DataTypes.DOUBLE);
  }

  public static Literal ofString(String value) {
    return of(value, DataTypes.STRING);
  }

  public static Literal ofDecimal(BigDecimal value) {
    int precision = Math.max(value.precision(), value.scale());
    return of(value, DataTypes.decimal(Math.max(precision, 1), Math.max(value.scale(), 0)));
  }

  /** The value, or null. */
  public Object value() {
    return value;
  }

  public boolean isNull() {
    return value == null;
  }

  @Override
  public List<Expression> children() {
    return List.of();
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 0);
    return this;
  }

  @Override
  public Field dataType() {
    return type;
  }

  @Override
  public String sql() {
    if (value == null) {
      return "NULL";
    }
    if (value instanceof byte[]) {
      return "X'" + java.util.HexFormat.of().withUpperCase().formatHex((byte[]) value) + "'";
    }
    ArrowType arrowType = type.getType();
    if (arrowType instanceof ArrowType.Date) {
      return "DATE '" + java.time.LocalDate.ofEpochDay((Integer) value) + "'";
    }
    if (arrowType instanceof ArrowType.Timestamp) {
      return "TIMESTAMP '" + TimestampFormat.format((Long) value) + "'";
    }
    if (arrowType instanceof ArrowType.Int && ((ArrowType.Int) arrowType).getBitWidth() == 64) {
      return value + "L";
    }
    return String.valueOf(value);
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof Literal)) {
      return false;
    }
    Literal that = (Literal) other;
    return DataTypes.sameType(type, that.type) && (value instanceof byte[] && that.value instanceof byte[]
        ? Arrays.equals((byte[]) value, (byte[]) that.value) : Objects.equals(value, that.value));
  }

  @Override
  public int hashCode() {
    return value instanceof byte[] ? Arrays.hashCode((byte[]) value) : Objects.hashCode(value);
  }
}
