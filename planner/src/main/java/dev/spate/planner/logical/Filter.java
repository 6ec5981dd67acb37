package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.List;

/** Keeps the rows for which {@code condition} is TRUE (not FALSE, not NULL). */
public final class Filter extends LogicalPlan {
  private final Expression condition;
  private final LogicalPlan child;

  public Filter(Expression condition, LogicalPlan child) {
    this.condition = requireNonNull(condition, "condition is null");
    this.child = requireNonNull(child, "child is null");
  }

  public Expression condition() {
    return condition;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Filter(condition, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.of(condition);
  }

  @Override
  public List<Attribute> output() {
    return child.output();
  }

  @Override
  public String describe() {
    return "Filter " + condition.sql();
  }
}
