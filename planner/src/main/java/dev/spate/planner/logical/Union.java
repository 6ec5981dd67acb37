package dev.spate.planner.logical;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Spark's {@code union} (UNION ALL): columns matched by position, names from the first input; the
 * inputs must have the same column count and (after coercion) the same types.
 */
public final class Union extends LogicalPlan {
  private final List<LogicalPlan> inputs;

  public Union(List<LogicalPlan> inputs) {
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public List<LogicalPlan> children() {
    return inputs;
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Union(children);
  }

  @Override
  public List<Expression> expressions() {
    return List.of();
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> first = inputs.get(0).output();
    List<Attribute> output = new ArrayList<>(first.size());
    for (int index = 0; index < first.size(); index++) {
      Field field = first.get(index).field();
      for (LogicalPlan input : inputs) {
        field = DataTypes.mergeNullability(field, input.output().get(index).field());
      }
      output.add(new Attribute(null, field));
    }
    return output;
  }

  @Override
  public String describe() {
    return "Union";
  }
}
