package dev.spate.planner.expr;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;

/** Spark's display form of timestamps: {@code yyyy-MM-dd HH:mm:ss[.ffffff]} with trailing zeros trimmed. */
public final class TimestampFormat {
  private static final DateTimeFormatter FORMAT = new DateTimeFormatterBuilder()
      .appendPattern("yyyy-MM-dd HH:mm:ss")
      .optionalStart()
      .appendFraction(ChronoField.MICRO_OF_SECOND, 0, 6, true)
      .optionalEnd()
      .toFormatter();

  private TimestampFormat() {}

  /** Formats microseconds since the epoch in UTC. */
  public static String format(long micros) {
    return format(micros, ZoneOffset.UTC);
  }

  /** Formats microseconds since the epoch in the given zone. */
  public static String format(long micros, java.time.ZoneId zone) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L);
    return LocalDateTime.ofInstant(instant, zone).format(FORMAT);
  }
}
