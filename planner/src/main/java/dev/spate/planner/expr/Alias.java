package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/** Names the result of {@code child}: {@code expr AS name}. Only at the top of an output expression. */
public final class Alias extends Expression {
  private final Expression child;
  private final String name;

  public Alias(Expression child, String name) {
    this.child = requireNonNull(child, "child is null");
    this.name = requireNonNull(name, "name is null");
  }

  public Expression child() {
    return child;
  }

  public String name() {
    return name;
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 1);
    return new Alias(children.get(0), name);
  }

  @Override
  public Field dataType() {
    return child.dataType();
  }

  @Override
  public String sql() {
    return child.sql() + " AS " + name;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Alias && ((Alias) other).child.equals(child)
        && ((Alias) other).name.equals(name);
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, name);
  }
}
