package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Hash aggregation: output columns are the grouping keys (named {@code keyNames}) followed by one
 * column per aggregate (named {@code aggregateNames}). Groups compare NULL equal to NULL, NaN equal
 * to NaN and -0.0 equal to 0.0. With no keys the output is exactly one row, also for empty input;
 * with keys and empty input it is empty. Output row order is unspecified.
 */
public final class HashAggregateExec extends PhysicalNode {
  private final List<Expression> keys;
  private final List<String> keyNames;
  private final List<AggregateCall> aggregates;
  private final List<String> aggregateNames;
  private final PhysicalNode child;

  public HashAggregateExec(List<Expression> keys, List<String> keyNames,
      List<AggregateCall> aggregates, List<String> aggregateNames, PhysicalNode child) {
    this.keys = List.copyOf(keys);
    this.keyNames = List.copyOf(keyNames);
    this.aggregates = List.copyOf(aggregates);
    this.aggregateNames = List.copyOf(aggregateNames);
    this.child = requireNonNull(child, "child is null");
  }

  public List<Expression> keys() {
    return keys;
  }

  public List<AggregateCall> aggregates() {
    return aggregates;
  }

  @Override
  public List<PhysicalNode> children() {
    return List.of(child);
  }

  @Override
  public PhysicalNode withChildren(List<PhysicalNode> children) {
    return new HashAggregateExec(keys, keyNames, aggregates, aggregateNames, children.get(0));
  }

  @Override
  public Schema schema() {
    List<Field> fields = new ArrayList<>();
    for (int index = 0; index < keys.size(); index++) {
      fields.add(DataTypes.rename(keys.get(index).dataType(), keyNames.get(index)));
    }
    for (int index = 0; index < aggregates.size(); index++) {
      fields.add(DataTypes.rename(aggregates.get(index).dataType(), aggregateNames.get(index)));
    }
    return new Schema(fields);
  }

  @Override
  public String name() {
    return "HashAggregate";
  }

  @Override
  public String explainParams() {
    return "keys=" + keys + ", functions=" + aggregates;
  }
}
