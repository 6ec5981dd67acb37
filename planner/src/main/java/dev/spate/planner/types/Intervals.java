package dev.spate.planner.types;

import dev.spate.SpateException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses Spark's interval strings (window sizes, triggers, watermark delays): {@code "5 seconds"},
 * {@code "1 minute"}, {@code "10 minutes"}, {@code "500 milliseconds"}, {@code "interval 2
 * hours"}, {@code "1 minute 30 seconds"}, singular or plural, and the short forms {@code 5s},
 * {@code 200ms}, {@code 10m}, {@code 1h}, {@code 1d}. A bare number is milliseconds.
 */
public final class Intervals {
  private static final Pattern PART = Pattern.compile("(\\d+)\\s*([a-z]+)");

  private Intervals() {}

  /** The interval in microseconds; an ANALYSIS error names a malformed text. */
  public static long toMicros(String text) {
    if (text == null || text.isBlank()) {
      throw SpateException.analysis("an interval is required, for example '5 seconds'");
    }
    String lower = text.trim().toLowerCase(Locale.ROOT);
    if (lower.startsWith("interval")) {
      lower = lower.substring("interval".length()).trim();
    }
    if (lower.matches("\\d+")) {
      return Math.multiplyExact(Long.parseLong(lower), 1_000L);
    }
    Matcher matcher = PART.matcher(lower);
    long total = 0;
    int end = 0;
    while (matcher.find()) {
      if (!lower.substring(end, matcher.start()).isBlank()) {
        throw invalid(text);
      }
      total = Math.addExact(total, Math.multiplyExact(Long.parseLong(matcher.group(1)),
          unitMicros(matcher.group(2), text)));
      end = matcher.end();
    }
    if (end == 0 || !lower.substring(end).isBlank()) {
      throw invalid(text);
    }
    return total;
  }

  private static long unitMicros(String unit, String text) {
    switch (unit) {
      case "us":
      case "microsecond":
      case "microseconds":
        return 1;
      case "ms":
      case "millisecond":
      case "milliseconds":
        return 1_000;
      case "s":
      case "sec":
      case "secs":
      case "second":
      case "seconds":
        return 1_000_000;
      case "m":
      case "min":
      case "mins":
      case "minute":
      case "minutes":
        return 60_000_000;
      case "h":
      case "hour":
      case "hours":
        return 3_600_000_000L;
      case "d":
      case "day":
      case "days":
        return 86_400_000_000L;
      case "week":
      case "weeks":
        return 7 * 86_400_000_000L;
      default:
        throw invalid(text);
    }
  }

  private static SpateException invalid(String text) {
    return SpateException.analysis("[INVALID_INTERVAL_FORMAT] Error parsing '%s' to interval;"
        + " expected for example '5 seconds', '10 minutes' or '500 milliseconds'", text);
  }
}
