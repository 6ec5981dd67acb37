package dev.spate.io.parquet;

import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Converts between Parquet schemas and Spate's Arrow types (see {@link DataTypes}), as Spark does:
 * INT32/INT64 with their INT(8/16), DATE, DECIMAL and TIMESTAMP(MILLIS/MICROS/NANOS) annotations,
 * INT96 as TIMESTAMP, BINARY (STRING/ENUM/JSON) as STRING or BINARY, FIXED_LEN_BYTE_ARRAY decimals,
 * and LIST (3-level and legacy 2-level), MAP and groups as structs. Writing produces the standard
 * 3-level LIST, MAP with {@code key_value}, decimals as INT32/INT64/FIXED by precision and
 * TIMESTAMP(MICROS, UTC).
 */
public final class ParquetSchemas {
  private ParquetSchemas() {}

  /** The Arrow schema of a Parquet file schema. */
  public static Schema toArrow(MessageType message) {
    List<Field> fields = new ArrayList<>(message.getFieldCount());
    for (Type type : message.getFields()) {
      fields.add(toArrow(type));
    }
    return new Schema(fields);
  }

  /** The Arrow field of one Parquet field (a REPEATED field without LIST annotation is an array). */
  public static Field toArrow(Type type) {
    if (type.isRepetition(Repetition.REPEATED)) {
      return DataTypes.listOf(type.getName(), toArrowValue(type, false), false);
    }
    return toArrowValue(type, type.isRepetition(Repetition.OPTIONAL));
  }

  private static Field toArrowValue(Type type, boolean nullable) {
    String name = type.getName();
    if (type.isPrimitive()) {
      return DataTypes.field(name, leafType(type.asPrimitiveType()), nullable);
    }
    GroupType group = type.asGroupType();
    LogicalTypeAnnotation annotation = group.getLogicalTypeAnnotation();
    if (annotation instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation
        && group.getFieldCount() == 1) {
      return DataTypes.listOf(name, toArrow(listElement(group)), nullable);
    }
    if ((annotation instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || annotation instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation)
        && group.getFieldCount() == 1 && !group.getType(0).isPrimitive()
        && group.getType(0).asGroupType().getFieldCount() == 2) {
      GroupType keyValue = group.getType(0).asGroupType();
      return DataTypes.mapOf(name, toArrow(keyValue.getType(0)), toArrow(keyValue.getType(1)),
          nullable);
    }
    List<Field> children = new ArrayList<>(group.getFieldCount());
    for (Type child : group.getFields()) {
      children.add(toArrow(child));
    }
    return DataTypes.structOf(name, children, nullable);
  }

  /**
   * The element type of a LIST group: the single field of the repeated group (3-level lists), or
   * the repeated field itself for legacy 2-level lists (a repeated primitive, a repeated group of
   * several fields, or one named {@code array} or {@code <name>_tuple}).
   */
  static Type listElement(GroupType list) {
    Type repeated = list.getType(0);
    if (isThreeLevel(list)) {
      return repeated.asGroupType().getType(0);
    }
    return repeated.isPrimitive()
        ? Types.primitive(repeated.asPrimitiveType().getPrimitiveTypeName(), Repetition.REQUIRED)
            .as(repeated.getLogicalTypeAnnotation()).length(repeated.asPrimitiveType().getTypeLength())
            .named(repeated.getName())
        : new GroupType(Repetition.REQUIRED, repeated.getName(), repeated.asGroupType().getFields());
  }

  /** True for a standard 3-level LIST (the repeated field is a group with one field). */
  static boolean isThreeLevel(GroupType list) {
    Type repeated = list.getType(0);
    return !repeated.isPrimitive() && repeated.asGroupType().getFieldCount() == 1
        && !repeated.getName().equals("array")
        && !repeated.getName().equals(list.getName() + "_tuple");
  }

  private static ArrowType leafType(PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    if (annotation instanceof DecimalLogicalTypeAnnotation) {
      DecimalLogicalTypeAnnotation decimal = (DecimalLogicalTypeAnnotation) annotation;
      return DataTypes.decimal(decimal.getPrecision(), decimal.getScale());
    }
    switch (type.getPrimitiveTypeName()) {
      case BOOLEAN:
        return DataTypes.BOOLEAN;
      case INT32:
        if (annotation instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return DataTypes.DATE;
        }
        if (annotation instanceof IntLogicalTypeAnnotation) {
          IntLogicalTypeAnnotation integer = (IntLogicalTypeAnnotation) annotation;
          if (!integer.isSigned()) {
            return integer.getBitWidth() == 32 ? DataTypes.BIGINT
                : integer.getBitWidth() == 16 ? DataTypes.INT : DataTypes.SMALLINT;
          }
          return integer.getBitWidth() == 8 ? DataTypes.TINYINT
              : integer.getBitWidth() == 16 ? DataTypes.SMALLINT : DataTypes.INT;
        }
        if (annotation != null) {
          throw unsupported(type);
        }
        return DataTypes.INT;
      case INT64:
        if (annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) {
          return DataTypes.TIMESTAMP;
        }
        if (annotation instanceof IntLogicalTypeAnnotation
            && !((IntLogicalTypeAnnotation) annotation).isSigned()) {
          return DataTypes.decimal(20, 0);
        }
        if (annotation != null && !(annotation instanceof IntLogicalTypeAnnotation)) {
          throw unsupported(type);
        }
        return DataTypes.BIGINT;
      case INT96:
        return DataTypes.TIMESTAMP;
      case FLOAT:
        return DataTypes.FLOAT;
      case DOUBLE:
        return DataTypes.DOUBLE;
      case BINARY:
        if (annotation instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || annotation instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return DataTypes.STRING;
        }
        return DataTypes.BINARY;
      case FIXED_LEN_BYTE_ARRAY:
        return DataTypes.BINARY;
      default:
        throw unsupported(type);
    }
  }

  private static SpateException unsupported(PrimitiveType type) {
    return SpateException.analysis("Parquet column %s has the unsupported type %s", type.getName(),
        type);
  }

  /** The unit in microseconds of a timestamp stored in {@code type} (INT64 with a unit annotation). */
  static TimeUnit timestampUnit(PrimitiveType type) {
    LogicalTypeAnnotation annotation = type.getLogicalTypeAnnotation();
    return annotation instanceof LogicalTypeAnnotation.TimestampLogicalTypeAnnotation
        ? ((LogicalTypeAnnotation.TimestampLogicalTypeAnnotation) annotation).getUnit()
        : TimeUnit.MICROS;
  }

  /** The Parquet schema Spate writes for an Arrow schema. */
  public static MessageType toParquet(Schema schema) {
    List<Type> fields = new ArrayList<>(schema.getFields().size());
    for (Field field : schema.getFields()) {
      fields.add(toParquet(field));
    }
    return new MessageType("spark_schema", fields);
  }

  static Type toParquet(Field field) {
    Repetition repetition = field.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    ArrowType type = field.getType();
    String name = field.getName();
    if (type instanceof ArrowType.List) {
      Type element = toParquet(DataTypes.rename(field.getChildren().get(0), "element"));
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.listType())
          .addField(Types.repeatedGroup().addField(element).named("list")).named(name);
    }
    if (type instanceof ArrowType.Map) {
      List<Field> entry = field.getChildren().get(0).getChildren();
      Type key = toParquet(DataTypes.withNullable(DataTypes.rename(entry.get(0), "key"), false));
      Type value = toParquet(DataTypes.rename(entry.get(1), "value"));
      return Types.buildGroup(repetition).as(LogicalTypeAnnotation.mapType())
          .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
          .named(name);
    }
    if (type instanceof ArrowType.Struct) {
      List<Type> children = new ArrayList<>();
      for (Field child : field.getChildren()) {
        children.add(toParquet(child));
      }
      return new GroupType(repetition, name, children);
    }
    return toParquetLeaf(type, repetition, name, field);
  }

  private static Type toParquetLeaf(ArrowType type, Repetition repetition, String name,
      Field field) {
    if (type instanceof ArrowType.Bool) {
      return Types.primitive(PrimitiveTypeName.BOOLEAN, repetition).named(name);
    }
    if (type instanceof ArrowType.Int) {
      int width = ((ArrowType.Int) type).getBitWidth();
      if (width == 64) {
        return Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
      }
      return width == 32 ? Types.primitive(PrimitiveTypeName.INT32, repetition).named(name)
          : Types.primitive(PrimitiveTypeName.INT32, repetition)
              .as(LogicalTypeAnnotation.intType(width, true)).named(name);
    }
    if (type instanceof ArrowType.FloatingPoint) {
      return Types.primitive(((ArrowType.FloatingPoint) type).getPrecision()
          == FloatingPointPrecision.SINGLE ? PrimitiveTypeName.FLOAT : PrimitiveTypeName.DOUBLE,
          repetition).named(name);
    }
    if (type instanceof ArrowType.Decimal) {
      ArrowType.Decimal decimal = (ArrowType.Decimal) type;
      LogicalTypeAnnotation annotation =
          LogicalTypeAnnotation.decimalType(decimal.getScale(), decimal.getPrecision());
      if (decimal.getPrecision() <= 9) {
        return Types.primitive(PrimitiveTypeName.INT32, repetition).as(annotation).named(name);
      }
      if (decimal.getPrecision() <= 18) {
        return Types.primitive(PrimitiveTypeName.INT64, repetition).as(annotation).named(name);
      }
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, repetition)
          .length(decimalBytes(decimal.getPrecision())).as(annotation).named(name);
    }
    if (type instanceof ArrowType.Utf8) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition)
          .as(LogicalTypeAnnotation.stringType()).named(name);
    }
    if (type instanceof ArrowType.Binary) {
      return Types.primitive(PrimitiveTypeName.BINARY, repetition).named(name);
    }
    if (type instanceof ArrowType.Date) {
      return Types.primitive(PrimitiveTypeName.INT32, repetition)
          .as(LogicalTypeAnnotation.dateType()).named(name);
    }
    if (type instanceof ArrowType.Timestamp) {
      return Types.primitive(PrimitiveTypeName.INT64, repetition)
          .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
    }
    throw SpateException.analysis("[UNSUPPORTED_DATA_TYPE_FOR_DATASOURCE] The Parquet datasource"
        + " doesn't support the column %s of the type %s.", name, DataTypes.sqlName(field));
  }

  /** Bytes of the FIXED_LEN_BYTE_ARRAY holding a decimal of {@code precision} digits (Spark's rule). */
  static int decimalBytes(int precision) {
    int bytes = 1;
    while (Math.pow(2.0, 8 * bytes - 1) < Math.pow(10.0, precision)) {
      bytes++;
    }
    return bytes;
  }
}
