package dev.spate.gpu;

import java.util.Optional;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * The physical column types the kernels take: the suffix of their entry points and the value width.
 * DATE (int32 days) and TIMESTAMP (int64 microseconds) share the integer kernels for comparisons.
 */
enum GpuType {
  INT32("i32", 4), INT64("i64", 8), FLOAT32("f32", 4), FLOAT64("f64", 8), BOOLEAN("bool", 0);

  private final String suffix;
  private final int width;

  GpuType(String suffix, int width) {
    this.suffix = suffix;
    this.width = width;
  }

  String suffix() {
    return suffix;
  }

  /** Bytes of the value buffer for {@code rows} rows (booleans are bit-packed). */
  long valueBytes(int rows) {
    return this == BOOLEAN ? validityBytes(rows) : (long) width * rows;
  }

  static long validityBytes(int rows) {
    return (rows + 7L) / 8;
  }

  boolean isNumeric() {
    return this != BOOLEAN;
  }

  /** The kernel type of an Arrow type, including DATE and TIMESTAMP (for comparisons). */
  static Optional<GpuType> of(ArrowType type) {
    if (type instanceof ArrowType.Bool) {
      return Optional.of(BOOLEAN);
    }
    if (type instanceof ArrowType.Date && ((ArrowType.Date) type).getUnit() == DateUnit.DAY) {
      return Optional.of(INT32);
    }
    if (type instanceof ArrowType.Timestamp
        && ((ArrowType.Timestamp) type).getUnit() == TimeUnit.MICROSECOND) {
      return Optional.of(INT64);
    }
    return arithmetic(type);
  }

  /** The kernel type of an Arrow type that arithmetic and casts accept (INT, BIGINT, FLOAT, DOUBLE). */
  static Optional<GpuType> arithmetic(ArrowType type) {
    if (type instanceof ArrowType.Int && ((ArrowType.Int) type).getIsSigned()) {
      int bits = ((ArrowType.Int) type).getBitWidth();
      return bits == 32 ? Optional.of(INT32) : bits == 64 ? Optional.of(INT64) : Optional.empty();
    }
    if (type instanceof ArrowType.FloatingPoint) {
      FloatingPointPrecision precision = ((ArrowType.FloatingPoint) type).getPrecision();
      return precision == FloatingPointPrecision.SINGLE ? Optional.of(FLOAT32)
          : precision == FloatingPointPrecision.DOUBLE ? Optional.of(FLOAT64) : Optional.empty();
    }
    return Optional.empty();
  }
}
