package dev.spate.planner.sql;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.logical.LogicalPlan;

/** A query statement: its unresolved logical plan. */
public final class QueryStatement implements SqlStatement {
  private final LogicalPlan plan;

  public QueryStatement(LogicalPlan plan) {
    this.plan = requireNonNull(plan, "plan is null");
  }

  public LogicalPlan plan() {
    return plan;
  }
}
