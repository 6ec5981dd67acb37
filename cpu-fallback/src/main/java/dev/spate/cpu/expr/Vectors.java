package dev.spate.cpu.expr;

import dev.spate.SpateException;
import dev.spate.planner.batch.VectorValues;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Column-at-a-time helpers shared by the kernels: allocation of result vectors, bulk reads of
 * fixed-width columns into primitive arrays indexed by physical row, bulk writes back, null masks.
 * Each bulk operation switches on the type once and then runs a tight loop.
 */
public final class Vectors {
  private Vectors() {}

  /** A new vector of {@code type} with room for the batch's rows, all null. */
  public static FieldVector allocate(Field type, EvalContext context) {
    return allocate(type, context, context.rowCount());
  }

  /** A new vector of {@code type} with room for {@code length} rows, all null. */
  public static FieldVector allocate(Field type, EvalContext context, int length) {
    FieldVector vector = type.createVector(context.allocator());
    try {
      vector.setInitialCapacity(Math.max(length, 1));
      vector.allocateNew();
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /** A vector of {@code type} whose every row is null. */
  public static FieldVector allNull(Field type, EvalContext context, int length) {
    FieldVector vector = allocate(type, context, length);
    vector.setValueCount(length);
    return vector;
  }

  /**
   * A new vector of {@code type} holding the constant {@code value} (internal representation, or
   * null for all NULL) at the rows of {@code rows} (fixed-width types: at every row).
   */
  public static FieldVector constant(Field type, Object value, RowSet rows, EvalContext context) {
    int length = rows.length();
    if (value == null) {
      return allNull(type, context, length);
    }
    FieldVector vector = allocate(type, context, length);
    try {
      TypeKind kind = TypeKind.of(type);
      if (kind.isLongLike() || kind.isFloating() || kind == TypeKind.BOOLEAN) {
        fillConstant(vector, kind, value, length);
      } else {
        for (int index = 0; index < rows.count(); index++) {
          VectorValues.set(vector, rows.position(index), value);
        }
      }
      vector.setValueCount(length);
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  private static void fillConstant(FieldVector vector, TypeKind kind, Object value, int length) {
    Validity.setAll(vector.getValidityBuffer(), length);
    if (kind == TypeKind.BOOLEAN) {
      if ((Boolean) value) {
        Validity.setAll(vector.getDataBuffer(), length);
      }
      return;
    }
    Chunk chunk = new Chunk(RowSet.all(length));
    if (kind.isFloating()) {
      double[] values = new double[Math.min(length, Chunk.SIZE)];
      Arrays.fill(values, ((Number) value).doubleValue());
      while (chunk.next()) {
        FixedWidth.storeDoubles(vector, kind, chunk, values);
      }
    } else {
      long[] values = new long[Math.min(length, Chunk.SIZE)];
      Arrays.fill(values, ((Number) value).longValue());
      while (chunk.next()) {
        FixedWidth.storeLongs(vector, kind, chunk, values);
      }
    }
  }

  /** True when {@code row} of {@code vector} is null (NullVector: always). */
  public static boolean isNull(FieldVector vector, int row) {
    return vector instanceof NullVector
        || BitVectorHelper.get(vector.getValidityBuffer(), row) == 0;
  }

  /**
   * A mask indexed by physical row, true where any of {@code inputs} is null at a row of {@code
   * rows}; false elsewhere.
   */
  public static boolean[] nulls(RowSet rows, FieldVector... inputs) {
    boolean[] nulls = new boolean[rows.length()];
    for (FieldVector input : inputs) {
      orNulls(nulls, rows, input);
    }
    return nulls;
  }

  /** Marks in {@code nulls} the rows of {@code rows} where {@code input} is null. */
  public static void orNulls(boolean[] nulls, RowSet rows, FieldVector input) {
    if (input instanceof NullVector) {
      for (int index = 0; index < rows.count(); index++) {
        nulls[rows.position(index)] = true;
      }
      return;
    }
    if (input.getNullCount() == 0) {
      return;
    }
    ArrowBuf validity = input.getValidityBuffer();
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      if (BitVectorHelper.get(validity, row) == 0) {
        nulls[row] = true;
      }
    }
  }

  /** Values of an integral, DATE, TIMESTAMP or BOOLEAN column at {@code rows}, widened to long. */
  public static long[] longs(FieldVector vector, RowSet rows) {
    long[] values = new long[rows.length()];
    TypeKind kind = TypeKind.of(vector.getField());
    if (kind == TypeKind.NULL) {
      return values;
    }
    ArrowBuf data = vector.getDataBuffer();
    int count = rows.count();
    switch (kind) {
      case BOOLEAN:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = BitVectorHelper.get(data, row);
        }
        break;
      case INT8:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = data.getByte(row);
        }
        break;
      case INT16:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = data.getShort((long) row << 1);
        }
        break;
      case INT32:
      case DATE:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = data.getInt((long) row << 2);
        }
        break;
      case INT64:
      case TIMESTAMP:
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          values[row] = data.getLong((long) row << 3);
        }
        break;
      default:
        throw unsupported("read as integers", vector.getField());
    }
    return values;
  }

  /** Values of a numeric (not decimal) column at {@code rows}, widened to double. */
  public static double[] doubles(FieldVector vector, RowSet rows) {
    TypeKind kind = TypeKind.of(vector.getField());
    if (kind == TypeKind.NULL) {
      return new double[rows.length()];
    }
    if (kind != TypeKind.FLOAT32 && kind != TypeKind.FLOAT64) {
      long[] longs = longs(vector, rows);
      double[] values = new double[rows.length()];
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        values[row] = longs[row];
      }
      return values;
    }
    double[] values = new double[rows.length()];
    ArrowBuf data = vector.getDataBuffer();
    int count = rows.count();
    if (kind == TypeKind.FLOAT32) {
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        values[row] = data.getFloat((long) row << 2);
      }
    } else {
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        values[row] = data.getDouble((long) row << 3);
      }
    }
    return values;
  }

  /**
   * A new vector of {@code type} (integral, DATE, TIMESTAMP or BOOLEAN) holding {@code values} at the
   * non-null rows of {@code rows}; integral values are narrowed (wrapped) to the type's width.
   */
  public static FieldVector fromLongs(Field type, long[] values, boolean[] nulls, RowSet rows,
      EvalContext context) {
    FieldVector vector = allocate(type, context, rows.length());
    int count = rows.count();
    switch (TypeKind.of(type)) {
      case BOOLEAN: {
        BitVector target = (BitVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, values[row] != 0 ? 1 : 0);
          }
        }
        break;
      }
      case INT8: {
        TinyIntVector target = (TinyIntVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, (byte) values[row]);
          }
        }
        break;
      }
      case INT16: {
        SmallIntVector target = (SmallIntVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, (short) values[row]);
          }
        }
        break;
      }
      case INT32: {
        IntVector target = (IntVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, (int) values[row]);
          }
        }
        break;
      }
      case DATE: {
        DateDayVector target = (DateDayVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, (int) values[row]);
          }
        }
        break;
      }
      case INT64: {
        BigIntVector target = (BigIntVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, values[row]);
          }
        }
        break;
      }
      case TIMESTAMP: {
        TimeStampVector target = (TimeStampVector) vector;
        for (int index = 0; index < count; index++) {
          int row = rows.position(index);
          if (!nulls[row]) {
            target.set(row, values[row]);
          }
        }
        break;
      }
      default:
        vector.close();
        throw unsupported("write integers to", type);
    }
    vector.setValueCount(rows.length());
    return vector;
  }

  /** A new FLOAT or DOUBLE vector holding {@code values} at the non-null rows of {@code rows}. */
  public static FieldVector fromDoubles(Field type, double[] values, boolean[] nulls, RowSet rows,
      EvalContext context) {
    FieldVector vector = allocate(type, context, rows.length());
    int count = rows.count();
    TypeKind kind = TypeKind.of(type);
    if (kind == TypeKind.FLOAT32) {
      Float4Vector target = (Float4Vector) vector;
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          target.set(row, (float) values[row]);
        }
      }
    } else if (kind == TypeKind.FLOAT64) {
      Float8Vector target = (Float8Vector) vector;
      for (int index = 0; index < count; index++) {
        int row = rows.position(index);
        if (!nulls[row]) {
          target.set(row, values[row]);
        }
      }
    } else {
      vector.close();
      throw unsupported("write floating point values to", type);
    }
    vector.setValueCount(rows.length());
    return vector;
  }

  /** A new BOOLEAN vector of {@code type} from a value mask and a null mask. */
  public static FieldVector fromBooleans(Field type, boolean[] values, boolean[] nulls,
      RowSet rows, EvalContext context) {
    BitVector vector = (BitVector) allocate(type, context, rows.length());
    int count = rows.count();
    for (int index = 0; index < count; index++) {
      int row = rows.position(index);
      if (!nulls[row]) {
        vector.set(row, values[row] ? 1 : 0);
      }
    }
    vector.setValueCount(rows.length());
    return vector;
  }

  /** The UTF-8 (or binary) bytes at {@code row} of a variable-width vector. */
  public static byte[] bytes(FieldVector vector, int row) {
    return ((BaseVariableWidthVector) vector).get(row);
  }

  /** The string at {@code row} of a STRING vector. */
  public static String string(FieldVector vector, int row) {
    return new String(bytes(vector, row), StandardCharsets.UTF_8);
  }

  /**
   * Copies the value (or null) at {@code row} of {@code source} to the same row of {@code target}
   * (same type). Variable-width and nested targets must be written in increasing row order.
   */
  public static void copyRow(FieldVector source, int row, FieldVector target) {
    if (source instanceof NullVector || isNull(source, row)) {
      return;
    }
    target.copyFromSafe(row, row, source);
  }

  /** The rows of {@code rows} where the BOOLEAN {@code vector} is TRUE (not null, not false). */
  public static boolean[] trueRows(FieldVector vector, RowSet rows) {
    boolean[] result = new boolean[rows.length()];
    if (vector instanceof NullVector) {
      return result;
    }
    ArrowBuf validity = vector.getValidityBuffer();
    ArrowBuf data = vector.getDataBuffer();
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      result[row] = BitVectorHelper.get(validity, row) != 0 && BitVectorHelper.get(data, row) != 0;
    }
    return result;
  }

  public static SpateException unsupported(String what, Field type) {
    return SpateException.plan("the CPU backend cannot %s a column of type %s", what,
        dev.spate.planner.types.DataTypes.sqlName(type));
  }
}
