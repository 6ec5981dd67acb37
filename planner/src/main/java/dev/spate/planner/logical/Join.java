package dev.spate.planner.logical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Joins two inputs. {@code condition} (resolved over the left output followed by the right output)
 * may be null for a cross join. {@code usingColumns} is set for {@code JOIN ... USING (c)}: the
 * analyzer turns it into an equality condition and a projection that keeps one copy of each using
 * column, as Spark does. Outer joins make the other side's columns nullable.
 */
public final class Join extends LogicalPlan {
  private final LogicalPlan left;
  private final LogicalPlan right;
  private final JoinType joinType;
  private final Expression condition;
  private final List<String> usingColumns;

  public Join(LogicalPlan left, LogicalPlan right, JoinType joinType, Expression condition,
      List<String> usingColumns) {
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    this.joinType = requireNonNull(joinType, "joinType is null");
    this.condition = condition;
    this.usingColumns = List.copyOf(usingColumns);
  }

  public LogicalPlan left() {
    return left;
  }

  public LogicalPlan right() {
    return right;
  }

  public JoinType joinType() {
    return joinType;
  }

  /** The join condition, or null. */
  public Expression condition() {
    return condition;
  }

  public List<String> usingColumns() {
    return usingColumns;
  }

  public Join withCondition(Expression newCondition) {
    return new Join(left, right, joinType, newCondition, List.of());
  }

  @Override
  public List<LogicalPlan> children() {
    return List.of(left, right);
  }

  @Override
  public LogicalPlan withChildren(List<LogicalPlan> children) {
    return new Join(children.get(0), children.get(1), joinType, condition, usingColumns);
  }

  @Override
  public List<Expression> expressions() {
    return condition == null ? List.of() : List.of(condition);
  }

  @Override
  public boolean resolved() {
    return super.resolved() && usingColumns.isEmpty();
  }

  @Override
  public List<Attribute> output() {
    List<Attribute> output = new ArrayList<>();
    boolean leftNullable = joinType == JoinType.RIGHT_OUTER || joinType == JoinType.FULL_OUTER;
    boolean rightNullable = joinType == JoinType.LEFT_OUTER || joinType == JoinType.FULL_OUTER;
    for (Attribute attribute : left.output()) {
      output.add(leftNullable ? nullable(attribute) : attribute);
    }
    if (!joinType.leftOnly()) {
      for (Attribute attribute : right.output()) {
        output.add(rightNullable ? nullable(attribute) : attribute);
      }
    }
    return output;
  }

  private static Attribute nullable(Attribute attribute) {
    return new Attribute(attribute.qualifier(), DataTypes.withNullable(attribute.field(), true));
  }

  @Override
  public String describe() {
    return "Join " + joinType + (condition == null ? "" : " " + condition.sql())
        + (usingColumns.isEmpty() ? "" : " USING " + usingColumns);
  }
}
