package dev.spate.io.parquet;

import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;

/**
 * Converts nested Parquet values (LIST, MAP, groups), assembled by Parquet's record reader into
 * {@link Group}s, to Spate's internal representation (List, LinkedHashMap, List of struct fields)
 * for {@code VectorValues.set}. This is the general path for nested columns; flat columns use
 * {@link LeafLoader}. Struct fields are matched by name; a requested field the file lacks is NULL.
 */
final class NestedValues {
  private NestedValues() {}

  /** The value of field {@code fieldIndex} of {@code parent} (of Parquet type {@code type}), or null. */
  static Object field(Group parent, int fieldIndex, Type type, Field target) {
    int count = parent.getFieldRepetitionCount(fieldIndex);
    if (type.isRepetition(Repetition.REPEATED)) {
      Field element = target.getChildren().get(0);
      List<Object> values = new ArrayList<>(count);
      for (int index = 0; index < count; index++) {
        values.add(value(parent, fieldIndex, index, type, element));
      }
      return values;
    }
    return count == 0 ? null : value(parent, fieldIndex, 0, type, target);
  }

  private static Object value(Group parent, int fieldIndex, int index, Type type, Field target) {
    if (type.isPrimitive()) {
      return leaf(parent, fieldIndex, index, type.asPrimitiveType(), target);
    }
    GroupType groupType = type.asGroupType();
    Group group = parent.getGroup(fieldIndex, index);
    ArrowType targetType = target.getType();
    if (targetType instanceof ArrowType.List) {
      return list(group, groupType, target.getChildren().get(0));
    }
    if (targetType instanceof ArrowType.Map) {
      return map(group, groupType, target.getChildren().get(0).getChildren());
    }
    if (targetType instanceof ArrowType.Struct) {
      List<Object> values = new ArrayList<>(target.getChildren().size());
      for (Field child : target.getChildren()) {
        if (!groupType.containsField(child.getName())) {
          values.add(null);
          continue;
        }
        int childIndex = groupType.getFieldIndex(child.getName());
        values.add(field(group, childIndex, groupType.getType(childIndex), child));
      }
      return values;
    }
    throw mismatch(type, target);
  }

  private static List<Object> list(Group group, GroupType listType, Field element) {
    int count = group.getFieldRepetitionCount(0);
    List<Object> values = new ArrayList<>(count);
    boolean threeLevel = ParquetSchemas.isThreeLevel(listType);
    Type repeated = listType.getType(0);
    for (int index = 0; index < count; index++) {
      if (threeLevel) {
        Group holder = group.getGroup(0, index);
        values.add(field(holder, 0, repeated.asGroupType().getType(0), element));
      } else {
        values.add(value(group, 0, index, ParquetSchemas.listElement(listType), element));
      }
    }
    return values;
  }

  private static Map<Object, Object> map(Group group, GroupType mapType, List<Field> entry) {
    GroupType keyValue = mapType.getType(0).asGroupType();
    int count = group.getFieldRepetitionCount(0);
    Map<Object, Object> values = new LinkedHashMap<>();
    for (int index = 0; index < count; index++) {
      Group pair = group.getGroup(0, index);
      values.put(field(pair, 0, keyValue.getType(0), entry.get(0)),
          field(pair, 1, keyValue.getType(1), entry.get(1)));
    }
    return values;
  }

  private static Object leaf(Group group, int fieldIndex, int index, PrimitiveType type,
      Field target) {
    ArrowType targetType = target.getType();
    PrimitiveTypeName physical = type.getPrimitiveTypeName();
    if (targetType instanceof ArrowType.Decimal) {
      int scale = ((ArrowType.Decimal) targetType).getScale();
      return physical == PrimitiveTypeName.INT32
          ? BigDecimal.valueOf(group.getInteger(fieldIndex, index), scale)
          : physical == PrimitiveTypeName.INT64
          ? BigDecimal.valueOf(group.getLong(fieldIndex, index), scale)
          : ParquetValues.decimal(group.getBinary(fieldIndex, index), scale);
    }
    if (targetType instanceof ArrowType.Timestamp) {
      return physical == PrimitiveTypeName.INT96
          ? ParquetValues.int96ToMicros(group.getInt96(fieldIndex, index))
          : ParquetValues.toMicros(group.getLong(fieldIndex, index),
              ParquetSchemas.timestampUnit(type));
    }
    switch (physical) {
      case BOOLEAN:
        return group.getBoolean(fieldIndex, index);
      case INT32:
        int intValue = group.getInteger(fieldIndex, index);
        if (targetType.equals(DataTypes.TINYINT)) {
          return (byte) intValue;
        }
        if (targetType.equals(DataTypes.SMALLINT)) {
          return (short) intValue;
        }
        return targetType.equals(DataTypes.BIGINT) ? (Object) (long) intValue : (Object) intValue;
      case INT64:
        return group.getLong(fieldIndex, index);
      case FLOAT:
        float floatValue = group.getFloat(fieldIndex, index);
        return targetType.equals(DataTypes.DOUBLE) ? (Object) (double) floatValue
            : (Object) floatValue;
      case DOUBLE:
        return group.getDouble(fieldIndex, index);
      default:
        return targetType instanceof ArrowType.Utf8
            ? group.getBinary(fieldIndex, index).toStringUsingUTF8()
            : group.getBinary(fieldIndex, index).getBytes();
    }
  }

  private static SpateException mismatch(Type type, Field target) {
    return SpateException.io("Parquet field " + type.getName() + " of type " + type
        + " cannot be read as " + DataTypes.sqlName(target), null);
  }
}
