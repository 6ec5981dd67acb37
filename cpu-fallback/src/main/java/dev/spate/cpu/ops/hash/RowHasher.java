package dev.spate.cpu.ops.hash;

import dev.spate.SpateException;
import dev.spate.cpu.ops.vector.FixedWidthValues;
import dev.spate.planner.types.DataTypes;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;

/**
 * Hashes rows over any number of key columns of any type, column at a time, consistently with
 * {@link dev.spate.cpu.ops.vector.ValueComparators} equality: NULL hashes to a constant, {@code
 * -0.0} like {@code 0.0} and every NaN alike. Used by aggregation, distinct and join.
 */
public final class RowHasher {
  private static final long SEED = 0x2545F4914F6CDD1DL;
  private static final long NULL_HASH = 0x9E3779B97F4A7C15L;

  private RowHasher() {}

  /** A strong 64-bit finaliser (MurmurHash3's fmix64). */
  public static long mix(long value) {
    long hash = value;
    hash ^= hash >>> 33;
    hash *= 0xff51afd7ed558ccdL;
    hash ^= hash >>> 33;
    hash *= 0xc4ceb9fe1a85ec53L;
    hash ^= hash >>> 33;
    return hash;
  }

  private static long combine(long hash, long value) {
    return mix(hash * 31 + value);
  }

  /**
   * Hashes rows {@code positions[0..count)} over {@code columns} into {@code hashes[0..count)};
   * {@code scratch} must hold {@code count} longs.
   */
  public static void hashRows(List<FieldVector> columns, int[] positions, int count, long[] hashes,
      long[] scratch) {
    Arrays.fill(hashes, 0, count, SEED);
    for (FieldVector column : columns) {
      if (FixedWidthValues.isKeyType(column.getField().getType())) {
        FixedWidthValues.readKeys(column, positions, count, scratch);
        boolean mayHaveNulls = column.getNullCount() > 0;
        for (int index = 0; index < count; index++) {
          long value = mayHaveNulls && column.isNull(positions[index]) ? NULL_HASH : scratch[index];
          hashes[index] = combine(hashes[index], value);
        }
      } else {
        for (int index = 0; index < count; index++) {
          hashes[index] = combine(hashes[index], hash(column, positions[index]));
        }
      }
    }
  }

  /** The hash of one value of any supported type (the general, per-row path). */
  public static long hash(FieldVector vector, int row) {
    if (vector.isNull(row)) {
      return NULL_HASH;
    }
    if (FixedWidthValues.isKeyType(vector.getField().getType())) {
      return mix(FixedWidthValues.readKey(vector, row));
    }
    if (vector instanceof DecimalVector) {
      ArrowBuf data = vector.getDataBuffer();
      long offset = (long) row * DecimalVector.TYPE_WIDTH;
      return combine(mix(data.getLong(offset)), data.getLong(offset + 8));
    }
    if (vector instanceof BaseVariableWidthVector) {
      BaseVariableWidthVector variable = (BaseVariableWidthVector) vector;
      return hashBytes(variable.getDataBuffer(), variable.getStartOffset(row),
          variable.getEndOffset(row));
    }
    if (vector instanceof StructVector) {
      long hash = SEED;
      for (FieldVector child : ((StructVector) vector).getChildrenFromFields()) {
        hash = combine(hash, hash(child, row));
      }
      return hash;
    }
    if (vector instanceof ListVector) {
      ListVector list = (ListVector) vector;
      FieldVector elements = list.getDataVector();
      long hash = SEED;
      for (int element = list.getElementStartIndex(row); element < list.getElementEndIndex(row);
          element++) {
        hash = combine(hash, hash(elements, element));
      }
      return hash;
    }
    throw SpateException.plan("hashing values of type %s is not supported by the interpreted"
        + " backend", DataTypes.sqlName(vector.getField()));
  }

  private static long hashBytes(ArrowBuf data, long start, long end) {
    long hash = SEED ^ (end - start);
    long position = start;
    for (; position + 8 <= end; position += 8) {
      hash = combine(hash, data.getLong(position));
    }
    long tail = 0;
    for (; position < end; position++) {
      tail = (tail << 8) | (data.getByte(position) & 0xFF);
    }
    return combine(hash, tail);
  }
}
