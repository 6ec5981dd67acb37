package dev.spate.io.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;

/** Conversions of stored Parquet values to Spate's internal representation. */
final class ParquetValues {
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;
  private static final long MICROS_PER_DAY = 86_400_000_000L;

  private ParquetValues() {}

  /** A stored INT64 timestamp in {@code unit} as microseconds. */
  static long toMicros(long value, TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Math.multiplyExact(value, 1000L);
      case NANOS:
        return Math.floorDiv(value, 1000L);
      default:
        return value;
    }
  }

  /** An INT96 timestamp (nanoseconds of the day, then the Julian day, little endian) as microseconds. */
  static long int96ToMicros(Binary value) {
    ByteBuffer buffer = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    long nanosOfDay = buffer.getLong();
    long julianDay = buffer.getInt() & 0xFFFFFFFFL;
    return (julianDay - JULIAN_DAY_OF_EPOCH) * MICROS_PER_DAY + nanosOfDay / 1000L;
  }

  /** A decimal stored as big-endian two's complement bytes. */
  static BigDecimal decimal(Binary unscaled, int scale) {
    return new BigDecimal(new BigInteger(unscaled.getBytes()), scale);
  }

  /** The unscaled value of {@code value} as big-endian two's complement in exactly {@code length} bytes. */
  static byte[] decimalBytes(BigDecimal value, int length) {
    byte[] minimal = value.unscaledValue().toByteArray();
    byte[] result = new byte[length];
    byte pad = (byte) (minimal[0] < 0 ? 0xFF : 0);
    int start = length - minimal.length;
    for (int index = 0; index < start; index++) {
      result[index] = pad;
    }
    System.arraycopy(minimal, 0, result, start, minimal.length);
    return result;
  }
}
