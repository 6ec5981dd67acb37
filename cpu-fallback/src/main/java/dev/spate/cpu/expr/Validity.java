package dev.spate.cpu.expr;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/** Validity bitmaps handled a 64-bit word at a time (bytes only for a partial last word). */
public final class Validity {
  private Validity() {}

  /** True when {@code vector} has no null in its first {@code length} rows. */
  public static boolean noNulls(FieldVector vector) {
    return !(vector instanceof NullVector) && vector.getNullCount() == 0;
  }

  /** Marks rows {@code 0..length-1} of {@code bitmap} valid (set). */
  public static void setAll(ArrowBuf bitmap, int length) {
    int fullBytes = length >>> 3;
    bitmap.setOne(0L, (long) fullBytes);
    if ((length & 7) != 0) {
      bitmap.setByte(fullBytes, (1 << (length & 7)) - 1);
    }
  }

  /**
   * Writes to {@code target} (the validity bitmap of a new vector of {@code length} rows) the rows
   * valid in every one of {@code inputs} (none: all rows). Inputs must not be NullVectors.
   */
  public static void intersect(ArrowBuf target, int length, List<FieldVector> inputs) {
    boolean first = true;
    for (FieldVector input : inputs) {
      if (input.getNullCount() == 0) {
        continue;
      }
      ArrowBuf source = input.getValidityBuffer();
      if (first) {
        copy(source, target, length);
        first = false;
      } else {
        and(source, target, length);
      }
    }
    if (first) {
      setAll(target, length);
    }
  }

  private static void copy(ArrowBuf source, ArrowBuf target, int length) {
    int bytes = (length + 7) >>> 3;
    target.setBytes(0L, source, 0L, (long) bytes);
  }

  private static void and(ArrowBuf source, ArrowBuf target, int length) {
    int bytes = (length + 7) >>> 3;
    int words = bytes >>> 3;
    for (int word = 0; word < words; word++) {
      long offset = (long) word << 3;
      target.setLong(offset, target.getLong(offset) & source.getLong(offset));
    }
    for (int index = words << 3; index < bytes; index++) {
      target.setByte(index, target.getByte(index) & source.getByte(index));
    }
  }

  /** True when {@code row} is set in {@code bitmap}. */
  public static boolean isSet(ArrowBuf bitmap, int row) {
    return BitVectorHelper.get(bitmap, row) != 0;
  }
}
