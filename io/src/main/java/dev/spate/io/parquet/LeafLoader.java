package dev.spate.io.parquet;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.types.DataTypes;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Copies the values of one top-level primitive Parquet column straight from a {@link ColumnReader}
 * into an Arrow vector, one type-specialised loop per conversion (no per-value boxing except for
 * decimals). Built once per file for the file's column type and the requested Arrow type; the
 * allowed conversions are exact matches plus Spark's widenings INT to BIGINT, FLOAT to DOUBLE and
 * DECIMAL to a DECIMAL of the same scale and higher precision.
 */
final class LeafLoader {
  private enum Kind {
    BOOLEAN, TINYINT, SMALLINT, INT, INT_TO_LONG, LONG, FLOAT, FLOAT_TO_DOUBLE, DOUBLE, STRING,
    BINARY, DATE, TIMESTAMP, TIMESTAMP_INT96, DECIMAL_INT32, DECIMAL_INT64, DECIMAL_BINARY
  }

  private final Kind kind;
  private final int maxDefinitionLevel;
  private final TimeUnit unit;
  private final int scale;

  private LeafLoader(Kind kind, int maxDefinitionLevel, TimeUnit unit, int scale) {
    this.kind = requireNonNull(kind, "kind is null");
    this.maxDefinitionLevel = maxDefinitionLevel;
    this.unit = requireNonNull(unit, "unit is null");
    this.scale = scale;
  }

  /**
   * The loader reading {@code fileType} (at definition level {@code maxDefinitionLevel} when
   * defined) into vectors of {@code target}; an incompatible pair is an IO error naming the column,
   * the file and both types.
   */
  static LeafLoader create(PrimitiveType fileType, int maxDefinitionLevel, Field target,
      String file) {
    Field fileField = ParquetSchemas.toArrow(fileType);
    ArrowType fileArrow = fileField.getType();
    ArrowType targetType = target.getType();
    int scale = targetType instanceof ArrowType.Decimal ? ((ArrowType.Decimal) targetType).getScale()
        : 0;
    Kind kind = kind(fileType, fileArrow, targetType);
    if (kind == null) {
      throw SpateException.io("[FAILED_READ_FILE.PARQUET_COLUMN_DATA_TYPE_MISMATCH] Parquet column "
          + target.getName() + " in file " + file + " has type " + DataTypes.sqlName(fileArrow)
          + " (" + fileType.getPrimitiveTypeName() + ") but the schema expects "
          + DataTypes.sqlName(target), null);
    }
    return new LeafLoader(kind, maxDefinitionLevel, ParquetSchemas.timestampUnit(fileType), scale);
  }

  private static Kind kind(PrimitiveType fileType, ArrowType fileArrow, ArrowType target) {
    PrimitiveType.PrimitiveTypeName physical = fileType.getPrimitiveTypeName();
    if (target instanceof ArrowType.Decimal && fileArrow instanceof ArrowType.Decimal) {
      ArrowType.Decimal want = (ArrowType.Decimal) target;
      ArrowType.Decimal have = (ArrowType.Decimal) fileArrow;
      if (want.getScale() != have.getScale() || want.getPrecision() < have.getPrecision()) {
        return null;
      }
      return physical == PrimitiveType.PrimitiveTypeName.INT32 ? Kind.DECIMAL_INT32
          : physical == PrimitiveType.PrimitiveTypeName.INT64 ? Kind.DECIMAL_INT64
          : Kind.DECIMAL_BINARY;
    }
    if (target.equals(DataTypes.BIGINT) && physical == PrimitiveType.PrimitiveTypeName.INT32
        && fileArrow instanceof ArrowType.Int) {
      return Kind.INT_TO_LONG;
    }
    if (target.equals(DataTypes.DOUBLE) && fileArrow.equals(DataTypes.FLOAT)) {
      return Kind.FLOAT_TO_DOUBLE;
    }
    if (!target.equals(fileArrow)) {
      return null;
    }
    switch (physical) {
      case BOOLEAN:
        return Kind.BOOLEAN;
      case INT32:
        if (target.equals(DataTypes.DATE)) {
          return Kind.DATE;
        }
        int width = ((ArrowType.Int) target).getBitWidth();
        return width == 8 ? Kind.TINYINT : width == 16 ? Kind.SMALLINT : Kind.INT;
      case INT64:
        return target.equals(DataTypes.TIMESTAMP) ? Kind.TIMESTAMP : Kind.LONG;
      case INT96:
        return Kind.TIMESTAMP_INT96;
      case FLOAT:
        return Kind.FLOAT;
      case DOUBLE:
        return Kind.DOUBLE;
      default:
        return target.equals(DataTypes.STRING) ? Kind.STRING : Kind.BINARY;
    }
  }

  /** Reads the next {@code count} values into positions {@code 0..count-1} of a freshly allocated vector. */
  void load(ColumnReader reader, FieldVector vector, int count) {
    int defined = maxDefinitionLevel;
    switch (kind) {
      case BOOLEAN: {
        BitVector out = (BitVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getBoolean() ? 1 : 0);
          }
          reader.consume();
        }
        break;
      }
      case TINYINT: {
        TinyIntVector out = (TinyIntVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, (byte) reader.getInteger());
          }
          reader.consume();
        }
        break;
      }
      case SMALLINT: {
        SmallIntVector out = (SmallIntVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, (short) reader.getInteger());
          }
          reader.consume();
        }
        break;
      }
      case INT: {
        IntVector out = (IntVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getInteger());
          }
          reader.consume();
        }
        break;
      }
      case DATE: {
        DateDayVector out = (DateDayVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getInteger());
          }
          reader.consume();
        }
        break;
      }
      case INT_TO_LONG: {
        BigIntVector out = (BigIntVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getInteger());
          }
          reader.consume();
        }
        break;
      }
      case LONG: {
        BigIntVector out = (BigIntVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getLong());
          }
          reader.consume();
        }
        break;
      }
      case TIMESTAMP: {
        TimeStampVector out = (TimeStampVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, ParquetValues.toMicros(reader.getLong(), unit));
          }
          reader.consume();
        }
        break;
      }
      case TIMESTAMP_INT96: {
        TimeStampVector out = (TimeStampVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, ParquetValues.int96ToMicros(reader.getBinary()));
          }
          reader.consume();
        }
        break;
      }
      case FLOAT: {
        Float4Vector out = (Float4Vector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getFloat());
          }
          reader.consume();
        }
        break;
      }
      case FLOAT_TO_DOUBLE: {
        Float8Vector out = (Float8Vector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getFloat());
          }
          reader.consume();
        }
        break;
      }
      case DOUBLE: {
        Float8Vector out = (Float8Vector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            out.set(row, reader.getDouble());
          }
          reader.consume();
        }
        break;
      }
      case STRING: {
        VarCharVector out = (VarCharVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            ByteBuffer value = reader.getBinary().toByteBuffer();
            out.setSafe(row, value, value.position(), value.remaining());
          }
          reader.consume();
        }
        break;
      }
      case BINARY: {
        VarBinaryVector out = (VarBinaryVector) vector;
        for (int row = 0; row < count; row++) {
          if (reader.getCurrentDefinitionLevel() == defined) {
            ByteBuffer value = reader.getBinary().toByteBuffer();
            out.setSafe(row, value, value.position(), value.remaining());
          }
          reader.consume();
        }
        break;
      }
      default:
        loadDecimals(reader, (DecimalVector) vector, count);
    }
  }

  private void loadDecimals(ColumnReader reader, DecimalVector out, int count) {
    for (int row = 0; row < count; row++) {
      if (reader.getCurrentDefinitionLevel() == maxDefinitionLevel) {
        BigDecimal value = kind == Kind.DECIMAL_INT32 ? BigDecimal.valueOf(reader.getInteger(), scale)
            : kind == Kind.DECIMAL_INT64 ? BigDecimal.valueOf(reader.getLong(), scale)
            : ParquetValues.decimal(reader.getBinary(), scale);
        out.setSafe(row, value);
      }
      reader.consume();
    }
  }
}
