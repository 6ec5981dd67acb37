package dev.spate.cpu.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.FieldVector;

/**
 * Chunked reads and writes of fixed-width numeric vectors by raw buffer address: values at the rows
 * of the current {@link Chunk} slice are loaded into (or stored from) primitive arrays indexed by
 * slice row. Integral kinds (with DATE and TIMESTAMP) are widened to long and narrowed (wrapped)
 * on store; FLOAT and DOUBLE are widened to double. Callers guarantee the vector has room for every
 * row of the slice. The 64-bit kinds have separate loops for dense slices (no offsets to read).
 */
public final class FixedWidth {
  private FixedWidth() {}

  /** Loads the slice's values of {@code vector} (of a long-like {@code kind}) into {@code target}. */
  public static void loadLongs(FieldVector vector, TypeKind kind, Chunk chunk, long[] target) {
    long address = vector.getDataBufferAddress();
    int[] offsets = chunk.offsets();
    int start = chunk.start();
    long base = chunk.base();
    int size = chunk.size();
    switch (kind) {
      case INT8:
        for (int index = 0; index < size; index++) {
          target[index] = MemoryUtil.getByte(address + base + offsets[start + index]);
        }
        break;
      case INT16:
        for (int index = 0; index < size; index++) {
          target[index] = MemoryUtil.getShort(address + ((base + offsets[start + index]) << 1));
        }
        break;
      case INT32:
      case DATE:
        for (int index = 0; index < size; index++) {
          target[index] = MemoryUtil.getInt(address + ((base + offsets[start + index]) << 2));
        }
        break;
      case INT64:
      case TIMESTAMP:
        if (chunk.dense()) {
          long from = address + (base << 3);
          for (int index = 0; index < size; index++) {
            target[index] = MemoryUtil.getLong(from + ((long) index << 3));
          }
        } else {
          for (int index = 0; index < size; index++) {
            target[index] = MemoryUtil.getLong(address + ((base + offsets[start + index]) << 3));
          }
        }
        break;
      default:
        throw Vectors.unsupported("read as integers", vector.getField());
    }
  }

  /** Stores {@code source} at the slice's rows of {@code vector}, narrowed to its long-like kind. */
  public static void storeLongs(FieldVector vector, TypeKind kind, Chunk chunk, long[] source) {
    long address = vector.getDataBufferAddress();
    int[] offsets = chunk.offsets();
    int start = chunk.start();
    long base = chunk.base();
    int size = chunk.size();
    switch (kind) {
      case INT8:
        for (int index = 0; index < size; index++) {
          MemoryUtil.putByte(address + base + offsets[start + index], (byte) source[index]);
        }
        break;
      case INT16:
        for (int index = 0; index < size; index++) {
          MemoryUtil.putShort(address + ((base + offsets[start + index]) << 1),
              (short) source[index]);
        }
        break;
      case INT32:
      case DATE:
        for (int index = 0; index < size; index++) {
          MemoryUtil.putInt(address + ((base + offsets[start + index]) << 2), (int) source[index]);
        }
        break;
      case INT64:
      case TIMESTAMP:
        if (chunk.dense()) {
          long to = address + (base << 3);
          for (int index = 0; index < size; index++) {
            MemoryUtil.putLong(to + ((long) index << 3), source[index]);
          }
        } else {
          for (int index = 0; index < size; index++) {
            MemoryUtil.putLong(address + ((base + offsets[start + index]) << 3), source[index]);
          }
        }
        break;
      default:
        throw Vectors.unsupported("write integers to", vector.getField());
    }
  }

  /** Loads the slice's values of a FLOAT or DOUBLE {@code vector} into {@code target}. */
  public static void loadDoubles(FieldVector vector, TypeKind kind, Chunk chunk, double[] target) {
    long address = vector.getDataBufferAddress();
    int[] offsets = chunk.offsets();
    int start = chunk.start();
    long base = chunk.base();
    int size = chunk.size();
    if (kind == TypeKind.FLOAT32) {
      for (int index = 0; index < size; index++) {
        target[index] = Float.intBitsToFloat(
            MemoryUtil.getInt(address + ((base + offsets[start + index]) << 2)));
      }
    } else if (kind == TypeKind.FLOAT64 && chunk.dense()) {
      long from = address + (base << 3);
      for (int index = 0; index < size; index++) {
        target[index] = Double.longBitsToDouble(MemoryUtil.getLong(from + ((long) index << 3)));
      }
    } else if (kind == TypeKind.FLOAT64) {
      for (int index = 0; index < size; index++) {
        target[index] = Double.longBitsToDouble(
            MemoryUtil.getLong(address + ((base + offsets[start + index]) << 3)));
      }
    } else {
      throw Vectors.unsupported("read as floating point values", vector.getField());
    }
  }

  /** Stores {@code source} at the slice's rows of a FLOAT or DOUBLE {@code vector}. */
  public static void storeDoubles(FieldVector vector, TypeKind kind, Chunk chunk, double[] source) {
    long address = vector.getDataBufferAddress();
    int[] offsets = chunk.offsets();
    int start = chunk.start();
    long base = chunk.base();
    int size = chunk.size();
    if (kind == TypeKind.FLOAT32) {
      for (int index = 0; index < size; index++) {
        MemoryUtil.putInt(address + ((base + offsets[start + index]) << 2),
            Float.floatToRawIntBits((float) source[index]));
      }
    } else if (kind == TypeKind.FLOAT64 && chunk.dense()) {
      long to = address + (base << 3);
      for (int index = 0; index < size; index++) {
        MemoryUtil.putLong(to + ((long) index << 3), Double.doubleToRawLongBits(source[index]));
      }
    } else if (kind == TypeKind.FLOAT64) {
      for (int index = 0; index < size; index++) {
        MemoryUtil.putLong(address + ((base + offsets[start + index]) << 3),
            Double.doubleToRawLongBits(source[index]));
      }
    } else {
      throw Vectors.unsupported("write floating point values to", vector.getField());
    }
  }

  /**
   * Sets in {@code bitmap} (zeroed at the slice's rows) the rows of the slice whose entry of {@code
   * values} is true; a dense slice is written a 64-bit word at a time.
   */
  public static void storeBits(ArrowBuf bitmap, Chunk chunk, boolean[] values) {
    int size = chunk.size();
    if (!chunk.dense()) {
      for (int index = 0; index < size; index++) {
        if (values[index]) {
          int row = chunk.row(index);
          long byteIndex = row >>> 3;
          bitmap.setByte(byteIndex, bitmap.getByte(byteIndex) | (1 << (row & 7)));
        }
      }
      return;
    }
    long address = bitmap.memoryAddress() + (chunk.base() >>> 3);
    int fullWords = size >>> 6;
    for (int word = 0; word < fullWords; word++) {
      MemoryUtil.putLong(address + ((long) word << 3), word(values, word << 6, 64));
    }
    int tail = size & 63;
    if (tail != 0) {
      long bits = word(values, fullWords << 6, tail);
      long tailAddress = address + ((long) fullWords << 3);
      for (int index = 0; index < (tail + 7) >>> 3; index++) {
        MemoryUtil.putByte(tailAddress + index, (byte) (bits >>> (index << 3)));
      }
    }
  }

  private static long word(boolean[] values, int from, int count) {
    long bits = 0;
    for (int bit = 0; bit < count; bit++) {
      bits |= (values[from + bit] ? 1L : 0L) << bit;
    }
    return bits;
  }
}
