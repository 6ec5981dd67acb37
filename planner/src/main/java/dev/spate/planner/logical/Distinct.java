package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.List;

/**
 * Removes duplicate rows; with {@code keys} (column ordinals, {@code dropDuplicates(cols)}) keeps
 * the first row of each distinct key. NULLs compare equal, NaN equals NaN, -0.0 equals 0.0.
 */
public final class Distinct extends LogicalPlan {
  private final List<Integer> keys;
  private final LogicalPlan child;

  /** @param keys ordinals of the key columns, or empty for all columns */
  public Distinct(List<Integer> keys, LogicalPlan child) {
    this.keys = List.copyOf(keys);
    this.child = requireNonNull(child, "child is null");
  }

  public List<Integer> keys() {
    return keys;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Distinct(keys, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public List<Attribute> output() {
    return child.output();
  }

  @Override
  public String describe() {
    return "Distinct" + (keys.isEmpty() ? "" : " " + keys);
  }
}
