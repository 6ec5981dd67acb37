package dev.spate.planner.expr;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Objects;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * A sort key. Spark's defaults: ascending puts NULLs first, descending puts NULLs last. Floating
 * point order is Spark's: -Inf &lt; ... &lt; -0.0 = 0.0 &lt; ... &lt; +Inf &lt; NaN.
 */
public final class SortOrder extends Expression {
  private final Expression child;
  private final boolean ascending;
  private final boolean nullsFirst;

  public SortOrder(Expression child, boolean ascending, boolean nullsFirst) {
    this.child = requireNonNull(child, "child is null");
    this.ascending = ascending;
    this.nullsFirst = nullsFirst;
  }

  /** Spark's default null placement for the direction. */
  public static SortOrder of(Expression child, boolean ascending) {
    return new SortOrder(child, ascending, ascending);
  }

  public Expression child() {
    return child;
  }

  public boolean ascending() {
    return ascending;
  }

  public boolean nullsFirst() {
    return nullsFirst;
  }

  @Override
  public List<Expression> children() {
    return List.of(child);
  }

  @Override
  public Expression withChildren(List<Expression> children) {
    checkChildCount(children, 1);
    return new SortOrder(children.get(0), ascending, nullsFirst);
  }

  @Override
  public Field dataType() {
    return child.dataType();
  }

  @Override
  public String sql() {
    return child.sql() + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof SortOrder && ((SortOrder) other).child.equals(child)
        && ((SortOrder) other).ascending == ascending && ((SortOrder) other).nullsFirst == nullsFirst;
  }

  @Override
  public int hashCode() {
    return Objects.hash(child, ascending, nullsFirst);
  }
}
