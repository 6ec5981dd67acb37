package dev.spate.cpu.ops.vector;

import dev.spate.SpateException;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Reads and writes fixed-width values (integers, booleans, dates, timestamps, floats) as primitive
 * {@code long}s and {@code double}s straight from the vectors' buffers, without boxing. Values at
 * NULL positions read as garbage; callers check validity.
 *
 * <p>A <em>key</em> is a long whose equality is SQL grouping equality: integers widen, and floats
 * are normalised so that {@code -0.0 == 0.0} and all NaNs are equal.
 */
public final class FixedWidthValues {
  /** Reads one value per row. The vector must not be reallocated while a reader is in use. */
  @FunctionalInterface
  public interface LongReader {
    long get(int row);
  }

  /** Reads one floating value per row. The vector must not be reallocated while in use. */
  @FunctionalInterface
  public interface DoubleReader {
    double get(int row);
  }

  private enum Kind { BYTE, SHORT, INT, LONG, BIT, FLOAT, DOUBLE }

  private static final long DOUBLE_NAN_BITS = Double.doubleToLongBits(Double.NaN);
  private static final long FLOAT_NAN_BITS = Float.floatToIntBits(Float.NaN);

  private FixedWidthValues() {}

  /** True for types whose values fit a normalised long key. */
  public static boolean isKeyType(ArrowType type) {
    return type instanceof ArrowType.Int || type instanceof ArrowType.Bool
        || type instanceof ArrowType.Timestamp || type instanceof ArrowType.FloatingPoint
        && ((ArrowType.FloatingPoint) type).getPrecision() != org.apache.arrow.vector.types
            .FloatingPointPrecision.HALF
        || type instanceof ArrowType.Date && ((ArrowType.Date) type).getUnit() == DateUnit.DAY;
  }

  /** True for integral, boolean, date and timestamp types (read exactly as longs). */
  public static boolean isIntegerLike(ArrowType type) {
    return isKeyType(type) && !(type instanceof ArrowType.FloatingPoint);
  }

  private static Kind kind(FieldVector vector) {
    if (vector instanceof TinyIntVector) {
      return Kind.BYTE;
    }
    if (vector instanceof SmallIntVector) {
      return Kind.SHORT;
    }
    if (vector instanceof IntVector || vector instanceof DateDayVector) {
      return Kind.INT;
    }
    if (vector instanceof BigIntVector || vector instanceof TimeStampVector) {
      return Kind.LONG;
    }
    if (vector instanceof BitVector) {
      return Kind.BIT;
    }
    if (vector instanceof Float4Vector) {
      return Kind.FLOAT;
    }
    if (vector instanceof Float8Vector) {
      return Kind.DOUBLE;
    }
    throw SpateException.internal("not a fixed-width key vector: " + vector.getField(), null);
  }

  /**
   * Reads the normalised keys of rows {@code positions[0..count)} into {@code keys[0..count)}.
   */
  public static void readKeys(FieldVector vector, int[] positions, int count, long[] keys) {
    ArrowBuf data = vector.getDataBuffer();
    switch (kind(vector)) {
      case BYTE:
        for (int index = 0; index < count; index++) {
          keys[index] = data.getByte(positions[index]);
        }
        break;
      case SHORT:
        for (int index = 0; index < count; index++) {
          keys[index] = data.getShort((long) positions[index] * 2);
        }
        break;
      case INT:
        for (int index = 0; index < count; index++) {
          keys[index] = data.getInt((long) positions[index] * 4);
        }
        break;
      case LONG:
        for (int index = 0; index < count; index++) {
          keys[index] = data.getLong((long) positions[index] * 8);
        }
        break;
      case BIT:
        for (int index = 0; index < count; index++) {
          keys[index] = BitVectorHelper.get(data, positions[index]);
        }
        break;
      case FLOAT:
        for (int index = 0; index < count; index++) {
          keys[index] = floatKey(Float.intBitsToFloat(data.getInt((long) positions[index] * 4)));
        }
        break;
      default:
        for (int index = 0; index < count; index++) {
          keys[index] =
              doubleKey(Double.longBitsToDouble(data.getLong((long) positions[index] * 8)));
        }
        break;
    }
  }

  /** The normalised key of one row (the per-row form of {@link #readKeys}). */
  public static long readKey(FieldVector vector, int row) {
    ArrowBuf data = vector.getDataBuffer();
    switch (kind(vector)) {
      case BYTE:
        return data.getByte(row);
      case SHORT:
        return data.getShort((long) row * 2);
      case INT:
        return data.getInt((long) row * 4);
      case LONG:
        return data.getLong((long) row * 8);
      case BIT:
        return BitVectorHelper.get(data, row);
      case FLOAT:
        return floatKey(Float.intBitsToFloat(data.getInt((long) row * 4)));
      default:
        return doubleKey(Double.longBitsToDouble(data.getLong((long) row * 8)));
    }
  }

  /** The normalised key of a double: -0.0 becomes 0.0 and every NaN the canonical NaN. */
  private static long doubleKey(double value) {
    return value == 0.0 ? 0L
        : Double.isNaN(value) ? DOUBLE_NAN_BITS : Double.doubleToRawLongBits(value);
  }

  private static long floatKey(float value) {
    return value == 0.0f ? 0L
        : Float.isNaN(value) ? FLOAT_NAN_BITS : Float.floatToRawIntBits(value);
  }

  /** Writes {@code keys[from..from+count)} (from {@link #readKeys}) to rows {@code 0..count}. */
  public static void writeKeys(FieldVector vector, long[] keys, int from, int count) {
    Kind kind = kind(vector);
    for (int index = 0; index < count; index++) {
      long key = keys[from + index];
      if (kind == Kind.FLOAT) {
        ((Float4Vector) vector).setSafe(index, Float.intBitsToFloat((int) key));
      } else if (kind == Kind.DOUBLE) {
        ((Float8Vector) vector).setSafe(index, Double.longBitsToDouble(key));
      } else {
        writeLong(vector, index, key);
      }
    }
  }

  /** A reader of the exact value of an integral, boolean, date or timestamp vector. */
  public static LongReader longReader(FieldVector vector) {
    ArrowBuf data = vector.getDataBuffer();
    switch (kind(vector)) {
      case BYTE:
        return row -> data.getByte(row);
      case SHORT:
        return row -> data.getShort((long) row * 2);
      case INT:
        return row -> data.getInt((long) row * 4);
      case LONG:
        return row -> data.getLong((long) row * 8);
      case BIT:
        return row -> BitVectorHelper.get(data, row);
      default:
        throw SpateException.internal("not an integral vector: " + vector.getField(), null);
    }
  }

  /** A reader of any numeric fixed-width vector as doubles (integers are converted). */
  public static DoubleReader doubleReader(FieldVector vector) {
    ArrowBuf data = vector.getDataBuffer();
    switch (kind(vector)) {
      case FLOAT:
        return row -> Float.intBitsToFloat(data.getInt((long) row * 4));
      case DOUBLE:
        return row -> Double.longBitsToDouble(data.getLong((long) row * 8));
      default:
        LongReader reader = longReader(vector);
        return row -> reader.get(row);
    }
  }

  /** Sets an integral, boolean, date or timestamp value, growing the vector. */
  public static void writeLong(FieldVector vector, int index, long value) {
    switch (kind(vector)) {
      case BYTE:
        ((TinyIntVector) vector).setSafe(index, (byte) value);
        break;
      case SHORT:
        ((SmallIntVector) vector).setSafe(index, (short) value);
        break;
      case INT:
        if (vector instanceof DateDayVector) {
          ((DateDayVector) vector).setSafe(index, (int) value);
        } else {
          ((IntVector) vector).setSafe(index, (int) value);
        }
        break;
      case LONG:
        if (vector instanceof TimeStampVector) {
          ((TimeStampVector) vector).setSafe(index, value);
        } else {
          ((BigIntVector) vector).setSafe(index, value);
        }
        break;
      case BIT:
        ((BitVector) vector).setSafe(index, (int) value);
        break;
      default:
        throw SpateException.internal("not an integral vector: " + vector.getField(), null);
    }
  }

  /** Sets a floating value (FLOAT or DOUBLE vector), growing the vector. */
  public static void writeDouble(FieldVector vector, int index, double value) {
    if (vector instanceof Float4Vector) {
      ((Float4Vector) vector).setSafe(index, (float) value);
    } else {
      ((Float8Vector) vector).setSafe(index, value);
    }
  }
}
