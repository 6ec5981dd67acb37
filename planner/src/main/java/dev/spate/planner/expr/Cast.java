package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.types.DataTypes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * {@code CAST(child AS type)} with Spark's rules. In ANSI mode an invalid cast (a string that is not
 * a number, an overflowing narrowing) raises an EXECUTION error; otherwise it yields NULL. {@code
 * tryCast} (from {@code try_cast}) always yields NULL. Casts the analyzer inserts for coercion are
 * plain casts.
 */
public final class Cast extends Expression {
  private final Expression child;
  private final Field type;
  private final boolean tryCast;

  public Cast(Expression child, Field type, boolean tryCast) {
    this.child = requireNonNull(child, "child is null");
    this.type = requireNonNull(type, "type is null");
    this.tryCast = tryCast;
  }

  public Cast(Expression child, Field type) {
    this(child, type, false);
  }

  public Expression child() {
    return child;
  }

  public boolean tryCast() {
    return tryCast;
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 1);
    return new Cast(children.get(0), type, tryCast);
  }

  @Override
  public Field dataType() {
    return type;
  }

  @Override
  public String sql() {
    return (tryCast ? "TRY_CAST(" : "CAST(") + child.sql() + " AS "
        + DataTypes.sqlName(type).toUpperCase(Locale.ROOT) + ")";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Cast && ((Cast) other).child.equals(child)
        && ((Cast) other).type.equals(type) && ((Cast) other).tryCast == tryCast;
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, type, tryCast);
  }
}
