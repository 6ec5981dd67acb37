package dev.spate.planner.logical;

import dev.spate.SpateException;
import dev.spate.planner.expr.Expression;
import java.util.List;

/**
 * A table named in SQL: {@code events} (a temp view) or {@code parquet.`/path`} (a file path
 * with its format as the first part). The analyzer replaces it with the view's plan or a scan.
 */
public final class UnresolvedRelation extends LogicalPlan {
  private final List<String> nameParts;

  public UnresolvedRelation(List<String> nameParts) {
    this.nameParts = List.copyOf(nameParts);
  }

  public List<String> nameParts() {
    return nameParts;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of();
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return this;
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public boolean resolved() {
    return false;
  }

  @Override
  public List<Attribute> output() {
    throw SpateException.internal("relation " + String.join(".", nameParts) + " is not resolved",
        null);
  }

  @Override
  public String describe() {
    return "UnresolvedRelation " + String.join(".", nameParts);
  }
}
