package dev.spate.planner.batch;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Copies selected rows of a vector of any type into another vector: the one place where operators
 * materialise rows (aggregation keys, sort output, join output, buffered build sides). Fixed-width
 * vectors are copied with specialised loops over their buffers; variable-width and nested vectors
 * go through Arrow's {@link TransferPair#copyValueSafe}.
 */
public final class VectorGather {
  private VectorGather() {}

  /** A new empty vector of {@code field}'s type with room for {@code capacity} rows. */
  public static FieldVector allocate(Field field, int capacity, BufferAllocator allocator) {
    FieldVector vector = field.createVector(allocator);
    try {
      vector.setInitialCapacity(Math.max(capacity, 1));
      vector.allocateNew();
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }

  /** A new vector of {@code field}'s type holding {@code count} NULLs. */
  public static FieldVector nulls(Field field, int count, BufferAllocator allocator) {
    FieldVector vector = allocate(field, count, allocator);
    vector.setValueCount(count);
    return vector;
  }

  /**
   * A new vector of {@code targetField}'s type (the same physical type as {@code source}) whose row
   * {@code i} is source row {@code positions[i]}, or NULL where that position is negative.
   */
  public static FieldVector gather(FieldVector source, int[] positions, int count,
      Field targetField, BufferAllocator allocator) {
    FieldVector target = allocate(targetField, count, allocator);
    try {
      copy(source, positions, 0, count, target, 0);
      target.setValueCount(count);
      return target;
    } catch (RuntimeException e) {
      target.close();
      throw e;
    }
  }

  /**
   * Copies source rows {@code positions[from..from+count)} (a negative position copies a NULL) to
   * target rows {@code targetStart..targetStart+count}, growing the target. The caller sets the
   * target's value count afterwards.
   */
  public static void copy(FieldVector source, int[] positions, int from, int count,
      FieldVector target, int targetStart) {
    if (count == 0) {
      return;
    }
    if (source instanceof BaseFixedWidthVector && !(source instanceof BitVector)
        && source.getClass() == target.getClass()) {
      copyFixedWidth((BaseFixedWidthVector) source, positions, from, count,
          (BaseFixedWidthVector) target, targetStart);
      return;
    }
    TransferPair pair = source.makeTransferPair(target);
    for (int index = 0; index < count; index++) {
      int position = positions[from + index];
      if (position < 0) {
        VectorValues.setNull(target, targetStart + index);
      } else {
        pair.copyValueSafe(position, targetStart + index);
      }
    }
  }

  private static void copyFixedWidth(BaseFixedWidthVector source, int[] positions, int from,
      int count, BaseFixedWidthVector target, int targetStart) {
    while (target.getValueCapacity() < targetStart + count) {
      target.reAlloc();
    }
    int width = source.getTypeWidth();
    ArrowBuf sourceValidity = source.getValidityBuffer();
    ArrowBuf sourceData = source.getDataBuffer();
    ArrowBuf targetValidity = target.getValidityBuffer();
    ArrowBuf targetData = target.getDataBuffer();
    for (int index = 0; index < count; index++) {
      int position = positions[from + index];
      int row = targetStart + index;
      if (position < 0 || BitVectorHelper.get(sourceValidity, position) == 0) {
        BitVectorHelper.unsetBit(targetValidity, row);
        continue;
      }
      BitVectorHelper.setBit(targetValidity, row);
      if (width == 8) {
        targetData.setLong((long) row * 8, sourceData.getLong((long) position * 8));
      } else if (width == 4) {
        targetData.setInt((long) row * 4, sourceData.getInt((long) position * 4));
      } else {
        targetData.setBytes((long) row * width, sourceData, (long) position * width, width);
      }
    }
  }
}
