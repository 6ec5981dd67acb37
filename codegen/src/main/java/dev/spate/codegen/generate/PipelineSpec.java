package dev.spate.codegen.generate;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A fused pipeline: a chain of Filter and Project nodes, optionally ending in a HashAggregate (the
 * pipeline breaker), rewritten over the chain's input by substituting each Project's expressions for
 * the column references above it (produce/consume fusion: one loop, no intermediate vectors).
 * Immutable.
 */
public final class PipelineSpec {
  private final List<PhysicalNode> nodes;
  private final Schema inputSchema;
  private final List<Expression> filters;
  private final List<Expression> projections;
  private final HashAggregateExec aggregate;
  private final List<Expression> keys;
  private final List<AggregateCall> aggregates;

  private PipelineSpec(List<PhysicalNode> nodes, List<Expression> filters,
      List<Expression> projections, HashAggregateExec aggregate, List<Expression> keys,
      List<AggregateCall> aggregates) {
    this.nodes = List.copyOf(nodes);
    this.inputSchema = nodes.get(0).child().schema();
    this.filters = List.copyOf(filters);
    this.projections = List.copyOf(projections);
    this.aggregate = aggregate;
    this.keys = List.copyOf(keys);
    this.aggregates = List.copyOf(aggregates);
  }

  /**
   * The pipeline of {@code nodes}, bottom-up: Filters and Projects, each the single child of the
   * next, and at most one HashAggregate, last.
   */
  public static PipelineSpec of(List<PhysicalNode> nodes) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a pipeline needs at least one node");
    }
    List<Expression> current = new ArrayList<>();
    List<org.apache.arrow.vector.types.pojo.Field> fields =
        nodes.get(0).child().schema().getFields();
    for (int ordinal = 0; ordinal < fields.size(); ordinal++) {
      current.add(new ColumnRef(ordinal, fields.get(ordinal).getName(), fields.get(ordinal)));
    }
    List<Expression> filters = new ArrayList<>();
    for (int index = 0; index < nodes.size(); index++) {
      PhysicalNode node = nodes.get(index);
      if (node instanceof FilterExec) {
        filters.add(substitute(((FilterExec) node).condition(), current));
      } else if (node instanceof ProjectExec) {
        List<Expression> next = new ArrayList<>();
        for (Expression projection : ((ProjectExec) node).projections()) {
          next.add(substitute(unalias(projection), current));
        }
        current = next;
      } else if (node instanceof HashAggregateExec && index == nodes.size() - 1) {
        HashAggregateExec aggregate = (HashAggregateExec) node;
        List<Expression> keys = new ArrayList<>();
        for (Expression key : aggregate.keys()) {
          keys.add(substitute(unalias(key), current));
        }
        List<AggregateCall> calls = new ArrayList<>();
        for (AggregateCall call : aggregate.aggregates()) {
          calls.add((AggregateCall) substitute(call, current));
        }
        return new PipelineSpec(nodes, filters, List.of(), aggregate, keys, calls);
      } else {
        throw new IllegalArgumentException("node " + node.name() + " cannot be fused");
      }
    }
    return new PipelineSpec(nodes, filters, current, null, List.of(), List.of());
  }

  private static Expression substitute(Expression expression, List<Expression> columns) {
    return expression.transformUp(node -> node instanceof ColumnRef
        ? columns.get(((ColumnRef) node).ordinal()) : node);
  }

  static Expression unalias(Expression expression) {
    Expression current = expression;
    while (current instanceof Alias) {
      current = ((Alias) current).child();
    }
    return current;
  }

  public List<PhysicalNode> nodes() {
    return nodes;
  }

  public Schema inputSchema() {
    return inputSchema;
  }

  public Schema outputSchema() {
    return nodes.get(nodes.size() - 1).schema();
  }

  /** The filter conditions over the input, in evaluation order. */
  public List<Expression> filters() {
    return filters;
  }

  /** The output columns over the input; empty for an aggregation pipeline. */
  public List<Expression> projections() {
    return projections;
  }

  public boolean isAggregation() {
    return aggregate != null;
  }

  /** The aggregation node ending the pipeline, or null. */
  public HashAggregateExec aggregate() {
    return aggregate;
  }

  public List<Expression> keys() {
    return keys;
  }

  public List<AggregateCall> aggregates() {
    return aggregates;
  }

  /** The fused operators, for messages: {@code Filter -> Project -> HashAggregate}. */
  public String description() {
    List<String> names = new ArrayList<>();
    for (PhysicalNode node : nodes) {
      names.add(node.name());
    }
    return String.join(" -> ", names);
  }

  @Override
  public String toString() {
    return description();
  }

  /** The pipeline's top node. */
  public PhysicalNode top() {
    return requireNonNull(nodes.get(nodes.size() - 1), "top is null");
  }
}
