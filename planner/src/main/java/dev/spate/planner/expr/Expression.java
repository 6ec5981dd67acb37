package dev.spate.planner.expr;

import dev.spate.SpateException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * An immutable expression tree node. Expressions come in two forms:
 *
 * <ul>
 *   <li><b>unresolved</b>, as built by the SQL front end and the DataFrame API ({@link
 *       UnresolvedColumn}, {@link UnresolvedFunction}, {@link Star});
 *   <li><b>resolved</b>, as produced by the analyzer ({@link ColumnRef}, {@link Literal}, {@link
 *       Call}, {@link Cast}, {@link AggregateCall}, {@link Alias}, {@link SortOrder}). A resolved
 *       expression has a {@link #dataType()} and its arguments already have exactly the types its
 *       function expects (the analyzer inserts {@link Cast}s), so backends never coerce.
 * </ul>
 *
 * <p>Subclasses implement {@code equals}/{@code hashCode} structurally, so expressions can be
 * compared and used as map keys (grouping expressions, common subexpressions).
 */
public abstract class Expression {
  public abstract List<Expression> children();

  /** A copy of this node with other children (same count). */
  public abstract Expression withChildren(List<Expression> children);

  /** True when this node and all its children are resolved. */
  public boolean resolved() {
    for (Expression child : children()) {
      if (!child.resolved()) {
        return false;
      }
    }
    return true;
  }

  /**
   * The result type; the field's name is meaningless, its nullability is the result's. Only valid on
   * a resolved expression.
   */
  public abstract Field dataType();

  public boolean nullable() {
    return dataType().isNullable();
  }

  /**
   * The expression as Spark prints it, which is also the name Spark gives an unaliased result
   * column: {@code (a + 1)}, {@code sum(x)}, {@code count(1)}, {@code CAST(x AS BIGINT)}.
   */
  public abstract String sql();

  /** Applies {@code rule} to every node bottom-up and returns the rewritten tree. */
  public Expression transformUp(Function<Expression, Expression> rule) {
    List<Expression> children = children();
    Expression current = this;
    if (!children.isEmpty()) {
      List<Expression> rewritten = new ArrayList<>(children.size());
      boolean changed = false;
      for (Expression child : children) {
        Expression newChild = child.transformUp(rule);
        changed |= newChild != child;
        rewritten.add(newChild);
      }
      if (changed) {
        current = withChildren(rewritten);
      }
    }
    return rule.apply(current);
  }

  /** True when {@code predicate} holds for this node or any descendant. */
  public boolean anyMatch(java.util.function.Predicate<Expression> predicate) {
    if (predicate.test(this)) {
      return true;
    }
    for (Expression child : children()) {
      if (child.anyMatch(predicate)) {
        return true;
      }
    }
    return false;
  }

  protected SpateException unresolved() {
    return SpateException.internal("expression " + sql() + " is not resolved", null);
  }

  protected static void checkChildCount(List<Expression> children, int expected) {
    if (children.size() != expected) {
      throw SpateException.internal("expected " + expected + " children, got " + children.size(),
          null);
    }
  }

  @Override
  public String toString() {
    return sql();
  }
}
