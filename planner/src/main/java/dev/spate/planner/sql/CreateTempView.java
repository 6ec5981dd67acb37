package dev.spate.planner.sql;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.logical.LogicalPlan;

/**
 * {@code CREATE [OR REPLACE] TEMP[ORARY] VIEW name AS query}: the engine registers {@code plan}
 * (unresolved) under {@code name}; without {@code replace} an existing view of that name is an
 * error ({@code [TEMP_TABLE_OR_VIEW_ALREADY_EXISTS]}), which the engine reports.
 */
public final class CreateTempView implements SqlStatement {
  private final String name;
  private final boolean replace;
  private final LogicalPlan plan;

  public CreateTempView(String name, boolean replace, LogicalPlan plan) {
    this.name = requireNonNull(name, "name is null");
    this.replace = replace;
    this.plan = requireNonNull(plan, "plan is null");
  }

  public String name() {
    return name;
  }

  public boolean replace() {
    return replace;
  }

  public LogicalPlan plan() {
    return plan;
  }
}
