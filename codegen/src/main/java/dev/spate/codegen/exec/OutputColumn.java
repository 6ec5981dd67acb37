package dev.spate.codegen.exec;

import static java.util.Objects.requireNonNull;

import dev.spate.cpu.ops.vector.FixedWidthValues;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.TimeStampVector;

/**
 * Writes the values of an aggregation's result column into a fixed-width vector already allocated
 * for every row written (rows not written stay NULL). Eight-byte vectors (BIGINT, TIMESTAMP,
 * DOUBLE) are written straight into their buffers; other widths go through {@link
 * FixedWidthValues}.
 */
final class OutputColumn {
  private final FieldVector vector;
  private final ArrowBuf data;
  private final ArrowBuf validity;
  private final boolean direct;

  OutputColumn(FieldVector vector) {
    this.vector = requireNonNull(vector, "vector is null");
    this.direct = vector instanceof BigIntVector || vector instanceof TimeStampVector
        || vector instanceof Float8Vector;
    this.data = direct ? vector.getDataBuffer() : null;
    this.validity = direct ? vector.getValidityBuffer() : null;
  }

  /** Writes an integral, boolean, date or timestamp value (widened to long) at {@code row}. */
  void writeLong(int row, long value) {
    if (direct) {
      data.setLong((long) row << 3, value);
      BitVectorHelper.setBit(validity, row);
    } else {
      FixedWidthValues.writeLong(vector, row, value);
    }
  }

  /** Writes a floating value at {@code row}. */
  void writeDouble(int row, double value) {
    if (direct) {
      data.setDouble((long) row << 3, value);
      BitVectorHelper.setBit(validity, row);
    } else {
      FixedWidthValues.writeDouble(vector, row, value);
    }
  }
}
