package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Grouped aggregation: {@code GROUP BY groupings} producing {@code aggregates}, the output
 * expressions, which may combine grouping expressions and {@link
 * dev.spate.planner.expr.AggregateCall}s ({@code sum(x) + 1}, {@code k}); each is an
 * {@link dev.spate.planner.expr.Alias} or a column reference after analysis. With no groupings the
 * result is exactly one row, also over empty input.
 */
public final class Aggregate extends LogicalPlan {
  private final List<Expression> groupings;
  private final List<Expression> aggregates;
  private final LogicalPlan child;

  public Aggregate(List<Expression> groupings, List<Expression> aggregates, LogicalPlan child) {
    this.groupings = List.copyOf(groupings);
    this.aggregates = List.copyOf(aggregates);
    this.child = requireNonNull(child, "child is null");
  }

  public List<Expression> groupings() {
    return groupings;
  }

  public List<Expression> aggregates() {
    return aggregates;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Aggregate(groupings, aggregates, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    List<Expression> all = new ArrayList<>(groupings);
    all.addAll(aggregates);
    return all;
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> output = new ArrayList<>(aggregates.size());
    for (Expression aggregate : aggregates) {
      output.add(new Attribute(null,
          DataTypes.rename(aggregate.dataType(), Project.nameOf(aggregate))));
    }
    return output;
  }

  @Override
  public String describe() {
    return "Aggregate " + groupings + " " + aggregates;
  }
}
