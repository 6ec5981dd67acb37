package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/** Keeps rows whose {@code condition} is TRUE; selects rather than copies. */
public final class FilterExec extends PhysicalNode {
  private final Expression condition;
  private final PhysicalNode child;

  public FilterExec(Expression condition, PhysicalNode child) {
    this.condition = requireNonNull(condition, "condition is null");
    this.child = requireNonNull(child, "child is null");
  }

  public Expression condition() {
    return condition;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new FilterExec(condition, children.get(0));
  }

  @Override
  public Schema schema() {
    return child.schema();
  }

  @Override
  public String name() {
    return "Filter";
  }

  @Override
  public String explainParams() {
    return condition.sql();
  }
}
