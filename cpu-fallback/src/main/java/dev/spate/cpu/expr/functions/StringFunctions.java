package dev.spate.cpu.expr.functions;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.cpu.expr.EvalNode;
import dev.spate.cpu.expr.KernelFactory;
import dev.spate.cpu.expr.LiteralNode;
import dev.spate.planner.expr.FunctionNames;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * String functions with Spark's semantics: lengths and positions count characters (code points),
 * {@code substring} is 1-based with negative positions from the end, {@code trim} removes spaces,
 * regular expressions are Java's, {@code LIKE} supports {@code %}, {@code _} and the escape
 * {@code \}.
 */
public final class StringFunctions {
  private StringFunctions() {}

  public static void register(Map<String, KernelFactory> factories) {
    // Reached only where no file scan feeds the row (the engine binds the rest to the file
    // column): Spark then gives the empty string.
    factories.put("input_file_name", (call, arguments) -> new RowFunction(call.dataType(),
        arguments, false, (values, context) -> ""));
    factories.put("concat", (call, arguments) -> new RowFunction(call.dataType(), arguments, true,
        (values, context) -> {
          StringBuilder text = new StringBuilder();
          for (Object value : values) {
            text.append((String) value);
          }
          return text.toString();
        }));
    factories.put("concat_ws", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        false, (values, context) -> values[0] == null ? null : concatWs(values)));
    factories.put("repeat", (call, arguments) -> new RowFunction(call.dataType(), arguments, true,
        (values, context) -> ((String) values[0]).repeat(Math.max(0, (Integer) values[1]))));
    factories.put("lower", unary(text -> text.toLowerCase(Locale.ROOT)));
    factories.put("lcase", factories.get("lower"));
    factories.put("upper", unary(text -> text.toUpperCase(Locale.ROOT)));
    factories.put("ucase", factories.get("upper"));
    factories.put("length", (call, arguments) -> new RowFunction(call.dataType(), arguments, true,
        (values, context) -> values[0] instanceof byte[] ? ((byte[]) values[0]).length
            : ((String) values[0]).codePointCount(0, ((String) values[0]).length())));
    factories.put("char_length", factories.get("length"));
    factories.put("character_length", factories.get("length"));
    factories.put("substring", (call, arguments) -> new RowFunction(call.dataType(), arguments,
        true, (values, context) -> substring((String) values[0], ((Number) values[1]).intValue(),
            values.length > 2 ? ((Number) values[2]).intValue() : Integer.MAX_VALUE)));
    factories.put("substr", factories.get("substring"));
    factories.put("trim", trim(true, true));
    factories.put("btrim", trim(true, true));
    factories.put("ltrim", trim(true, false));
    factories.put("rtrim", trim(false, true));
    factories.put("regexp_extract", (call, arguments) -> {
      PatternCache patterns = new PatternCache(arguments.get(1), Function.identity(), 0);
      return new RowFunction(call.dataType(), arguments, true, (values, context) ->
          regexpExtract((String) values[0], patterns.get((String) values[1]),
              values.length > 2 ? ((Number) values[2]).intValue() : 1));
    });
    factories.put("split", (call, arguments) -> {
      PatternCache patterns = new PatternCache(arguments.get(1), Function.identity(), 0);
      return new RowFunction(call.dataType(), arguments, true, (values, context) -> {
        int limit = values.length > 2 ? ((Number) values[2]).intValue() : -1;
        return Arrays.asList(patterns.get((String) values[1]).split((String) values[0],
            limit > 0 ? limit : -1));
      });
    });
    factories.put(FunctionNames.LIKE, (call, arguments) -> {
      PatternCache patterns = new PatternCache(arguments.get(1), StringFunctions::likeToRegex,
          Pattern.DOTALL);
      return new RowFunction(call.dataType(), arguments, true, (values, context) ->
          patterns.get((String) values[1]).matcher((String) values[0]).matches());
    });
  }

  private static KernelFactory unary(Function<String, String> function) {
    return (call, arguments) -> new RowFunction(call.dataType(), arguments, true,
        (values, context) -> function.apply((String) values[0]));
  }

  private static KernelFactory trim(boolean leading, boolean trailing) {
    return (call, arguments) -> new RowFunction(call.dataType(), arguments, true,
        (values, context) -> trim((String) values[0], values.length > 1 ? (String) values[1] : " ",
            leading, trailing));
  }

  private static String concatWs(Object[] values) {
    List<String> parts = new ArrayList<>();
    for (int index = 1; index < values.length; index++) {
      Object value = values[index];
      if (value instanceof List) {
        for (Object element : (List<?>) value) {
          if (element != null) {
            parts.add((String) element);
          }
        }
      } else if (value != null) {
        parts.add((String) value);
      }
    }
    return String.join((String) values[0], parts);
  }

  /** Spark's {@code substring(str, pos, len)}: 1-based, negative from the end, 0 acts as 1. */
  static String substring(String text, int position, int length) {
    int[] codePoints = text.codePoints().toArray();
    int size = codePoints.length;
    long start = position > 0 ? position - 1L : (position < 0 ? (long) size + position : 0);
    long end = start + length;
    start = Math.max(start, 0);
    end = Math.min(end, size);
    if (start >= end) {
      return "";
    }
    return new String(codePoints, (int) start, (int) (end - start));
  }

  private static String trim(String text, String characters, boolean leading, boolean trailing) {
    int start = 0;
    int end = text.length();
    while (leading && start < end && characters.indexOf(text.codePointAt(start)) >= 0) {
      start += Character.charCount(text.codePointAt(start));
    }
    while (trailing && end > start && characters.indexOf(text.codePointBefore(end)) >= 0) {
      end -= Character.charCount(text.codePointBefore(end));
    }
    return text.substring(start, end);
  }

  private static String regexpExtract(String text, Pattern pattern, int group) {
    Matcher matcher = pattern.matcher(text);
    if (group < 0 || group > matcher.groupCount()) {
      throw SpateException.execution("[INVALID_PARAMETER_VALUE.REGEX_GROUP_INDEX] The value of"
          + " parameter `idx` in `regexp_extract` is invalid: expects group index between 0 and"
          + " %d, but got %d.", matcher.groupCount(), group);
    }
    if (!matcher.find()) {
      return "";
    }
    String value = matcher.group(group);
    return value == null ? "" : value;
  }

  /** The Java regular expression of a SQL LIKE pattern with escape character {@code \}. */
  static String likeToRegex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (int index = 0; index < pattern.length(); index++) {
      char character = pattern.charAt(index);
      if (character == '\\') {
        if (index + 1 == pattern.length()) {
          throw SpateException.execution("[INVALID_FORMAT.ESC_AT_THE_END] the LIKE pattern '%s'"
              + " ends with the escape character", pattern);
        }
        char escaped = pattern.charAt(++index);
        if (escaped != '_' && escaped != '%' && escaped != '\\') {
          throw SpateException.execution("[INVALID_FORMAT.ESC_IN_THE_MIDDLE] the LIKE pattern '%s'"
              + " escapes '%s', which is neither '_', '%%' nor '\\'", pattern, escaped);
        }
        regex.append(Pattern.quote(String.valueOf(escaped)));
      } else if (character == '%') {
        regex.append(".*");
      } else if (character == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(character)));
      }
    }
    return regex.toString();
  }

  /**
   * Compiles a pattern argument (LIKE patterns with DOTALL, as Spark; regular expressions without)
   * once when it is a literal, and otherwise remembers the last pattern
   * (patterns rarely change between rows). Thread safe.
   */
  static final class PatternCache {
    private final Function<String, String> toRegex;
    private final int flags;
    private final Pattern constant;
    private volatile Map.Entry<String, Pattern> last;

    PatternCache(EvalNode argument, Function<String, String> toRegex, int flags) {
      this.toRegex = requireNonNull(toRegex, "toRegex is null");
      this.flags = flags;
      Object value = argument instanceof LiteralNode ? ((LiteralNode) argument).value() : null;
      this.constant = value instanceof String ? compile((String) value) : null;
    }

    Pattern get(String text) {
      if (constant != null) {
        return constant;
      }
      Map.Entry<String, Pattern> entry = last;
      if (entry != null && entry.getKey().equals(text)) {
        return entry.getValue();
      }
      Pattern pattern = compile(text);
      last = Map.entry(text, pattern);
      return pattern;
    }

    private Pattern compile(String text) {
      try {
        return Pattern.compile(toRegex.apply(text), flags);
      } catch (PatternSyntaxException e) {
        throw SpateException.execution("[INVALID_PARAMETER_VALUE.PATTERN] the regular expression"
            + " '%s' is invalid: %s", text, e.getDescription());
      }
    }
  }
}
