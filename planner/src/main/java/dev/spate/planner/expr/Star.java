package dev.spate.planner.expr;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/** {@code *} or {@code t.*} in a select list, expanded by the analyzer; {@code count(*)} also uses it. */
public final class Star extends Expression {
  private final String qualifier;

  /** @param qualifier the relation name before {@code .*}, or null for a bare {@code *} */
  public Star(String qualifier) {
    this.qualifier = qualifier;
  }

  public String qualifier() {
    return qualifier;
  }

  @Override
  public boolean resolved() {
    return false;
  }

  @Override
  public List<Expression> children() {
    return List.of();
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 0);
    return this;
  }

  @Override
  public Field dataType() {
    throw unresolved();
  }

  @Override
  public String sql() {
    return qualifier == null ? "*" : qualifier + ".*";
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Star && Objects.equals(((Star) other).qualifier, qualifier);
  }

  @Override
  public int hashCode() {
    return Objects.hashCode(qualifier);
  }
}
