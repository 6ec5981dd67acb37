package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.SortOrder;
import java.util.List;

/** Orders rows by the keys, first key first; a stable sort. */
public final class Sort extends LogicalPlan {
  private final List<SortOrder> order;
  private final LogicalPlan child;

  public Sort(List<SortOrder> order, LogicalPlan child) {
    this.order = List.copyOf(order);
    this.child = requireNonNull(child, "child is null");
  }

  public List<SortOrder> order() {
    return order;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Sort(order, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.copyOf(order);
  }

  @Override
  public List<Attribute> output() {
    return child.output();
  }

  @Override
  public String describe() {
    return "Sort " + order;
  }
}
