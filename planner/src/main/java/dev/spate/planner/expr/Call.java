package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A resolved call of a scalar built-in function, by its canonical name (see {@link FunctionNames}),
 * with arguments of exactly the types the function expects and the result type the analyzer
 * computed. Evaluation follows Spark's semantics, including ANSI mode errors, and is lazy where
 * Spark's is: {@code AND}, {@code OR}, {@code CASE_WHEN}, {@code COALESCE} do not evaluate (or raise
 * errors from) branches that no row needs.
 */
public final class Call extends Expression {
  private final String name;
  private final List<Expression> arguments;
  private final Field type;

  public Call(String name, List<Expression> arguments, Field type) {
    this.name = requireNonNull(name, "name is null");
    this.arguments = List.copyOf(arguments);
    this.type = requireNonNull(type, "type is null");
  }

  public String name() {
    return name;
  }

  public List<Expression> arguments() {
    return arguments;
  }

  public Expression argument(int index) {
    return arguments.get(index);
  }

  @Override
  public List<Expression> children() {
    return arguments;
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    return new Call(name, children, type);
  }

  @Override
  public Field dataType() {
    return type;
  }

  @Override
  public String sql() {
    return FunctionNames.sql(name, UnresolvedFunction.sqlOf(arguments), false);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Call && ((Call) other).name.equals(name)
        && ((Call) other).arguments.equals(arguments) && ((Call) other).type.equals(type);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, arguments);
  }
}
