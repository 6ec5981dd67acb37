package dev.spate.planner.types;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Spate's type system is Arrow's: a column's type is an Arrow {@link Field} (leaf types by their
 * {@link ArrowType}, nested types by their children). This class holds the canonical Arrow types for
 * each Spark SQL type and the helpers that name them the way Spark does.
 *
 * <p>Canonical mapping (Spark to Arrow): BOOLEAN Bool; TINYINT Int(8); SMALLINT Int(16); INT Int(32);
 * BIGINT Int(64); FLOAT FloatingPoint(SINGLE); DOUBLE FloatingPoint(DOUBLE); DECIMAL(p,s)
 * Decimal(p,s,128); STRING Utf8; BINARY Binary; DATE Date(DAY) (days since 1970-01-01); TIMESTAMP
 * Timestamp(MICROSECOND, "UTC") (microseconds since the epoch, UTC); ARRAY List with one child named
 * "element"; STRUCT Struct with named children; MAP Map(keysSorted=false) with an "entries" struct
 * child holding "key" and "value".
 *
 * <p>Internal value representation (literals, rows inside the engine): Boolean, Byte, Short,
 * Integer, Long, Float, Double, BigDecimal, String, byte[], Integer days for DATE, Long microseconds
 * for TIMESTAMP, List for ARRAY, List of field values for STRUCT, LinkedHashMap for MAP.
 */
public final class DataTypes {
  public static final ArrowType BOOLEAN = ArrowType.Bool.INSTANCE;
  public static final ArrowType TINYINT = new ArrowType.Int(8, true);
  public static final ArrowType SMALLINT = new ArrowType.Int(16, true);
  public static final ArrowType INT = new ArrowType.Int(32, true);
  public static final ArrowType BIGINT = new ArrowType.Int(64, true);
  public static final ArrowType FLOAT = new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  public static final ArrowType DOUBLE = new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  public static final ArrowType STRING = ArrowType.Utf8.INSTANCE;
  public static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
  public static final ArrowType DATE = new ArrowType.Date(DateUnit.DAY);
  public static final ArrowType TIMESTAMP = new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
  /** The type of an untyped NULL literal; the analyzer coerces it to the type its context needs. */
  public static final ArrowType NULL = ArrowType.Null.INSTANCE;

  private DataTypes() {}

  public static ArrowType decimal(int precision, int scale) {
    return new ArrowType.Decimal(precision, scale, 128);
  }

  /** A leaf field; {@code name} may be empty for an expression's result type. */
  public static Field field(String name, ArrowType type, boolean nullable) {
    return new Field(name, new FieldType(nullable, type, null), null);
  }

  public static Field listOf(String name, Field element, boolean nullable) {
    return new Field(name, new FieldType(nullable, ArrowType.List.INSTANCE, null),
        List.of(rename(element, "element")));
  }

  public static Field structOf(String name, List<Field> children, boolean nullable) {
    return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
  }

  public static Field mapOf(String name, Field key, Field value, boolean nullable) {
    Field entries = new Field("entries", new FieldType(false, ArrowType.Struct.INSTANCE, null),
        List.of(rename(withNullable(key, false), "key"), rename(value, "value")));
    return new Field(name, new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
  }

  /** The same field under another name. */
  public static Field rename(Field field, String name) {
    return new Field(name, field.getFieldType(), field.getChildren());
  }

  /** The same field with other nullability (children unchanged). */
  public static Field withNullable(Field field, boolean nullable) {
    FieldType type = field.getFieldType();
    return new Field(field.getName(),
        new FieldType(nullable, type.getType(), type.getDictionary(), type.getMetadata()),
        field.getChildren());
  }

  /**
   * {@code left} (name and type) made nullable at every level where {@code left} or {@code right}
   * is: the type of a value that may come from either, for two fields of the same type.
   */
  public static Field mergeNullability(Field left, Field right) {
    List<Field> children = new ArrayList<>(left.getChildren().size());
    for (int index = 0; index < left.getChildren().size(); index++) {
      Field leftChild = left.getChildren().get(index);
      children.add(index < right.getChildren().size()
          ? mergeNullability(leftChild, right.getChildren().get(index)) : leftChild);
    }
    FieldType type = left.getFieldType();
    return new Field(left.getName(), new FieldType(left.isNullable() || right.isNullable(),
        type.getType(), type.getDictionary(), type.getMetadata()), children);
  }

  /** True when two fields have the same type, ignoring names and nullability at every level. */
  public static boolean sameType(Field left, Field right) {
    if (!left.getType().equals(right.getType())
        || left.getChildren().size() != right.getChildren().size()) {
      return false;
    }
    for (int index = 0; index < left.getChildren().size(); index++) {
      Field leftChild = left.getChildren().get(index);
      Field rightChild = right.getChildren().get(index);
      if (left.getType() instanceof ArrowType.Struct
          && !leftChild.getName().equals(rightChild.getName())) {
        return false;
      }
      if (!sameType(leftChild, rightChild)) {
        return false;
      }
    }
    return true;
  }

  public static boolean isIntegral(ArrowType type) {
    return type instanceof ArrowType.Int;
  }

  public static boolean isFloating(ArrowType type) {
    return type instanceof ArrowType.FloatingPoint;
  }

  public static boolean isNumeric(ArrowType type) {
    return isIntegral(type) || isFloating(type) || type instanceof ArrowType.Decimal;
  }

  /** Spark's SQL name of a type, as shown in schemas and CAST: {@code bigint}, {@code struct<a:int>}. */
  public static String sqlName(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.List) {
      return "array<" + sqlName(field.getChildren().get(0)) + ">";
    }
    if (type instanceof ArrowType.Struct) {
      List<String> parts = new ArrayList<>();
      for (Field child : field.getChildren()) {
        parts.add(child.getName() + ":" + sqlName(child));
      }
      return "struct<" + String.join(",", parts) + ">";
    }
    if (type instanceof ArrowType.Map) {
      List<Field> entry = field.getChildren().get(0).getChildren();
      return "map<" + sqlName(entry.get(0)) + "," + sqlName(entry.get(1)) + ">";
    }
    return sqlName(type);
  }

  /** Spark's SQL name of a leaf type. */
  public static String sqlName(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return "boolean";
    }
    if (type instanceof ArrowType.Int) {
      switch (((ArrowType.Int) type).getBitWidth()) {
        case 8:
          return "tinyint";
        case 16:
          return "smallint";
        case 32:
          return "int";
        default:
          return "bigint";
      }
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE
          ? "float" : "double";
    }
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      return "decimal(" + decimal.getPrecision() + "," + decimal.getScale() + ")";
    }
    if (type instanceof ArrowType.Utf8) {
      return "string";
    }
    if (type instanceof ArrowType.Binary) {
      return "binary";
    }
    if (type instanceof ArrowType.Date) {
      return "date";
    }
    if (type instanceof ArrowType.Timestamp) {
      return "timestamp";
    }
    if (type instanceof ArrowType.Null) {
      return "void";
    }
    return type.toString().toLowerCase(Locale.ROOT);
  }
}
