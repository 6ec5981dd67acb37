package dev.spate.cpu.expr;

import dev.spate.SpateException;
import java.util.Locale;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** The physical families of Spate's types, which select the specialised loops of a kernel. */
public enum TypeKind {
  NULL, BOOLEAN, INT8, INT16, INT32, INT64, FLOAT32, FLOAT64, DECIMAL, DATE, TIMESTAMP, STRING,
  BINARY, LIST, STRUCT, MAP;

  public static TypeKind of(Field field) {
    return of(field.getType());
  }

  public static TypeKind of(ArrowType type) {
    if (type instanceof ArrowType.Null) {
      return NULL;
    }
    if (type instanceof ArrowType.Bool) {
      return BOOLEAN;
    }
    if (type instanceof ArrowType.Int) {
      switch (((ArrowType.Int) type).getBitWidth()) {
        case 8:
          return INT8;
        case 16:
          return INT16;
        case 32:
          return INT32;
        default:
          return INT64;
      }
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return ((ArrowType.FloatingPoint) type).getPrecision() == FloatingPointPrecision.SINGLE
          ? FLOAT32 : FLOAT64;
    }
    if (type instanceof ArrowType.Decimal) {
      return DECIMAL;
    }
    if (type instanceof ArrowType.Date) {
      return DATE;
    }
    if (type instanceof ArrowType.Timestamp) {
      return TIMESTAMP;
    }
    if (type instanceof ArrowType.Utf8) {
      return STRING;
    }
    if (type instanceof ArrowType.Binary) {
      return BINARY;
    }
    if (type instanceof ArrowType.List) {
      return LIST;
    }
    if (type instanceof ArrowType.Map) {
      return MAP;
    }
    if (type instanceof ArrowType.Struct) {
      return STRUCT;
    }
    throw SpateException.plan("the CPU backend does not support the type %s", type);
  }

  /** Integral types, including DATE (int days) and TIMESTAMP (long micros): held as longs. */
  public boolean isLongLike() {
    return this == INT8 || this == INT16 || this == INT32 || this == INT64 || this == DATE
        || this == TIMESTAMP;
  }

  public boolean isIntegral() {
    return this == INT8 || this == INT16 || this == INT32 || this == INT64;
  }

  public boolean isFloating() {
    return this == FLOAT32 || this == FLOAT64;
  }

  /** Types whose values are held in a variable-width byte buffer. */
  public boolean isBytes() {
    return this == STRING || this == BINARY;
  }

  /** Spark's upper-case SQL name of the type family, as used in error messages. */
  public String sqlName() {
    switch (this) {
      case INT8:
        return "TINYINT";
      case INT16:
        return "SMALLINT";
      case INT32:
        return "INT";
      case INT64:
        return "BIGINT";
      case FLOAT32:
        return "FLOAT";
      case FLOAT64:
        return "DOUBLE";
      case LIST:
        return "ARRAY";
      case NULL:
        return "VOID";
      default:
        return name().toUpperCase(Locale.ROOT);
    }
  }
}
