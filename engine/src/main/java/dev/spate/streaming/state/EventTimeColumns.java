package dev.spate.streaming.state;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.streaming.runtime.EventTimeWatermark;
import java.util.HashMap;
import java.util.Map;

/**
 * Which output columns of a plan carry an event-time watermark, as Spark tracks its {@code
 * spark.watermarkDelayMs} column metadata: the column named by {@code withWatermark}, the same
 * column passed through projections, filters and aliases, and the {@code window} column of a
 * time window over it. Maps output ordinals to the watermark delay in milliseconds.
 */
public final class EventTimeColumns {
  private EventTimeColumns() {}

  public static Map<Integer, Long> of(LogicalPlan plan) {
    if (plan instanceof EventTimeWatermark) {
      EventTimeWatermark watermark = (EventTimeWatermark) plan;
      Map<Integer, Long> columns = new HashMap<>(of(watermark.child()));
      columns.put(watermark.ordinal(), watermark.delayMs());
      return columns;
    }
    if (plan instanceof Filter || plan instanceof SubqueryAlias || plan instanceof Sort
        || plan instanceof Limit || plan instanceof Distinct) {
      return of(plan.child());
    }
    if (plan instanceof Generate) {
      Generate generate = (Generate) plan;
      Map<Integer, Long> columns = new HashMap<>(of(generate.child()));
      Expression generator = generate.generator();
      if (generator instanceof Call
          && ((Call) generator).name().equals(FunctionNames.TIME_WINDOW)) {
        Long delay = delayOf(((Call) generator).arguments().get(0), of(generate.child()));
        if (delay != null) {
          columns.put(generate.child().output().size(), delay);
        }
      }
      return columns;
    }
    if (plan instanceof Project) {
      return passedThrough(((Project) plan).projections(), of(plan.child()));
    }
    if (plan instanceof Aggregate) {
      return passedThrough(((Aggregate) plan).aggregates(), of(plan.child()));
    }
    return Map.of();
  }

  private static Map<Integer, Long> passedThrough(java.util.List<Expression> outputs,
      Map<Integer, Long> input) {
    Map<Integer, Long> columns = new HashMap<>();
    for (int index = 0; index < outputs.size(); index++) {
      Long delay = delayOf(outputs.get(index), input);
      if (delay != null) {
        columns.put(index, delay);
      }
    }
    return columns;
  }

  /** The delay of {@code expression} when it is (an alias of) an event-time column, else null. */
  public static Long delayOf(Expression expression, Map<Integer, Long> input) {
    Expression unaliased = expression;
    while (unaliased instanceof Alias) {
      unaliased = ((Alias) unaliased).child();
    }
    return unaliased instanceof ColumnRef ? input.get(((ColumnRef) unaliased).ordinal()) : null;
  }
}
