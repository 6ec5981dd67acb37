package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Joins left and right (child 0 and 1). Rows match when every {@code leftKeys[i]} (over the left
 * schema) equals {@code rightKeys[i]} (over the right schema) with SQL equality (NULL keys never
 * match), and {@code residual} (over the left schema followed by the right; null for none) is TRUE.
 * With no keys it is a nested-loop join over the residual (a cross join when that is null too). The
 * right side is the build side. Output: left columns then right columns (left only for semi/anti),
 * the non-preserved side nullable for outer joins. Output order is unspecified.
 */
public final class HashJoinExec extends PhysicalNode {
  private final JoinType joinType;
  private final List<Expression> leftKeys;
  private final List<Expression> rightKeys;
  private final Expression residual;
  private final PhysicalNode left;
  private final PhysicalNode right;

  public HashJoinExec(JoinType joinType, List<Expression> leftKeys, List<Expression> rightKeys,
      Expression residual, PhysicalNode left, PhysicalNode right) {
    this.joinType = requireNonNull(joinType, "joinType is null");
    this.leftKeys = List.copyOf(leftKeys);
    this.rightKeys = List.copyOf(rightKeys);
    this.residual = residual;
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
  }

  public JoinType joinType() {
    return joinType;
  }

  public List<Expression> leftKeys() {
    return leftKeys;
  }

  public List<Expression> rightKeys() {
    return rightKeys;
  }

  /** The non-equi part of the condition, or null. */
  public Expression residual() {
    return residual;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(left, right);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new HashJoinExec(joinType, leftKeys, rightKeys, residual, children.get(0),
        children.get(1));
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    boolean leftNullable = joinType == JoinType.RIGHT_OUTER || joinType == JoinType.FULL_OUTER;
    boolean rightNullable = joinType == JoinType.LEFT_OUTER || joinType == JoinType.FULL_OUTER;
    for (Field field : left.schema().getFields()) {
      fields.add(leftNullable ? DataTypes.withNullable(field, true) : field);
    }
    if (!joinType.leftOnly()) {
      for (Field field : right.schema().getFields()) {
        fields.add(rightNullable ? DataTypes.withNullable(field, true) : field);
      }
    }
    return new Schema(fields);
  }

  @Override
  public String name() {
    return leftKeys.isEmpty() ? "NestedLoopJoin" : "HashJoin";
  }

  @Override
  public String explainParams() {
    return joinType + (leftKeys.isEmpty() ? "" : " " + leftKeys + " = " + rightKeys)
        + (residual == null ? "" : " condition=" + residual.sql());
  }
}
