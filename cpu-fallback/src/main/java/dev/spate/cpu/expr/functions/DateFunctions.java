package dev.spate.cpu.expr.functions;

import dev.spate.SpateException;
import dev.spate.cpu.expr.DateTimes;
import dev.spate.cpu.expr.EvalContext;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.LiteralNode;
import dev.spate.cpu.expr.TypeKind;
import dev.spate.cpu.expr.cast.StringParsers;
import dev.spate.planner.expr.FunctionNames;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Date and time functions. Fields of timestamps are taken in the session time zone ({@code
 * spate.sql.session.timeZone}); {@code current_timestamp()} is fixed per execution.
 */
public final class DateFunctions {
  private DateFunctions() {}

  public static void register(Map<String, KernelFactory> factories) {
    factories.put("year", field(LocalDateTime::getYear));
    factories.put("month", field(LocalDateTime::getMonthValue));
    factories.put("dayofmonth", field(LocalDateTime::getDayOfMonth));
    factories.put("day", factories.get("dayofmonth"));
    factories.put("dayofweek", field(time -> time.getDayOfWeek().getValue() % 7 + 1));
    factories.put("dayofyear", field(LocalDateTime::getDayOfYear));
    factories.put("quarter", field(time -> (time.getMonthValue() - 1) / 3 + 1));
    factories.put("hour", field(LocalDateTime::getHour));
    factories.put("minute", field(LocalDateTime::getMinute));
    factories.put("second", field(LocalDateTime::getSecond));
    factories.put(FunctionNames.CURRENT_TIMESTAMP, (call, arguments) -> new RowFunction(
        call.dataType(), arguments, false,
        (values, context) -> context.exec().currentTimestampMicros()));
    factories.put(FunctionNames.CURRENT_DATE, (call, arguments) -> new RowFunction(
        call.dataType(), arguments, false, (values, context) ->
            DateTimes.toDate(context.exec().currentTimestampMicros(), context.timeZone())));
    factories.put("date_format", (call, arguments) -> {
      FormatterCache formats = new FormatterCache(arguments.size() > 1 ? arguments.get(1) : null);
      TypeKind input = TypeKind.of(arguments.get(0).type());
      return new RowFunction(call.dataType(), arguments, true, (values, context) ->
          formats.get((String) values[1]).format(localDateTime(values[0], input, context)));
    });
    factories.put("to_timestamp", (call, arguments) -> parse(call.dataType(), arguments, false));
    factories.put("to_date", (call, arguments) -> parse(call.dataType(), arguments, true));
    factories.put("date_add", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        true, (values, context) -> Math.addExact((Integer) values[0],
            ((Number) values[1]).intValue())));
    factories.put("date_sub", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        true, (values, context) -> Math.subtractExact((Integer) values[0],
            ((Number) values[1]).intValue())));
    factories.put("datediff", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        true, (values, context) -> (Integer) values[0] - (Integer) values[1]));
  }

  private static KernelFactory field(ToIntFunction<LocalDateTime> extract) {
    return (call, arguments) -> {
      TypeKind input = TypeKind.of(arguments.get(0).type());
      return new RowFunction(call.dataType(), arguments, true,
          (values, context) -> extract.applyAsInt(localDateTime(values[0], input, context)));
    };
  }

  private static LocalDateTime localDateTime(Object value, TypeKind kind, EvalContext context) {
    if (kind == TypeKind.DATE) {
      return LocalDate.ofEpochDay((Integer) value).atStartOfDay();
    }
    return DateTimes.toLocalDateTime((Long) value, context.timeZone());
  }

  /** {@code to_timestamp(text[, format])} or {@code to_date(text[, format])}. */
  private static EvalNode parse(org.apache.arrow.vector.types.pojo.Field type,
      List<EvalNode> arguments, boolean toDate) {
    FormatterCache formats = new FormatterCache(arguments.size() > 1 ? arguments.get(1) : null);
    String function = toDate ? "to_date" : "to_timestamp";
    TypeKind input = TypeKind.of(arguments.get(0).type());
    return new RowFunction(type, arguments, true, (values, context) -> {
      if (input == TypeKind.TIMESTAMP || input == TypeKind.DATE) {
        long micros = input == TypeKind.DATE
            ? DateTimes.startOfDay((Integer) values[0], context.timeZone()) : (Long) values[0];
        return toDate ? (Object) DateTimes.toDate(micros, context.timeZone()) : (Object) micros;
      }
      String text = ((String) values[0]).trim();
      long[] parsed = new long[1];
      boolean valid;
      if (values.length > 1) {
        valid = parseWithFormat(text, formats.get((String) values[1]), context, parsed);
      } else {
        valid = StringParsers.parseTimestamp(text, context.timeZone(), parsed);
      }
      if (!valid) {
        if (context.ansi()) {
          throw SpateException.execution("[CANNOT_PARSE_TIMESTAMP] Text '%s' could not be parsed%s."
              + " Use `try_%s` to tolerate invalid input string and return NULL instead. If"
              + " necessary set spate.sql.ansi.enabled to \"false\" to bypass this error.", text,
              values.length > 1 ? " with the format '" + values[1] + "'" : "", function);
        }
        return null;
      }
      return toDate ? (Object) DateTimes.toDate(parsed[0], context.timeZone()) : (Object) parsed[0];
    });
  }

  private static boolean parseWithFormat(String text, DateTimeFormatter format,
      EvalContext context, long[] result) {
    try {
      TemporalAccessor parsed = format.parse(text);
      LocalDate date = LocalDate.of(
          parsed.isSupported(ChronoField.YEAR) ? parsed.get(ChronoField.YEAR) : 1970,
          parsed.isSupported(ChronoField.MONTH_OF_YEAR) ? parsed.get(ChronoField.MONTH_OF_YEAR) : 1,
          parsed.isSupported(ChronoField.DAY_OF_MONTH) ? parsed.get(ChronoField.DAY_OF_MONTH) : 1);
      LocalTime time = parsed.query(java.time.temporal.TemporalQueries.localTime());
      LocalDateTime local = LocalDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time);
      java.time.ZoneId zone = parsed.query(java.time.temporal.TemporalQueries.zone());
      result[0] = DateTimes.toMicros(local, zone == null ? context.timeZone() : zone);
      return true;
    } catch (DateTimeException | ArithmeticException e) {
      return false;
    }
  }

  /** Spark datetime patterns as {@link DateTimeFormatter}s: the literal one compiled once. */
  private static final class FormatterCache {
    private final DateTimeFormatter constant;

    FormatterCache(EvalNode argument) {
      Object value = argument instanceof LiteralNode ? ((LiteralNode) argument).value() : null;
      this.constant = value instanceof String ? compile((String) value) : null;
    }

    DateTimeFormatter get(String pattern) {
      return constant != null ? constant : compile(pattern);
    }

    private static DateTimeFormatter compile(String pattern) {
      try {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
            .toFormatter(Locale.US);
      } catch (IllegalArgumentException e) {
        throw SpateException.execution("[INVALID_DATETIME_PATTERN] the datetime pattern '%s' is"
            + " invalid: %s", pattern, e.getMessage());
      }
    }
  }
}
