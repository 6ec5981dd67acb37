package dev.spate;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * The result of {@code groupBy}: aggregations produce a DataFrame with the grouping columns first,
 * then one column per aggregate, as in Spark.
 */
public final class GroupedData {
  private final DataFrame frame;
  private final List<Expression> keys;

  GroupedData(DataFrame frame, List<Expression> keys) {
    this.frame = requireNonNull(frame, "frame is null");
    this.keys = List.copyOf(keys);
  }

  /** Rows per group, in a column named {@code count}. */
  public DataFrame count() {
    return aggregate(List.of(new Alias(new UnresolvedFunction("count", List.of(), false), "count")));
  }

  public DataFrame agg(Column aggregate, Column... others) {
    List<Expression> outputs = new ArrayList<>();
    outputs.add(aggregate.expr());
    for (Column other : others) {
      outputs.add(other.expr());
    }
    return aggregate(outputs);
  }

  public DataFrame sum(String... columns) {
    return numeric("sum", columns);
  }

  public DataFrame avg(String... columns) {
    return numeric("avg", columns);
  }

  public DataFrame mean(String... columns) {
    return numeric("avg", columns);
  }

  public DataFrame min(String... columns) {
    return numeric("min", columns);
  }

  public DataFrame max(String... columns) {
    return numeric("max", columns);
  }

  /** Applies {@code function} to the named columns, or to every numeric column when none is named. */
  private DataFrame numeric(String function, String[] columns) {
    List<String> names = new ArrayList<>(List.of(columns));
    if (names.isEmpty()) {
      for (Field field : frame.schema().getFields()) {
        if (DataTypes.isNumeric(field.getType())) {
          names.add(field.getName());
        }
      }
    }
    List<Expression> outputs = new ArrayList<>();
    for (String name : names) {
      outputs.add(UnresolvedFunction.of(function, new UnresolvedColumn(functions.nameParts(name))));
    }
    return aggregate(outputs);
  }

  private DataFrame aggregate(List<Expression> aggregates) {
    List<Expression> outputs = new ArrayList<>(keys);
    outputs.addAll(aggregates);
    return frame.aggregate(groupingExpressions(), outputs);
  }

  /**
   * The keys without their aliases: {@code groupBy(col("a").alias("b"))} groups by {@code a} and
   * names the output column {@code b}, as in Spark.
   */
  private List<Expression> groupingExpressions() {
    List<Expression> grouping = new ArrayList<>(keys.size());
    for (Expression key : keys) {
      grouping.add(key instanceof Alias ? ((Alias) key).child() : key);
    }
    return grouping;
  }
}
