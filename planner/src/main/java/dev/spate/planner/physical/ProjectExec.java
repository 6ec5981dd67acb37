package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Project;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One output column per projection (an {@link dev.spate.planner.expr.Alias} or a {@link
 * dev.spate.planner.expr.ColumnRef}); column references pass the input vector through.
 */
public final class ProjectExec extends PhysicalNode {
  private final List<Expression> projections;
  private final PhysicalNode child;

  public ProjectExec(List<Expression> projections, PhysicalNode child) {
    this.projections = List.copyOf(projections);
    this.child = requireNonNull(child, "child is null");
  }

  public List<Expression> projections() {
    return projections;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new ProjectExec(projections, children.get(0));
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (Expression projection : projections) {
      fields.add(DataTypes.rename(projection.dataType(), Project.nameOf(projection)));
    }
    return new Schema(fields);
  }

  @Override
  public String name() {
    return "Project";
  }

  @Override
  public String explainParams() {
    return projections.toString();
  }
}
