package dev.spate.streaming.state;

import dev.spate.SpateException;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Cast;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.UnresolvedColumn;
import dev.spate.planner.expr.UnresolvedFunction;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Project;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.pojo.ArrowType;

/**
 * Splits an aggregation into mergeable parts, as Spark's partial/final aggregation does: per
 * aggregate, the partial aggregates computed over a micro-batch, the functions that merge a
 * partial column of the state with the same column of a batch, and the expression computing the
 * result from the merged columns. {@code count}, {@code sum}, {@code min}, {@code max}, {@code
 * first} and {@code last} are their own partials ({@code count} merges by {@code sum}); {@code avg}
 * keeps a sum and a count; {@code max_by(x, y)} keeps its own result and {@code max(y)}, and merges
 * by {@code max_by} over those two ({@code min_by} likewise). DISTINCT aggregates cannot be merged
 * and are refused.
 */
final class AggregateSplit {
  static final String KEY_PREFIX = "__k";
  static final String PARTIAL_PREFIX = "__p";

  private final List<AggregateCall> calls = new ArrayList<>();
  private final List<Expression> partials = new ArrayList<>();
  private final List<Merge> merges = new ArrayList<>();

  /**
   * How a partial column merges: with {@code function}, passing {@code ignoreNulls} as its second
   * argument when true, or the partial column {@code orderingPartial} (when >= 0) as the ordering
   * of {@code max_by}/{@code min_by}.
   */
  private record Merge(String function, boolean ignoreNulls, int orderingPartial) {}

  AggregateSplit(Aggregate aggregate) {
    for (Expression output : aggregate.aggregates()) {
      output.anyMatch(node -> {
        if (node instanceof AggregateCall && !calls.contains(node)) {
          add((AggregateCall) node);
        }
        return false;
      });
    }
  }

  private void add(AggregateCall call) {
    String name = call.name().toLowerCase(Locale.ROOT);
    if (call.distinct()) {
      throw SpateException.analysis("%s is not supported on streaming DataFrames: a DISTINCT"
          + " aggregate cannot be merged across micro-batches without keeping every distinct"
          + " value; use approx_count_distinct or deduplicate with dropDuplicates first",
          call.sql());
    }
    calls.add(call);
    switch (name) {
      case "count":
      case "sum":
        addPartial(call, "sum", false);
        break;
      case "min":
      case "max":
        addPartial(call, name, false);
        break;
      case "max_by":
      case "min_by":
        String extremum = name.equals("max_by") ? "max" : "min";
        partials.add(call);
        merges.add(new Merge(name, false, partials.size()));
        addPartial(UnresolvedFunction.of(extremum, call.arguments().get(1)), extremum, false);
        break;
      case "first":
      case "last":
        boolean ignoreNulls = call.arguments().size() == 2
            && Boolean.TRUE.equals(((Literal) call.arguments().get(1)).value());
        addPartial(call, name, ignoreNulls);
        break;
      case "avg":
      case "mean":
        Expression value = call.arguments().get(0);
        boolean decimal = value.dataType().getType() instanceof ArrowType.Decimal;
        Expression summed = decimal ? value
            : new Cast(value, DataTypes.field("", DataTypes.DOUBLE, true));
        addPartial(UnresolvedFunction.of("sum", summed), "sum", false);
        addPartial(UnresolvedFunction.of("count", value), "sum", false);
        break;
      default:
        throw SpateException.analysis("the aggregate %s is not supported on streaming"
            + " DataFrames", call.sql());
    }
  }

  private void addPartial(Expression partial, String merge, boolean ignoreNulls) {
    partials.add(partial);
    merges.add(new Merge(merge, ignoreNulls, -1));
  }

  /** The partial aggregation's outputs: the keys {@code __k<i>}, the partials {@code __p<j>}. */
  List<Expression> partialOutputs(List<Expression> groupings) {
    List<Expression> outputs = new ArrayList<>();
    for (int index = 0; index < groupings.size(); index++) {
      outputs.add(new Alias(groupings.get(index), KEY_PREFIX + index));
    }
    for (int index = 0; index < partials.size(); index++) {
      outputs.add(new Alias(partials.get(index), PARTIAL_PREFIX + index));
    }
    return outputs;
  }

  int partialCount() {
    return partials.size();
  }

  /**
   * The function merging partial column {@code index}: {@code sum}, {@code min}, {@code max},
   * {@code first}, {@code last}, {@code max_by} or {@code min_by}, with " ignoring nulls" appended
   * for {@code first}/{@code last} that skip NULLs.
   */
  String mergeFunction(int index) {
    Merge merge = merges.get(index);
    return merge.ignoreNulls() ? merge.function() + " ignoring nulls" : merge.function();
  }

  /**
   * The merge of partial column {@code index} over the state and a batch, cast back to the
   * column's type {@code type} so that the state keeps one schema.
   */
  Expression merge(int index, org.apache.arrow.vector.types.pojo.Field type) {
    UnresolvedColumn column = new UnresolvedColumn(List.of(PARTIAL_PREFIX + index));
    Merge merge = merges.get(index);
    Expression merged;
    if (merge.orderingPartial() >= 0) {
      merged = UnresolvedFunction.of(merge.function(), column,
          new UnresolvedColumn(List.of(PARTIAL_PREFIX + merge.orderingPartial())));
    } else if (merge.ignoreNulls()) {
      merged = new UnresolvedFunction(merge.function(), List.of(column, Literal.ofBoolean(true)),
          false);
    } else {
      merged = UnresolvedFunction.of(merge.function(), column);
    }
    return new Alias(new Cast(merged, DataTypes.withNullable(type, true)),
        PARTIAL_PREFIX + index);
  }

  /**
   * The aggregation's select list over the merged state: grouping expressions become the key
   * columns, aggregates their result over the partial columns; names are kept.
   */
  List<Expression> finalOutputs(Aggregate aggregate) {
    List<Expression> groupings = aggregate.groupings();
    List<Expression> outputs = new ArrayList<>();
    for (Expression output : aggregate.aggregates()) {
      String name = Project.nameOf(output);
      Expression unaliased = output instanceof Alias ? ((Alias) output).child() : output;
      Expression rewritten = overMergedState(unaliased, groupings);
      outputs.add(new Alias(rewritten, name));
    }
    return outputs;
  }

  private Expression overMergedState(Expression expression, List<Expression> groupings) {
    int key = groupings.indexOf(expression);
    if (key >= 0) {
      return new UnresolvedColumn(List.of(KEY_PREFIX + key));
    }
    if (expression instanceof AggregateCall) {
      return result((AggregateCall) expression);
    }
    if (expression.children().isEmpty()) {
      return expression;
    }
    List<Expression> children = new ArrayList<>();
    for (Expression child : expression.children()) {
      children.add(overMergedState(child, groupings));
    }
    return expression.withChildren(children);
  }

  private Expression result(AggregateCall call) {
    int first = firstPartial(calls.indexOf(call));
    String name = call.name().toLowerCase(Locale.ROOT);
    Expression value;
    if (name.equals("avg") || name.equals("mean")) {
      Expression sum = new UnresolvedColumn(List.of(PARTIAL_PREFIX + first));
      Expression count = new UnresolvedColumn(List.of(PARTIAL_PREFIX + (first + 1)));
      value = UnresolvedFunction.of("if", new UnresolvedFunction(
          dev.spate.planner.expr.FunctionNames.GREATER_THAN, List.of(count, Literal.ofLong(0)),
          false), new UnresolvedFunction(dev.spate.planner.expr.FunctionNames.DIVIDE,
              List.of(sum, count), false), Literal.nullOf(call.dataType().getType()));
    } else {
      value = new UnresolvedColumn(List.of(PARTIAL_PREFIX + first));
    }
    return new Cast(value, call.dataType());
  }

  private int firstPartial(int callIndex) {
    int partial = 0;
    for (int index = 0; index < callIndex; index++) {
      String name = calls.get(index).name().toLowerCase(Locale.ROOT);
      boolean twoPartials = name.equals("avg") || name.equals("mean") || name.equals("max_by")
          || name.equals("min_by");
      partial += twoPartials ? 2 : 1;
    }
    return partial;
  }
}
