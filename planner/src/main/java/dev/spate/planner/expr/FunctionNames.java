package dev.spate.planner.expr;

import java.util.List;
import java.util.Map;

/**
 * The canonical names of Spate's built-in functions: the contract between the front ends (SQL,
 * DataFrame API), the analyzer's function registry, and every backend's kernels. Names are Spark's
 * function names where Spark has one. SQL operators map to the names below; everything else (for
 * example {@code upper}, {@code substring}, {@code round}, {@code year}) is called by its Spark name.
 *
 * <p>Resolved argument conventions (after the analyzer's coercion): binary arithmetic and
 * comparisons take two arguments of the same type, except that decimal arguments may differ in
 * precision and scale; {@link #CASE_WHEN} takes {@code cond1, value1, ..., condN, valueN, else}
 * (always an odd count; a missing ELSE becomes a typed NULL literal); {@link #IN} takes the tested
 * value then the list; {@link #GET_FIELD} takes a struct and a STRING literal with the field name;
 * {@link #LIKE} takes the string and a pattern.
 */
public final class FunctionNames {
  public static final String ADD = "add";
  public static final String SUBTRACT = "subtract";
  public static final String MULTIPLY = "multiply";
  /** {@code /}: for integral arguments Spark computes in DOUBLE; for decimals in DECIMAL. */
  public static final String DIVIDE = "divide";
  /** {@code div}: integral division, BIGINT result. */
  public static final String INTEGRAL_DIVIDE = "div";
  /** {@code %}. */
  public static final String REMAINDER = "remainder";
  /** Unary minus. */
  public static final String NEGATIVE = "negative";
  public static final String EQUAL = "equal";
  public static final String NOT_EQUAL = "not_equal";
  public static final String LESS_THAN = "less_than";
  public static final String LESS_THAN_OR_EQUAL = "less_than_or_equal";
  public static final String GREATER_THAN = "greater_than";
  public static final String GREATER_THAN_OR_EQUAL = "greater_than_or_equal";
  /** {@code <=>}: equality where NULL equals NULL; never NULL. */
  public static final String EQUAL_NULL_SAFE = "equal_null_safe";
  public static final String AND = "and";
  public static final String OR = "or";
  public static final String NOT = "not";
  public static final String IS_NULL = "isnull";
  public static final String IS_NOT_NULL = "isnotnull";
  public static final String IN = "in";
  public static final String LIKE = "like";
  public static final String CASE_WHEN = "case_when";
  public static final String COALESCE = "coalesce";
  public static final String GET_FIELD = "get_field";
  /** {@code array[index]} (0-based, as Spark's {@code getItem}) or {@code map[key]}. */
  public static final String GET_ITEM = "get_item";
  public static final String CURRENT_TIMESTAMP = "current_timestamp";
  public static final String CURRENT_DATE = "current_date";
  /**
   * {@code window(ts, size[, slide])}, the event-time window generator: arguments are the TIMESTAMP
   * and two BIGINT literals (size and slide in microseconds); the result is the ARRAY of the
   * {@code struct<start, end>} windows containing the row (Spark's time-window semantics). It only
   * appears as the generator of a {@link dev.spate.planner.logical.Generate} built by the analyzer
   * for {@code GROUP BY window(...)}.
   */
  public static final String TIME_WINDOW = "window";
  /** Aggregate functions. */
  public static final List<String> AGGREGATES =
      List.of("count", "sum", "avg", "mean", "min", "max", "first", "last", "max_by", "min_by");

  private static final Map<String, String> BINARY_OPERATORS = Map.ofEntries(
      Map.entry(ADD, "+"), Map.entry(SUBTRACT, "-"), Map.entry(MULTIPLY, "*"),
      Map.entry(DIVIDE, "/"), Map.entry(INTEGRAL_DIVIDE, "div"), Map.entry(REMAINDER, "%"),
      Map.entry(EQUAL, "="), Map.entry(LESS_THAN, "<"), Map.entry(LESS_THAN_OR_EQUAL, "<="),
      Map.entry(GREATER_THAN, ">"), Map.entry(GREATER_THAN_OR_EQUAL, ">="),
      Map.entry(EQUAL_NULL_SAFE, "<=>"), Map.entry(AND, "AND"), Map.entry(OR, "OR"),
      Map.entry(LIKE, "LIKE"));

  private FunctionNames() {}

  public static boolean isAggregate(String name) {
    return AGGREGATES.contains(name);
  }

  /**
   * The comparison that holds for {@code (right, left)} when {@code comparison} holds for {@code
   * (left, right)}: the order comparisons turned around, any other name unchanged.
   */
  public static String mirrored(String comparison) {
    switch (comparison) {
      case LESS_THAN:
        return GREATER_THAN;
      case LESS_THAN_OR_EQUAL:
        return GREATER_THAN_OR_EQUAL;
      case GREATER_THAN:
        return LESS_THAN;
      case GREATER_THAN_OR_EQUAL:
        return LESS_THAN_OR_EQUAL;
      default:
        return comparison;
    }
  }

  /** Spark's printed form of a call, which is also its default column name. */
  public static String sql(String name, List<String> arguments, boolean distinct) {
    String operator = BINARY_OPERATORS.get(name);
    if (operator != null && arguments.size() == 2) {
      String text = arguments.get(0) + " " + operator + " " + arguments.get(1);
      return name.equals(LIKE) ? text : "(" + text + ")";
    }
    switch (name) {
      case NOT_EQUAL:
        return "(NOT (" + arguments.get(0) + " = " + arguments.get(1) + "))";
      case NOT:
        return "(NOT " + arguments.get(0) + ")";
      case NEGATIVE:
        return "(- " + arguments.get(0) + ")";
      case IS_NULL:
        return "(" + arguments.get(0) + " IS NULL)";
      case IS_NOT_NULL:
        return "(" + arguments.get(0) + " IS NOT NULL)";
      case IN:
        return "(" + arguments.get(0) + " IN ("
            + String.join(", ", arguments.subList(1, arguments.size())) + "))";
      case GET_FIELD:
        return arguments.get(0) + "." + unquote(arguments.get(1));
      case GET_ITEM:
        return arguments.get(0) + "[" + arguments.get(1) + "]";
      case CASE_WHEN: {
        StringBuilder text = new StringBuilder("CASE");
        for (int index = 0; index + 1 < arguments.size(); index += 2) {
          text.append(" WHEN ").append(arguments.get(index)).append(" THEN ")
              .append(arguments.get(index + 1));
        }
        if (arguments.size() % 2 == 1) {
          text.append(" ELSE ").append(arguments.get(arguments.size() - 1));
        }
        return text.append(" END").toString();
      }
      case CURRENT_TIMESTAMP:
      case CURRENT_DATE:
        return name + "()";
      default:
        if (name.equals("count") && arguments.isEmpty()) {
          return "count(1)";
        }
        return name + "(" + (distinct ? "DISTINCT " : "") + String.join(", ", arguments) + ")";
    }
  }

  private static String unquote(String text) {
    return text.length() >= 2 && text.startsWith("'") && text.endsWith("'")
        ? text.substring(1, text.length() - 1) : text;
  }
}
