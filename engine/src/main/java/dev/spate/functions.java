package dev.spate;

import dev.spate.engine.Literals;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Star;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.sql.SqlParser;
import java.util.ArrayList;
import java.util.List;

/** The built-in functions of the DataFrame API, as in Spark's {@code org.apache.spark.sql.functions}. */
@SuppressWarnings({"checkstyle:TypeName", "checkstyle:MethodName"})
public final class functions {
  private functions() {}

  /**
   * A column by name: {@code "x"}, {@code "t.x"}, {@code "s.field"}, {@code "`a.b`"} (backquotes
   * keep dots), {@code "*"} or {@code "t.*"}.
   */
  public static Column col(String name) {
    List<String> parts = nameParts(name);
    if (parts.get(parts.size() - 1).equals("*") && !name.endsWith("`")) {
      return new Column(new Star(parts.size() == 1 ? null
          : String.join(".", parts.subList(0, parts.size() - 1))));
    }
    return new Column(new UnresolvedColumn(parts));
  }

  public static Column column(String name) {
    return col(name);
  }

  public static Column lit(Object value) {
    return value instanceof Column ? (Column) value : new Column(Literals.of(value));
  }

  /** Parses a SQL expression: {@code expr("a + 1")}. */
  public static Column expr(String sqlExpression) {
    return new Column(SqlParser.parseExpression(sqlExpression));
  }

  /** Tumbling event-time window of {@code windowDuration} ("5 seconds", "10 minutes"). */
  public static Column window(Column timeColumn, String windowDuration) {
    return call("window", timeColumn, lit(windowDuration));
  }

  /** Sliding event-time window. */
  public static Column window(Column timeColumn, String windowDuration, String slideDuration) {
    return call("window", timeColumn, lit(windowDuration), lit(slideDuration));
  }

  /** {@code count(col)}; {@code count("*")} counts rows and is named {@code count(1)}. */
  public static Column count(String columnName) {
    return columnName.equals("*") ? new Column(new UnresolvedFunction("count", List.of(), false))
        : count(col(columnName));
  }

  public static Column count(Column column) {
    return call("count", column);
  }

  public static Column countDistinct(Column column, Column... others) {
    List<Expression> arguments = new ArrayList<>();
    arguments.add(column.expr());
    for (Column other : others) {
      arguments.add(other.expr());
    }
    return new Column(new UnresolvedFunction("count", arguments, true));
  }

  public static Column countDistinct(String columnName, String... others) {
    Column[] rest = new Column[others.length];
    for (int index = 0; index < others.length; index++) {
      rest[index] = col(others[index]);
    }
    return countDistinct(col(columnName), rest);
  }

  public static Column sum(String columnName) {
    return sum(col(columnName));
  }

  public static Column sum(Column column) {
    return call("sum", column);
  }

  public static Column avg(String columnName) {
    return avg(col(columnName));
  }

  public static Column avg(Column column) {
    return call("avg", column);
  }

  public static Column mean(String columnName) {
    return mean(col(columnName));
  }

  public static Column mean(Column column) {
    return call("mean", column);
  }

  public static Column min(String columnName) {
    return min(col(columnName));
  }

  public static Column min(Column column) {
    return call("min", column);
  }

  public static Column max(String columnName) {
    return max(col(columnName));
  }

  public static Column max(Column column) {
    return call("max", column);
  }

  /** The value of {@code value} in the row with the largest {@code ordering} (Spark's max_by). */
  public static Column max_by(Column value, Column ordering) {
    return call("max_by", value, ordering);
  }

  /** The value of {@code value} in the row with the smallest {@code ordering} (Spark's min_by). */
  public static Column min_by(Column value, Column ordering) {
    return call("min_by", value, ordering);
  }

  public static Column first(String columnName) {
    return first(col(columnName));
  }

  public static Column first(Column column) {
    return call("first", column);
  }

  public static Column last(String columnName) {
    return last(col(columnName));
  }

  public static Column last(Column column) {
    return call("last", column);
  }

  public static Column current_timestamp() {
    return call(FunctionNames.CURRENT_TIMESTAMP);
  }

  public static Column current_date() {
    return call(FunctionNames.CURRENT_DATE);
  }

  public static Column input_file_name() {
    return call("input_file_name");
  }

  public static Column split(Column string, String pattern) {
    return call("split", string, lit(pattern));
  }

  public static Column explode(Column column) {
    return call("explode", column);
  }

  public static Column explode_outer(Column column) {
    return call("explode_outer", column);
  }

  /** Parses a JSON string column with a DDL schema ("a INT, b STRING"). */
  public static Column from_json(Column json, String ddlSchema) {
    return call("from_json", json, lit(ddlSchema));
  }

  public static Column to_json(Column column) {
    return call("to_json", column);
  }

  public static Column struct(Column... columns) {
    return call("struct", (Object[]) columns);
  }

  public static Column array(Column... columns) {
    return call("array", (Object[]) columns);
  }

  /** {@code concat} of strings, or of arrays (one array of all the elements, in order). */
  public static Column concat(Column... columns) {
    return call("concat", (Object[]) columns);
  }

  /** {@code isnan(x)}: true for a DOUBLE NaN, false otherwise (also for NULL). */
  public static Column isnan(Column column) {
    return call("isnan", column);
  }

  public static Column lower(Column column) {
    return call("lower", column);
  }

  public static Column upper(Column column) {
    return call("upper", column);
  }

  public static Column length(Column column) {
    return call("length", column);
  }

  /** Spark's 1-based substring of {@code length} characters from {@code position}. */
  public static Column substring(Column string, int position, int length) {
    return call("substring", string, lit(position), lit(length));
  }

  public static Column trim(Column column) {
    return call("trim", column);
  }

  public static Column regexp_extract(Column string, String regex, int groupIndex) {
    return call("regexp_extract", string, lit(regex), lit(groupIndex));
  }

  public static Column date_format(Column timestamp, String format) {
    return call("date_format", timestamp, lit(format));
  }

  public static Column to_timestamp(Column string) {
    return call("to_timestamp", string);
  }

  public static Column to_timestamp(Column string, String format) {
    return call("to_timestamp", string, lit(format));
  }

  public static Column year(Column column) {
    return call("year", column);
  }

  public static Column month(Column column) {
    return call("month", column);
  }

  public static Column dayofmonth(Column column) {
    return call("dayofmonth", column);
  }

  public static Column hour(Column column) {
    return call("hour", column);
  }

  public static Column minute(Column column) {
    return call("minute", column);
  }

  public static Column round(Column column) {
    return call("round", column);
  }

  public static Column round(Column column, int scale) {
    return call("round", column, lit(scale));
  }

  public static Column abs(Column column) {
    return call("abs", column);
  }

  public static Column sqrt(Column column) {
    return call("sqrt", column);
  }

  public static Column sqrt(String columnName) {
    return sqrt(col(columnName));
  }

  public static Column exp(Column column) {
    return call("exp", column);
  }

  /** Natural logarithm. */
  public static Column log(Column column) {
    return call("log", column);
  }

  /** Logarithm of {@code column} in {@code base}. */
  public static Column log(double base, Column column) {
    return call("log", lit(base), column);
  }

  public static Column pow(Column base, Object exponent) {
    return call("pow", base, exponent);
  }

  public static Column coalesce(Column... columns) {
    return call(FunctionNames.COALESCE, (Object[]) columns);
  }

  public static Column not(Column column) {
    return column.not();
  }

  /** Starts a CASE expression: {@code when(cond, a).when(cond2, b).otherwise(c)}. */
  public static Column when(Column condition, Object value) {
    return new Column(new UnresolvedFunction(FunctionNames.CASE_WHEN,
        List.of(condition.expr(), Column.toExpression(value)), false));
  }

  /** {@code size(array or map)}: the number of elements; NULL for NULL (ANSI mode, as Spark 4). */
  public static Column size(Column column) {
    return call("size", column);
  }

  /** {@code raise_error(message)}: fails the query with {@code message} for a row reaching it. */
  public static Column raise_error(Column message) {
    return call("raise_error", message);
  }

  private static Column call(String name, Object... arguments) {
    List<Expression> expressions = new ArrayList<>(arguments.length);
    for (Object argument : arguments) {
      expressions.add(Column.toExpression(argument));
    }
    return new Column(new UnresolvedFunction(name, expressions, false));
  }

  /** Splits a column name on dots outside backquotes. */
  static List<String> nameParts(String name) {
    List<String> parts = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean quoted = false;
    for (int index = 0; index < name.length(); index++) {
      char character = name.charAt(index);
      if (character == '`') {
        if (quoted && index + 1 < name.length() && name.charAt(index + 1) == '`') {
          current.append('`');
          index++;
        } else {
          quoted = !quoted;
        }
      } else if (character == '.' && !quoted) {
        parts.add(current.toString());
        current.setLength(0);
      } else {
        current.append(character);
      }
    }
    if (quoted) {
      throw SpateException.analysis("[PARSE_SYNTAX_ERROR] unclosed backquote in column name '%s'",
          name);
    }
    parts.add(current.toString());
    return parts;
  }
}
