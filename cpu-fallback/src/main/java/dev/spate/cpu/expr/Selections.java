package dev.spate.cpu.expr;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.NullVector;

/** Row sets read from BOOLEAN results: the rows where a value is TRUE, or where it is NULL. */
public final class Selections {
  private Selections() {}

  /** The rows of {@code rows} where the BOOLEAN {@code value} is TRUE (not FALSE, not NULL). */
  public static RowSet trueRows(Operand value, RowSet rows) {
    if (value.isScalar()) {
      return Boolean.TRUE.equals(value.scalarValue()) ? rows : RowSet.of(new int[0], 0,
          rows.length());
    }
    FieldVector vector = value.vector();
    int[] selected = new int[rows.count()];
    if (vector instanceof NullVector) {
      return RowSet.of(selected, 0, rows.length());
    }
    ArrowBuf data = vector.getDataBuffer();
    ArrowBuf validity = vector.getValidityBuffer();
    boolean noNulls = vector.getNullCount() == 0;
    int count = 0;
    if (rows.dense()) {
      int length = rows.length();
      int fullWords = length >>> 6;
      for (int word = 0; word < fullWords; word++) {
        long offset = (long) word << 3;
        long bits = data.getLong(offset);
        if (!noNulls) {
          bits &= validity.getLong(offset);
        }
        int base = word << 6;
        while (bits != 0) {
          selected[count++] = base + Long.numberOfTrailingZeros(bits);
          bits &= bits - 1;
        }
      }
      for (int row = fullWords << 6; row < length; row++) {
        if (Validity.isSet(data, row) && (noNulls || Validity.isSet(validity, row))) {
          selected[count++] = row;
        }
      }
    } else {
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (Validity.isSet(data, row) && (noNulls || Validity.isSet(validity, row))) {
          selected[count++] = row;
        }
      }
    }
    return RowSet.of(selected, count, rows.length());
  }

  /** The rows of {@code rows} where {@code value} is NULL. */
  public static RowSet nullRows(Operand value, RowSet rows) {
    if (value.isScalar()) {
      return value.scalarValue() == null ? rows : RowSet.of(new int[0], 0, rows.length());
    }
    FieldVector vector = value.vector();
    if (vector instanceof NullVector) {
      return rows;
    }
    int[] selected = new int[rows.count()];
    int count = 0;
    if (vector.getNullCount() > 0) {
      ArrowBuf validity = vector.getValidityBuffer();
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!Validity.isSet(validity, row)) {
          selected[count++] = row;
        }
      }
    }
    return RowSet.of(selected, count, rows.length());
  }
}
