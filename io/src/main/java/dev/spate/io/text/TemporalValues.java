package dev.spate.io.text;

import static java.util.Objects.requireNonNull;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;

/**
 * Parses and formats DATE and TIMESTAMP values of text formats. Without a user pattern, timestamps
 * are accepted as {@code yyyy-MM-dd[ HH:mm[:ss[.f{1,9}]]]} or ISO-8601 with {@code T}, each with an
 * optional zone offset ({@code Z}, {@code +01:00}); a value without an offset is in the session time
 * zone. Values are written in Spark's default {@code yyyy-MM-dd'T'HH:mm:ss.SSSXXX} and {@code
 * yyyy-MM-dd}. Parse failures throw {@link DateTimeException}.
 */
public final class TemporalValues {
  private static final DateTimeFormatter DEFAULT_TIMESTAMP = new DateTimeFormatterBuilder()
      .parseCaseInsensitive()
      .append(DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart()
      .appendLiteral('T')
      .appendValue(ChronoField.HOUR_OF_DAY, 2).appendLiteral(':')
      .appendValue(ChronoField.MINUTE_OF_HOUR, 2)
      .optionalStart().appendLiteral(':').appendValue(ChronoField.SECOND_OF_MINUTE, 2)
      .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 1, 9, true).optionalEnd()
      .optionalEnd()
      .optionalEnd()
      .optionalStart().appendOffset("+HH:MM", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHMM", "Z").optionalEnd()
      .toFormatter();
  private static final DateTimeFormatter DEFAULT_DATE = DateTimeFormatter.ISO_LOCAL_DATE;
  private static final String WRITE_TIMESTAMP = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

  private final DateTimeFormatter timestampParser;
  private final DateTimeFormatter dateParser;
  private final DateTimeFormatter timestampWriter;
  private final DateTimeFormatter dateWriter;
  private final ZoneId zone;
  private final boolean defaultTimestampFormat;

  /**
   * @param timestampFormat a {@link DateTimeFormatter} pattern, or null for the defaults above
   * @param dateFormat a pattern, or null for {@code yyyy-MM-dd}
   * @param zone the session time zone
   */
  public TemporalValues(String timestampFormat, String dateFormat, ZoneId zone) {
    this.zone = requireNonNull(zone, "zone is null");
    this.defaultTimestampFormat = timestampFormat == null;
    this.timestampParser = timestampFormat == null ? DEFAULT_TIMESTAMP
        : DateTimeFormatter.ofPattern(timestampFormat);
    this.dateParser = dateFormat == null ? DEFAULT_DATE : DateTimeFormatter.ofPattern(dateFormat);
    this.timestampWriter = DateTimeFormatter.ofPattern(
        timestampFormat == null ? WRITE_TIMESTAMP : timestampFormat).withZone(zone);
    this.dateWriter = dateFormat == null ? DEFAULT_DATE : DateTimeFormatter.ofPattern(dateFormat);
  }

  /** Microseconds since the epoch of {@code text}. */
  public long parseTimestampMicros(String text) {
    String trimmed = text.trim();
    if (defaultTimestampFormat && trimmed.length() > 10 && trimmed.charAt(10) == ' ') {
      trimmed = trimmed.substring(0, 10) + 'T' + trimmed.substring(11);
    }
    TemporalAccessor parsed = timestampParser.parse(trimmed);
    LocalDate date = parsed.query(TemporalQueries.localDate());
    if (date == null) {
      throw new DateTimeException("no date in '" + text + "'");
    }
    LocalTime time = parsed.query(TemporalQueries.localTime());
    LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
    ZoneOffset offset = parsed.isSupported(ChronoField.OFFSET_SECONDS)
        ? ZoneOffset.ofTotalSeconds(parsed.get(ChronoField.OFFSET_SECONDS)) : null;
    ZoneId parsedZone = parsed.query(TemporalQueries.zone());
    Instant instant = offset != null ? local.toInstant(offset)
        : local.atZone(parsedZone != null ? parsedZone : zone).toInstant();
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
        instant.getNano() / 1000);
  }

  /** Days since 1970-01-01 of {@code text}. */
  public int parseDateDays(String text) {
    return Math.toIntExact(LocalDate.parse(text.trim(), dateParser).toEpochDay());
  }

  public String formatTimestamp(long micros) {
    Instant instant = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
        Math.floorMod(micros, 1_000_000L) * 1000L);
    return timestampWriter.format(instant);
  }

  public String formatDate(int days) {
    return dateWriter.format(LocalDate.ofEpochDay(days));
  }
}
