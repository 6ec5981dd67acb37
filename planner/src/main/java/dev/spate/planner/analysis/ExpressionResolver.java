package dev.spate.planner.analysis;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.Star;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Resolves expressions against the columns of an operator's input: names (with qualifiers and
 * struct fields, Spark's error texts), {@code *}, functions through the {@link FunctionRegistry},
 * and explicit casts. Also computes Spark's output column names.
 */
final class ExpressionResolver {
  private final FunctionRegistry registry;
  private final boolean caseSensitive;
  private final boolean ansi;

  ExpressionResolver(FunctionRegistry registry, boolean caseSensitive, boolean ansi) {
    this.registry = registry;
    this.caseSensitive = caseSensitive;
    this.ansi = ansi;
  }

  /** Resolves {@code expression} over {@code input}; aggregate functions are allowed. */
  Expression resolve(Expression expression, List<Attribute> input) {
    if (expression instanceof UnresolvedColumn) {
      Expression column = resolveColumn(((UnresolvedColumn) expression).nameParts(), input);
      if (column == null) {
        throw unresolvedColumn(((UnresolvedColumn) expression).nameParts(), input);
      }
      return column;
    }
    if (expression instanceof Star) {
      throw SpateException.analysis("[INVALID_USAGE_OF_STAR_OR_REGEX] Invalid usage of '%s' in"
          + " expression.", expression.sql());
    }
    if (expression instanceof UnresolvedFunction) {
      return resolveFunction((UnresolvedFunction) expression, input);
    }
    if (expression.resolved()) {
      return expression;
    }
    List<Expression> children = new ArrayList<>();
    for (Expression child : expression.children()) {
      children.add(resolve(child, input));
    }
    if (expression instanceof Cast) {
      return resolveCast((Cast) expression, children.get(0));
    }
    return expression.withChildren(children);
  }

  private Expression resolveFunction(UnresolvedFunction function, List<Attribute> input) {
    String name = function.name();
    if (name.equals("explode") || name.equals("explode_outer")) {
      throw SpateException.analysis("[UNSUPPORTED_GENERATOR.OUTSIDE_SELECT] The generator is not"
          + " supported: outside the SELECT clause, found: %s.", function.sql());
    }
    if (!registry.exists(name)) {
      throw SpateException.analysis("[UNRESOLVED_ROUTINE] Cannot resolve routine `%s` on search"
          + " path [`system`.`builtin`, `system`.`session`].", name);
    }
    List<Expression> arguments = new ArrayList<>();
    boolean countStar = name.equals("count") && function.arguments().size() == 1
        && function.arguments().get(0) instanceof Star;
    if (!countStar) {
      for (Expression argument : function.arguments()) {
        Expression resolved = resolve(argument, input);
        if (FunctionRegistry.isAggregate(name) && resolved.anyMatch(
            node -> node instanceof AggregateCall)) {
          throw SpateException.analysis("[NESTED_AGGREGATE_FUNCTION] It is not allowed to use an"
              + " aggregate function in the argument of another aggregate function. Please use"
              + " the inner aggregate function in a sub-query.");
        }
        arguments.add(resolved);
      }
    } else if (function.distinct()) {
      throw SpateException.analysis("[INVALID_SQL_SYNTAX] count(DISTINCT *) is not supported.");
    }
    return registry.resolve(name, arguments, function.distinct(), displayName(function, input));
  }

  private Expression resolveCast(Cast cast, Expression child) {
    Field target = cast.dataType();
    if (!TypeCoercion.canCast(child.dataType(), target)) {
      throw SpateException.analysis("[DATATYPE_MISMATCH.CAST_WITHOUT_SUGGESTION] Cannot resolve"
          + " \"%s\" due to data type mismatch: cannot cast \"%s\" to \"%s\".", cast.sql(),
          FunctionRegistry.typeName(child),
          DataTypes.sqlName(target).toUpperCase(Locale.ROOT));
    }
    boolean risky = TypeCoercion.isString(child.dataType().getType()) || !ansi;
    boolean nullable = child.nullable() || cast.tryCast() || risky;
    Field type = DataTypes.withNullable(target, nullable);
    if (child instanceof Literal && ((Literal) child).isNull()) {
      return new Literal(null, type);
    }
    return new Cast(child, type, cast.tryCast());
  }

  /**
   * A column reference by name parts: {@code [qualifier,] column [, field...]}; null when no
   * column matches. Qualified matches win over unqualified ones, as in Spark.
   */
  Expression resolveColumn(List<String> parts, List<Attribute> input) {
    List<Integer> matches = new ArrayList<>();
    int consumed = 2;
    if (parts.size() >= 2) {
      for (int index = 0; index < input.size(); index++) {
        Attribute attribute = input.get(index);
        if (attribute.qualifier() != null && same(attribute.qualifier(), parts.get(0))
            && same(attribute.name(), parts.get(1))) {
          matches.add(index);
        }
      }
    }
    if (matches.isEmpty()) {
      consumed = 1;
      for (int index = 0; index < input.size(); index++) {
        if (same(input.get(index).name(), parts.get(0))) {
          matches.add(index);
        }
      }
    }
    if (matches.isEmpty()) {
      return null;
    }
    if (matches.size() > 1) {
      List<String> candidates = new ArrayList<>();
      for (int match : matches) {
        candidates.add(quoted(input.get(match)));
      }
      throw SpateException.analysis("[AMBIGUOUS_REFERENCE] Reference %s is ambiguous, could be:"
          + " [%s].", quote(parts), String.join(", ", candidates));
    }
    Attribute attribute = input.get(matches.get(0));
    Expression result = new ColumnRef(matches.get(0), attribute.name(), attribute.field());
    for (String field : parts.subList(consumed, parts.size())) {
      result = extractField(result, field, caseSensitive);
    }
    return result;
  }

  /** {@code base.field} on a struct, by name (case-insensitively unless asked otherwise). */
  static Expression extractField(Expression base, String field, boolean caseSensitive) {
    Field type = base.dataType();
    if (!(type.getType() instanceof ArrowType.Struct)) {
      throw SpateException.analysis("[INVALID_EXTRACT_BASE_FIELD_TYPE] Can't extract a value from"
          + " \"%s\". Need a complex type [STRUCT, ARRAY, MAP] but got \"%s\".", base.sql(),
          FunctionRegistry.typeName(base));
    }
    Field found = null;
    for (Field child : type.getChildren()) {
      if (child.getName().equals(field)) {
        found = child;
        break;
      }
      if (found == null && !caseSensitive && child.getName().equalsIgnoreCase(field)) {
        found = child;
      }
    }
    if (found == null) {
      List<String> names = new ArrayList<>();
      for (Field child : type.getChildren()) {
        names.add("`" + child.getName() + "`");
      }
      throw SpateException.analysis("[FIELD_NOT_FOUND] No such struct field `%s` in %s.", field,
          String.join(", ", names));
    }
    Field resultType = DataTypes.withNullable(DataTypes.rename(found, ""),
        found.isNullable() || base.nullable());
    return new Call(FunctionNames.GET_FIELD, List.of(base, Literal.ofString(found.getName())),
        resultType);
  }

  /** The columns {@code *} or {@code t.*} stands for, as column references. */
  List<Expression> expandStar(Star star, List<Attribute> input) {
    List<Expression> columns = new ArrayList<>();
    for (int index = 0; index < input.size(); index++) {
      Attribute attribute = input.get(index);
      if (star.qualifier() == null || (attribute.qualifier() != null
          && same(attribute.qualifier(), star.qualifier()))) {
        columns.add(new ColumnRef(index, attribute.name(), attribute.field()));
      }
    }
    if (star.qualifier() != null && columns.isEmpty()) {
      throw SpateException.analysis("[CANNOT_RESOLVE_STAR_EXPAND] Cannot resolve %s.* given input"
          + " columns %s.", "`" + star.qualifier() + "`", quotedNames(input));
    }
    return columns;
  }

  /**
   * Spark's name for an unaliased output expression: a column's (or struct field's) own name,
   * otherwise the printed expression with column names as the input spells them and {@code
   * count(*)} as {@code count(1)}.
   */
  String displayName(Expression unresolved, List<Attribute> input) {
    if (unresolved instanceof Alias) {
      return ((Alias) unresolved).name();
    }
    if (unresolved instanceof UnresolvedColumn) {
      Expression column = resolveColumn(((UnresolvedColumn) unresolved).nameParts(), input);
      if (column instanceof ColumnRef) {
        return ((ColumnRef) column).name();
      }
      if (column instanceof Call) {
        return (String) ((Literal) ((Call) column).argument(1)).value();
      }
    }
    return unresolved.transformUp(node -> {
      if (node instanceof UnresolvedColumn) {
        Expression column = resolveColumn(((UnresolvedColumn) node).nameParts(), input);
        return column == null ? node : column;
      }
      if (node instanceof UnresolvedFunction && ((UnresolvedFunction) node).name().equals("count")
          && node.children().size() == 1 && node.children().get(0) instanceof Star) {
        return new UnresolvedFunction("count", List.of(Literal.ofInt(1)), false);
      }
      return node;
    }).sql();
  }

  boolean same(String left, String right) {
    return caseSensitive ? left.equals(right) : left.equalsIgnoreCase(right);
  }

  SpateException unresolvedColumn(List<String> parts, List<Attribute> input) {
    if (input.isEmpty()) {
      return SpateException.analysis("[UNRESOLVED_COLUMN.WITHOUT_SUGGESTION] A column or function"
          + " parameter with name %s cannot be resolved.", quote(parts));
    }
    String wanted = parts.get(parts.size() - 1).toLowerCase(Locale.ROOT);
    List<Attribute> sorted = new ArrayList<>(input);
    sorted.sort(Comparator.comparingInt(
        attribute -> distance(attribute.name().toLowerCase(Locale.ROOT), wanted)));
    List<String> suggestions = new ArrayList<>();
    for (Attribute attribute : sorted.subList(0, Math.min(5, sorted.size()))) {
      suggestions.add(quoted(attribute));
    }
    return SpateException.analysis("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column or function"
        + " parameter with name %s cannot be resolved. Did you mean one of the following? [%s].",
        quote(parts), String.join(", ", suggestions));
  }

  private static String quotedNames(List<Attribute> input) {
    List<String> names = new ArrayList<>();
    for (Attribute attribute : input) {
      names.add(quoted(attribute));
    }
    return "[" + String.join(", ", names) + "]";
  }

  private static String quoted(Attribute attribute) {
    return (attribute.qualifier() == null ? "" : "`" + attribute.qualifier() + "`.")
        + "`" + attribute.name() + "`";
  }

  private static String quote(List<String> parts) {
    List<String> quoted = new ArrayList<>();
    for (String part : parts) {
      quoted.add("`" + part + "`");
    }
    return String.join(".", quoted);
  }

  /** Levenshtein distance, for suggestions. */
  private static int distance(String left, String right) {
    int[] previous = new int[right.length() + 1];
    int[] current = new int[right.length() + 1];
    for (int column = 0; column <= right.length(); column++) {
      previous[column] = column;
    }
    for (int row = 1; row <= left.length(); row++) {
      current[0] = row;
      for (int column = 1; column <= right.length(); column++) {
        int cost = left.charAt(row - 1) == right.charAt(column - 1) ? 0 : 1;
        current[column] = Math.min(Math.min(current[column - 1] + 1, previous[column] + 1),
            previous[column - 1] + cost);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[right.length()];
  }
}
