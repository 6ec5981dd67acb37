package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A resolved aggregate function ({@code count}, {@code sum}, {@code avg}, {@code min}, {@code max},
 * {@code first}, {@code last}), optionally DISTINCT, with Spark's result types: {@code count} is a
 * non-null BIGINT; {@code sum} of integral types is BIGINT, of floating types DOUBLE, of DECIMAL(p,s)
 * DECIMAL(min(38,p+10),s); {@code avg} is DOUBLE, or DECIMAL(min(38,p+4),min(38,s+4)) for decimals;
 * {@code min}/{@code max}/{@code first}/{@code last} keep the argument type. {@code count} with no
 * argument is {@code count(*)} (printed {@code count(1)}). NULL inputs are ignored, except by
 * {@code first}/{@code last}, which take the first/last row's value as Spark does without
 * {@code ignoreNulls}; with a second argument, a BOOLEAN literal TRUE ({@code first(x, true)}),
 * they take the first/last non-NULL value. In ANSI mode an overflowing integral {@code sum} raises an error.
 */
public final class AggregateCall extends Expression {
  private final String name;
  private final List<Expression> arguments;
  private final boolean distinct;
  private final Field type;

  public AggregateCall(String name, List<Expression> arguments, boolean distinct, Field type) {
    this.name = requireNonNull(name, "name is null");
    this.arguments = List.copyOf(arguments);
    this.distinct = distinct;
    this.type = requireNonNull(type, "type is null");
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
  public List<Expression> children() {
    return arguments;
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    return new AggregateCall(name, children, distinct, type);
  }

  @Override
  public Field dataType() {
    return type;
  }

  @Override
  public String sql() {
    return FunctionNames.sql(name, UnresolvedFunction.sqlOf(arguments), distinct);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof AggregateCall && ((AggregateCall) other).name.equals(name)
        && ((AggregateCall) other).arguments.equals(arguments)
        && ((AggregateCall) other).distinct == distinct;
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, arguments, distinct);
  }
}
