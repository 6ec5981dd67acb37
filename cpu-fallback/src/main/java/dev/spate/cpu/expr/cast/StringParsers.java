package dev.spate.cpu.expr.cast;

import dev.spate.cpu.expr.DateTimes;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Spark's parsing of trimmed strings into booleans, integers, doubles, dates and timestamps. Each
 * parser returns false (or null) for a malformed value instead of throwing.
 */
public final class StringParsers {
  private static final Pattern DATE =
      Pattern.compile("([+-]?\\d{4,7})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[ T].*)?)?)?");
  private static final Pattern TIMESTAMP = Pattern.compile(
      "([+-]?\\d{4,7})(?:-(\\d{1,2})(?:-(\\d{1,2})(?:[ T](\\d{1,2})(?::(\\d{1,2})(?::(\\d{1,2})"
          + "(?:\\.(\\d{0,9}))?)?)?)?)?)?\\s*(Z|[+-]\\d{1,2}(?::?\\d{2}){0,2}"
          + "|(?:UTC|GMT|UT)(?:[+-]\\d{1,2}(?::?\\d{2})?)?|[A-Za-z][A-Za-z_]*(?:/[A-Za-z_+\\-0-9]+)+)?");

  private StringParsers() {}

  /** t, true, y, yes, 1 / f, false, n, no, 0, any case. */
  public static boolean parseBoolean(String text, long[] result) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "t":
      case "true":
      case "y":
      case "yes":
      case "1":
        result[0] = 1;
        return true;
      case "f":
      case "false":
      case "n":
      case "no":
      case "0":
        result[0] = 0;
        return true;
      default:
        return false;
    }
  }

  /**
   * An optional sign and digits; with {@code allowFraction} (outside ANSI mode) also a fraction,
   * which is truncated. False for anything else, including a value beyond the long range.
   */
  public static boolean parseIntegral(String text, boolean allowFraction, long[] result) {
    int end = text.length();
    int dot = text.indexOf('.');
    if (dot >= 0) {
      if (!allowFraction) {
        return false;
      }
      for (int index = dot + 1; index < text.length(); index++) {
        if (!Character.isDigit(text.charAt(index)) || text.charAt(index) > '9') {
          return false;
        }
      }
      end = dot;
    }
    int start = end > 0 && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
    if (start == end) {
      return false;
    }
    long value = 0;
    boolean negative = text.charAt(0) == '-';
    for (int index = start; index < end; index++) {
      char digit = text.charAt(index);
      if (digit < '0' || digit > '9') {
        return false;
      }
      // accumulate negatively so that Long.MIN_VALUE parses
      if (value < (Long.MIN_VALUE + (digit - '0')) / 10) {
        return false;
      }
      value = value * 10 - (digit - '0');
    }
    if (!negative) {
      if (value == Long.MIN_VALUE) {
        return false;
      }
      value = -value;
    }
    result[0] = value;
    return true;
  }

  /** A double, including Spark's special literals (inf, infinity, nan, any case); null if invalid. */
  public static Double parseDouble(String text) {
    switch (text.toLowerCase(Locale.ROOT)) {
      case "inf":
      case "+inf":
      case "infinity":
      case "+infinity":
        return Double.POSITIVE_INFINITY;
      case "-inf":
      case "-infinity":
        return Double.NEGATIVE_INFINITY;
      case "nan":
        return Double.NaN;
      default:
        break;
    }
    if (text.isEmpty() || Character.isLetter(text.charAt(text.length() - 1))
        && !text.endsWith("d") && !text.endsWith("D") && !text.endsWith("f") && !text.endsWith("F")) {
      return null;
    }
    try {
      return Double.parseDouble(text);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** Spark's date forms: yyyy, yyyy-[m]m, yyyy-[m]m-[d]d, then optionally ' ' or 'T' and anything. */
  public static boolean parseDate(String text, long[] result) {
    Matcher matcher = DATE.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    try {
      LocalDate date = LocalDate.of(Integer.parseInt(matcher.group(1)),
          group(matcher, 2, 1), group(matcher, 3, 1));
      result[0] = date.toEpochDay();
      return true;
    } catch (DateTimeException | NumberFormatException e) {
      return false;
    }
  }

  /**
   * Spark's timestamp forms: {@code yyyy[-[m]m[-[d]d[( |T)[h]h[:[m]m[:[s]s[.fraction]]]]]][zone]},
   * read in {@code sessionZone} when no zone is given.
   */
  public static boolean parseTimestamp(String text, ZoneId sessionZone, long[] result) {
    Matcher matcher = TIMESTAMP.matcher(text);
    if (!matcher.matches()) {
      return false;
    }
    try {
      String fraction = matcher.group(7);
      int nanos = 0;
      if (fraction != null && !fraction.isEmpty()) {
        nanos = Integer.parseInt((fraction + "000000000").substring(0, 9)) / 1000 * 1000;
      }
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(matcher.group(1)),
          group(matcher, 2, 1), group(matcher, 3, 1), group(matcher, 4, 0), group(matcher, 5, 0),
          group(matcher, 6, 0), nanos);
      String zoneText = matcher.group(8);
      ZoneId zone = zoneText == null ? sessionZone : zone(zoneText);
      result[0] = DateTimes.toMicros(local, zone);
      return true;
    } catch (DateTimeException | NumberFormatException | ArithmeticException e) {
      return false;
    }
  }

  private static ZoneId zone(String text) {
    if (text.equals("Z")) {
      return ZoneOffset.UTC;
    }
    if (text.charAt(0) == '+' || text.charAt(0) == '-') {
      return ZoneOffset.of(text.length() == 2 ? text.charAt(0) + "0" + text.charAt(1) : text);
    }
    return ZoneId.of(text);
  }

  private static int group(Matcher matcher, int group, int missing) {
    String text = matcher.group(group);
    return text == null ? missing : Integer.parseInt(text);
  }
}
