package dev.spate.io.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.spate.SpateException;
import dev.spate.io.FormatOptions;
import dev.spate.io.ParseMode;
import dev.spate.io.text.TextFiles;
import dev.spate.planner.types.DataTypes;
import java.io.BufferedReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FileStatus;

/**
 * Spark's JSON schema inference over every record: integral numbers are BIGINT (DECIMAL(p,0) beyond
 * BIGINT), other numbers DOUBLE, strings STRING, booleans BOOLEAN, objects STRUCT with fields sorted
 * by name, arrays ARRAY. Conflicting types widen numerically (BIGINT and DOUBLE to DOUBLE) and
 * otherwise become STRING; fields that are only ever null become STRING. In PERMISSIVE mode a
 * malformed line adds the corrupt-record column; in FAILFAST it fails the read.
 */
public final class JsonSchemaInference {
  private static final Field NULL_FIELD = DataTypes.field("", ArrowType.Null.INSTANCE, true);

  private JsonSchemaInference() {}

  public static Schema infer(List<FileStatus> files, FormatOptions options) {
    ParseMode mode = options.mode();
    Field merged = DataTypes.structOf("", List.of(), true);
    boolean sawMalformed = false;
    for (FileStatus file : files) {
      try (BufferedReader reader = TextFiles.openReader(file.getPath())) {
        String line;
        long lineNumber = 0;
        while ((line = reader.readLine()) != null) {
          lineNumber++;
          if (line.isBlank()) {
            continue;
          }
          JsonNode record = parseOrNull(line);
          if (record == null || !record.isObject()) {
            if (mode == ParseMode.FAILFAST) {
              throw SpateException.io("[MALFORMED_RECORD_IN_PARSING] Malformed records are detected"
                  + " in schema inference. Parse Mode: FAILFAST. json " + file.getPath() + " line "
                  + lineNumber + ": " + line, null);
            }
            sawMalformed = true;
            continue;
          }
          merged = merge(merged, inferType(record));
        }
      } catch (IOException e) {
        throw SpateException.io("cannot read json file " + file.getPath() + ": " + e.getMessage(), e);
      }
    }
    List<Field> fields = new ArrayList<>(finish(merged).getChildren());
    if (sawMalformed && mode == ParseMode.PERMISSIVE) {
      String corrupt = options.corruptRecordColumn();
      if (fields.stream().noneMatch(field -> field.getName().equals(corrupt))) {
        fields.add(DataTypes.field(corrupt, DataTypes.STRING, true));
        fields.sort((left, right) -> left.getName().compareTo(right.getName()));
      }
    }
    return new Schema(fields);
  }

  private static JsonNode parseOrNull(String line) {
    try {
      return JsonFormat.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static Field inferType(JsonNode node) {
    if (node.isNull()) {
      return NULL_FIELD;
    }
    if (node.isBoolean()) {
      return DataTypes.field("", DataTypes.BOOLEAN, true);
    }
    if (node.isIntegralNumber()) {
      if (node.canConvertToLong()) {
        return DataTypes.field("", DataTypes.BIGINT, true);
      }
      return decimalOrDouble(new BigDecimal(node.bigIntegerValue()));
    }
    if (node.isNumber()) {
      return DataTypes.field("", DataTypes.DOUBLE, true);
    }
    if (node.isArray()) {
      Field element = NULL_FIELD;
      for (JsonNode item : node) {
        element = merge(element, inferType(item));
      }
      return DataTypes.listOf("", element, true);
    }
    if (node.isObject()) {
      Map<String, Field> children = new TreeMap<>();
      Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        children.put(entry.getKey(), DataTypes.rename(inferType(entry.getValue()), entry.getKey()));
      }
      return DataTypes.structOf("", new ArrayList<>(children.values()), true);
    }
    return DataTypes.field("", DataTypes.STRING, true);
  }

  private static Field decimalOrDouble(BigDecimal value) {
    int precision = Math.max(value.precision(), value.scale());
    return precision <= 38 ? DataTypes.field("", DataTypes.decimal(precision, value.scale()), true)
        : DataTypes.field("", DataTypes.DOUBLE, true);
  }

  /** The type both inputs fit in (Spark's {@code compatibleType}); the name of {@code left} is kept. */
  static Field merge(Field left, Field right) {
    ArrowType leftType = left.getType();
    ArrowType rightType = right.getType();
    String name = left.getName();
    if (leftType instanceof ArrowType.Null) {
      return DataTypes.rename(right, name);
    }
    if (rightType instanceof ArrowType.Null || DataTypes.sameType(left, right)) {
      return left;
    }
    if (leftType instanceof ArrowType.Struct && rightType instanceof ArrowType.Struct) {
      Map<String, Field> children = new TreeMap<>();
      for (Field child : left.getChildren()) {
        children.put(child.getName(), child);
      }
      for (Field child : right.getChildren()) {
        Field existing = children.get(child.getName());
        children.put(child.getName(), existing == null ? child : merge(existing, child));
      }
      return DataTypes.structOf(name, new ArrayList<>(children.values()), true);
    }
    if (leftType instanceof ArrowType.List && rightType instanceof ArrowType.List) {
      return DataTypes.listOf(name, merge(left.getChildren().get(0), right.getChildren().get(0)),
          true);
    }
    if (DataTypes.isNumeric(leftType) && DataTypes.isNumeric(rightType)) {
      return DataTypes.field(name, widenNumeric(leftType, rightType), true);
    }
    return DataTypes.field(name, DataTypes.STRING, true);
  }

  private static ArrowType widenNumeric(ArrowType left, ArrowType right) {
    if (DataTypes.isFloating(left) || DataTypes.isFloating(right)) {
      return DataTypes.DOUBLE;
    }
    ArrowType.Decimal leftDecimal = asDecimal(left);
    ArrowType.Decimal rightDecimal = asDecimal(right);
    int scale = Math.max(leftDecimal.getScale(), rightDecimal.getScale());
    int integerDigits = Math.max(leftDecimal.getPrecision() - leftDecimal.getScale(),
        rightDecimal.getPrecision() - rightDecimal.getScale());
    return integerDigits + scale > 38 ? DataTypes.DOUBLE : DataTypes.decimal(integerDigits + scale, scale);
  }

  private static ArrowType.Decimal asDecimal(ArrowType type) {
    return type instanceof ArrowType.Decimal ? (ArrowType.Decimal) type
        : (ArrowType.Decimal) DataTypes.decimal(20, 0);
  }

  /** Replaces never-typed (all null) fields by STRING and drops empty structs. */
  private static Field finish(Field field) {
    ArrowType type = field.getType();
    if (type instanceof ArrowType.Null) {
      return DataTypes.field(field.getName(), DataTypes.STRING, true);
    }
    if (type instanceof ArrowType.List) {
      return DataTypes.listOf(field.getName(), finish(field.getChildren().get(0)), true);
    }
    if (type instanceof ArrowType.Struct) {
      List<Field> children = new ArrayList<>();
      for (Field child : field.getChildren()) {
        Field finished = finish(child);
        if (!(finished.getType() instanceof ArrowType.Struct) || !finished.getChildren().isEmpty()) {
          children.add(finished);
        }
      }
      return DataTypes.structOf(field.getName(), children, true);
    }
    return field;
  }
}
