package dev.spate.cpu.expr;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Conversions between DATE (days), TIMESTAMP (micros, UTC) and local times of a zone. */
public final class DateTimes {
  public static final long MICROS_PER_SECOND = 1_000_000L;
  public static final long MICROS_PER_DAY = 86_400L * MICROS_PER_SECOND;

  private DateTimes() {}

  /** The offset of {@code zone} in seconds at the instant {@code micros}. */
  public static int offsetSeconds(long micros, ZoneId zone) {
    if (zone instanceof ZoneOffset) {
      return ((ZoneOffset) zone).getTotalSeconds();
    }
    return zone.getRules().getOffset(Instant.ofEpochSecond(
        Math.floorDiv(micros, MICROS_PER_SECOND))).getTotalSeconds();
  }

  /** Local microseconds since 1970-01-01T00:00 in {@code zone} of the instant {@code micros}. */
  public static long localMicros(long micros, ZoneId zone) {
    return micros + offsetSeconds(micros, zone) * MICROS_PER_SECOND;
  }

  /** The local date (days since the epoch) in {@code zone} of the instant {@code micros}. */
  public static int toDate(long micros, ZoneId zone) {
    return (int) Math.floorDiv(localMicros(micros, zone), MICROS_PER_DAY);
  }

  /** The instant at which {@code days} starts in {@code zone}. */
  public static long startOfDay(int days, ZoneId zone) {
    if (zone instanceof ZoneOffset) {
      return days * MICROS_PER_DAY - ((ZoneOffset) zone).getTotalSeconds() * MICROS_PER_SECOND;
    }
    return LocalDate.ofEpochDay(days).atStartOfDay(zone).toEpochSecond() * MICROS_PER_SECOND;
  }

  /** The local date-time in {@code zone} of the instant {@code micros}. */
  public static LocalDateTime toLocalDateTime(long micros, ZoneId zone) {
    return LocalDateTime.ofInstant(Instant.ofEpochSecond(Math.floorDiv(micros, MICROS_PER_SECOND),
        Math.floorMod(micros, MICROS_PER_SECOND) * 1000L), zone);
  }

  /** The instant of a local date-time in {@code zone}. */
  public static long toMicros(LocalDateTime local, ZoneId zone) {
    Instant instant = local.atZone(zone).toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), MICROS_PER_SECOND),
        instant.getNano() / 1000);
  }
}
