package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A function call as written, by name (case-insensitive) with unresolved arguments. The analyzer
 * looks the name up in the function registry and produces a {@link Call} or an {@link
 * AggregateCall}. Operators of SQL ({@code +}, {@code =}, {@code AND}, {@code LIKE}, {@code IN},
 * {@code CASE}, ...) are built as calls of their canonical names from {@link FunctionNames}.
 */
public final class UnresolvedFunction extends Expression {
  private final String name;
  private final List<Expression> arguments;
  private final boolean distinct;

  public UnresolvedFunction(String name, List<Expression> arguments, boolean distinct) {
    this.name = requireNonNull(name, "name is null").toLowerCase(Locale.ROOT);
    this.arguments = List.copyOf(arguments);
    this.distinct = distinct;
  }

  public static UnresolvedFunction of(String name, Expression... arguments) {
    return new UnresolvedFunction(name, List.of(arguments), false);
  }

  public String name() {
    return name;
  }

  public List<Expression> arguments() {
    return arguments;
  }

  public boolean distinct() {
    return distinct;
  }

  @Override
  public boolean resolved() {
    return false;
  }

  @Override
  public List<Expression> children() {
    return arguments;
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    return new UnresolvedFunction(name, children, distinct);
  }

  @Override
  public Field dataType() {
    throw unresolved();
  }

  @Override
  public String sql() {
    return FunctionNames.sql(name, sqlOf(arguments), distinct);
  }

  static List<String> sqlOf(List<Expression> expressions) {
    List<String> result = new ArrayList<>(expressions.size());
    for (Expression expression : expressions) {
      result.add(expression.sql());
    }
    return result;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnresolvedFunction && ((UnresolvedFunction) other).name.equals(name)
        && ((UnresolvedFunction) other).arguments.equals(arguments)
        && ((UnresolvedFunction) other).distinct == distinct;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, arguments, distinct);
  }
}
