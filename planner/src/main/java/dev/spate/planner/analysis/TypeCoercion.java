package dev.spate.planner.analysis;

import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.types.DataTypes;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Spark's implicit type rules: numeric widening (tinyint &lt; smallint &lt; int &lt; bigint &lt;
 * decimal &lt; float &lt; double), decimal result precision and scale (capped at 38 with Spark's
 * precision-loss adjustment), DATE with TIMESTAMP as TIMESTAMP, an untyped NULL taking the other
 * side's type, and STRING compared with numbers as BIGINT (integral) or DOUBLE (Spark 4 ANSI).
 */
public final class TypeCoercion {
  private static final int MAX_PRECISION = 38;
  private static final int MINIMUM_ADJUSTED_SCALE = 6;

  private TypeCoercion() {}

  /** {@code expression} with the given leaf type: itself, a typed NULL literal, or a Cast. */
  public static Expression cast(Expression expression, ArrowType type) {
    if (expression.dataType().getType().equals(type)) {
      return expression;
    }
    return castTo(expression, DataTypes.field("", type, expression.nullable()));
  }

  /** {@code expression} with the type of {@code target} (nested types included). */
  public static Expression castTo(Expression expression, Field target) {
    if (DataTypes.sameType(expression.dataType(), target)) {
      return expression;
    }
    Field type = DataTypes.withNullable(target, expression.nullable());
    if (expression instanceof Literal && ((Literal) expression).isNull()) {
      return new Literal(null, type);
    }
    return new Cast(expression, type);
  }

  public static boolean isString(ArrowType type) {
    return type instanceof ArrowType.Utf8;
  }

  public static boolean isNull(ArrowType type) {
    return type instanceof ArrowType.Null;
  }

  /** The DECIMAL that holds every value of an integral type (INT is DECIMAL(10,0)). */
  public static ArrowType.Decimal decimalOf(ArrowType type) {
    if (type instanceof ArrowType.Decimal) {
      return (ArrowType.Decimal) type;
    }
    switch (((ArrowType.Int) type).getBitWidth()) {
      case 8:
        return (ArrowType.Decimal) DataTypes.decimal(3, 0);
      case 16:
        return (ArrowType.Decimal) DataTypes.decimal(5, 0);
      case 32:
        return (ArrowType.Decimal) DataTypes.decimal(10, 0);
      default:
        return (ArrowType.Decimal) DataTypes.decimal(20, 0);
    }
  }

  /** The wider of two numeric types, or null when either is not numeric. */
  public static ArrowType widerNumeric(ArrowType left, ArrowType right) {
    if (!DataTypes.isNumeric(left) || !DataTypes.isNumeric(right)) {
      return null;
    }
    if (left.equals(right)) {
      return left;
    }
    if (DataTypes.isFloating(left) || DataTypes.isFloating(right)) {
      boolean anyDouble = isDouble(left) || isDouble(right)
          || left instanceof ArrowType.Decimal || right instanceof ArrowType.Decimal;
      return anyDouble ? DataTypes.DOUBLE : DataTypes.FLOAT;
    }
    if (DataTypes.isIntegral(left) && DataTypes.isIntegral(right)) {
      return ((ArrowType.Int) left).getBitWidth() >= ((ArrowType.Int) right).getBitWidth()
          ? left : right;
    }
    ArrowType.Decimal leftDecimal = decimalOf(left);
    ArrowType.Decimal rightDecimal = decimalOf(right);
    int scale = Math.max(leftDecimal.getScale(), rightDecimal.getScale());
    int integerDigits = Math.max(leftDecimal.getPrecision() - leftDecimal.getScale(),
        rightDecimal.getPrecision() - rightDecimal.getScale());
    return bounded(integerDigits + scale, scale);
  }

  private static boolean isDouble(ArrowType type) {
    return type instanceof ArrowType.FloatingPoint
        && ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.DOUBLE;
  }

  /** Spark's {@code DecimalType.bounded}: both capped at 38. */
  private static ArrowType bounded(int precision, int scale) {
    return DataTypes.decimal(Math.min(precision, MAX_PRECISION), Math.min(scale, MAX_PRECISION));
  }

  /**
   * Spark's {@code DecimalType.adjustPrecisionScale} (precision loss allowed): when the precision
   * exceeds 38, keep the integer digits and reduce the scale, but not below 6.
   */
  public static ArrowType adjustedDecimal(int precision, int scale) {
    if (precision <= MAX_PRECISION) {
      return DataTypes.decimal(precision, scale);
    }
    int integerDigits = precision - scale;
    int minimumScale = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
    int adjustedScale = Math.max(MAX_PRECISION - integerDigits, minimumScale);
    return DataTypes.decimal(MAX_PRECISION, adjustedScale);
  }

  /**
   * The common type of two values that must become one (UNION columns, CASE branches, COALESCE,
   * IN lists, array elements), or null when there is none.
   */
  public static Field commonType(Field left, Field right) {
    boolean nullable = left.isNullable() || right.isNullable();
    ArrowType leftType = left.getType();
    ArrowType rightType = right.getType();
    if (DataTypes.sameType(left, right)) {
      return DataTypes.mergeNullability(left, right);
    }
    if (isNull(leftType)) {
      return DataTypes.withNullable(right, true);
    }
    if (isNull(rightType)) {
      return DataTypes.withNullable(left, true);
    }
    ArrowType numeric = widerNumeric(leftType, rightType);
    if (numeric != null) {
      return DataTypes.field("", numeric, nullable);
    }
    if (isDateTime(leftType) && isDateTime(rightType)) {
      return DataTypes.field("", DataTypes.TIMESTAMP, nullable);
    }
    if (left.getChildren().isEmpty() && right.getChildren().isEmpty()
        && (isString(leftType) || isString(rightType))) {
      return DataTypes.field("", DataTypes.STRING, nullable);
    }
    if (leftType instanceof ArrowType.List && rightType instanceof ArrowType.List) {
      Field element = commonType(left.getChildren().get(0), right.getChildren().get(0));
      return element == null ? null : DataTypes.listOf("", element, nullable);
    }
    return null;
  }

  /**
   * The type both sides of a comparison are cast to: the common type, except that a STRING
   * compared with a number becomes BIGINT (integral) or DOUBLE, and with a DATE, TIMESTAMP or
   * BOOLEAN becomes that type. Null when they cannot be compared.
   */
  public static Field comparisonType(Field left, Field right) {
    ArrowType leftType = left.getType();
    ArrowType rightType = right.getType();
    boolean nullable = left.isNullable() || right.isNullable();
    if (isString(leftType) != isString(rightType)) {
      ArrowType other = isString(leftType) ? rightType : leftType;
      if (DataTypes.isIntegral(other)) {
        return DataTypes.field("", DataTypes.BIGINT, nullable);
      }
      if (DataTypes.isNumeric(other)) {
        return DataTypes.field("", DataTypes.DOUBLE, nullable);
      }
      if (isDateTime(other) || other instanceof ArrowType.Bool) {
        return DataTypes.field("", other, nullable);
      }
    }
    return commonType(left, right);
  }

  public static boolean isDateTime(ArrowType type) {
    return type instanceof ArrowType.Date || type instanceof ArrowType.Timestamp;
  }

  /** Folds {@link #commonType} over several types; null when any pair has none. */
  public static Field commonType(List<Field> types) {
    Field result = types.get(0);
    for (int index = 1; index < types.size() && result != null; index++) {
      result = commonType(result, types.get(index));
    }
    return result;
  }

  /** Spark's Cast.canCast for the types Spate supports. */
  public static boolean canCast(Field from, Field to) {
    ArrowType source = from.getType();
    ArrowType target = to.getType();
    if (DataTypes.sameType(from, to) || isNull(source)) {
      return true;
    }
    if (source instanceof ArrowType.List && target instanceof ArrowType.List) {
      return canCast(from.getChildren().get(0), to.getChildren().get(0));
    }
    if (source instanceof ArrowType.Struct && target instanceof ArrowType.Struct) {
      if (from.getChildren().size() != to.getChildren().size()) {
        return false;
      }
      for (int index = 0; index < from.getChildren().size(); index++) {
        if (!canCast(from.getChildren().get(index), to.getChildren().get(index))) {
          return false;
        }
      }
      return true;
    }
    if (!from.getChildren().isEmpty() || !to.getChildren().isEmpty()) {
      return isString(target) && !(source instanceof ArrowType.Map);
    }
    if (isString(source) || isString(target)) {
      return true;
    }
    boolean sourceNumeric = DataTypes.isNumeric(source) || source instanceof ArrowType.Bool;
    boolean targetNumeric = DataTypes.isNumeric(target) || target instanceof ArrowType.Bool;
    if (sourceNumeric && targetNumeric) {
      return true;
    }
    if (isDateTime(source) && isDateTime(target)) {
      return true;
    }
    if (source instanceof ArrowType.Timestamp && DataTypes.isNumeric(target)) {
      return true;
    }
    return DataTypes.isNumeric(source) && target instanceof ArrowType.Timestamp;
  }
}
