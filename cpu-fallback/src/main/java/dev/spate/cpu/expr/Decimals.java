package dev.spate.cpu.expr;

import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/** DECIMAL(p, s) reads and writes; decimal arithmetic uses {@link BigDecimal}. */
public final class Decimals {
  private Decimals() {}

  /** The values of {@code vector} at {@code rows} as BigDecimals (null for NULL), any numeric type. */
  public static BigDecimal[] read(FieldVector vector, RowSet rows) {
    BigDecimal[] values = new BigDecimal[rows.length()];
    TypeKind kind = TypeKind.of(vector.getField());
    if (kind == TypeKind.NULL) {
      return values;
    }
    if (kind == TypeKind.DECIMAL) {
      DecimalVector decimals = (DecimalVector) vector;
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!Vectors.isNull(vector, row)) {
          values[row] = decimals.getObject(row);
        }
      }
      return values;
    }
    if (kind.isFloating()) {
      double[] doubles = Vectors.doubles(vector, rows);
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        if (!Vectors.isNull(vector, row)) {
          values[row] = BigDecimal.valueOf(doubles[row]);
        }
      }
      return values;
    }
    long[] longs = Vectors.longs(vector, rows);
    for (int index = 0; index < rows.count(); index++) {
      int row = rows.position(index);
      if (!Vectors.isNull(vector, row)) {
        values[row] = BigDecimal.valueOf(longs[row]);
      }
    }
    return values;
  }

  /**
   * {@code value} rounded HALF_UP to the scale of DECIMAL(precision, scale), or null when it does not
   * fit the precision and {@code ansi} is off; in ANSI mode a value that does not fit raises
   * NUMERIC_VALUE_OUT_OF_RANGE.
   */
  public static BigDecimal fit(BigDecimal value, int precision, int scale, boolean ansi) {
    BigDecimal rounded = value.setScale(scale, RoundingMode.HALF_UP);
    if (rounded.precision() - rounded.scale() > precision - scale
        && rounded.signum() != 0) {
      if (ansi) {
        throw Errors.numericOutOfRange(value.toPlainString(), precision, scale);
      }
      return null;
    }
    return rounded;
  }

  /**
   * A new DECIMAL vector of {@code type} from {@code values} (null entries are NULL), each fitted to
   * the type as {@link #fit} does.
   */
  public static FieldVector write(Field type, BigDecimal[] values, RowSet rows, boolean ansi,
      EvalContext context) {
    ArrowType.Decimal decimalType = (ArrowType.Decimal) type.getType();
    DecimalVector vector = (DecimalVector) Vectors.allocate(type, context, rows.length());
    try {
      for (int index = 0; index < rows.count(); index++) {
        int row = rows.position(index);
        BigDecimal value = values[row];
        if (value != null) {
          BigDecimal fitted = fit(value, decimalType.getPrecision(), decimalType.getScale(), ansi);
          if (fitted != null) {
            vector.set(row, fitted);
          }
        }
      }
      vector.setValueCount(rows.length());
      return vector;
    } catch (RuntimeException e) {
      vector.close();
      throw e;
    }
  }
}
