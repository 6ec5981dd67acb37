package dev.spate.planner.expr;

import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A column name as written: {@code x}, {@code t.x}, or {@code window.start} (qualifier, column,
 * then struct fields). The analyzer decides which parts name a relation, a column and fields.
 */
public final class UnresolvedColumn extends Expression {
  private final List<String> nameParts;

  public UnresolvedColumn(List<String> nameParts) {
    this.nameParts = List.copyOf(nameParts);
    if (this.nameParts.isEmpty()) {
      throw new IllegalArgumentException("a column name has at least one part");
    }
  }

  public static UnresolvedColumn of(String... parts) {
    return new UnresolvedColumn(List.of(parts));
  }

  public List<String> nameParts() {
    return nameParts;
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
    return nameParts.get(nameParts.size() - 1);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof UnresolvedColumn
        && ((UnresolvedColumn) other).nameParts.equals(nameParts);
  }

  @Override
  public int hashCode() {
    return nameParts.hashCode();
  }
}
