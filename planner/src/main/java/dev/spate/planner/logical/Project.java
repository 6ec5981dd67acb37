package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Computes one output column per expression. After analysis every projection is either an {@link
 * Alias} (naming its result) or a {@link ColumnRef} (keeping the input column's name).
 */
public final class Project extends LogicalPlan {
  private final List<Expression> projections;
  private final LogicalPlan child;

  public Project(List<Expression> projections, LogicalPlan child) {
    this.projections = List.copyOf(projections);
    this.child = requireNonNull(child, "child is null");
  }

  public List<Expression> projections() {
    return projections;
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(child);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Project(projections, children.get(0));
  }

  @Override
  public List<Expression> expressions() {
    return projections;
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> input = child.output();
    List<Attribute> output = new ArrayList<>(projections.size());
    for (Expression projection : projections) {
      if (projection instanceof ColumnRef) {
        Attribute source = input.get(((ColumnRef) projection).ordinal());
        output.add(new Attribute(source.qualifier(), source.field()));
      } else {
        output.add(new Attribute(null, DataTypes.rename(projection.dataType(), nameOf(projection))));
      }
    }
    return output;
  }

  /** The output name of a projection: the alias, or Spark's printed form of the expression. */
  public static String nameOf(Expression projection) {
    if (projection instanceof Alias) {
      return ((Alias) projection).name();
    }
    if (projection instanceof ColumnRef) {
      return ((ColumnRef) projection).name();
    }
    return projection.sql();
  }

  @Override
  public String describe() {
    return "Project " + projections;
  }
}
