package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import java.util.List;

/** The first {@code limit} rows (after skipping {@code offset}). */
public final class Limit extends LogicalPlan {
  private final long limit;
  private final long offset;
  private final LogicalPlan child;

  public Limit(long limit, long offset, LogicalPlan child) {
    this.limit = limit;
    this.offset = offset;
    this.child = requireNonNull(child, "child is null");
  }

  public long limit() {
    return limit;
  }

  public long offset() {
    return offset;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Limit(limit, offset, children.get(0));
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
    return "Limit " + limit + (offset == 0 ? "" : " OFFSET " + offset);
  }
}
