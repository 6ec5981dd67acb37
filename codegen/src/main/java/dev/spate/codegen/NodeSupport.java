package dev.spate.codegen;

import dev.spate.codegen.generate.AggregateLayout;
import dev.spate.codegen.generate.ExpressionSupport;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.physical.FilterExec;
import dev.spate.planner.physical.HashAggregateExec;
import dev.spate.planner.physical.PhysicalNode;
import dev.spate.planner.physical.ProjectExec;
import java.util.Optional;

/** Which physical nodes codegen fuses, and why not the others (full sentences for EXPLAIN). */
final class NodeSupport {
  private static final int MAX_KEYS = 64;

  private NodeSupport() {}

  static Optional<String> unsupportedReason(PhysicalNode node) {
    if (node instanceof FilterExec) {
      return prefixed(node, ExpressionSupport.unsupportedReason(((FilterExec) node).condition()));
    }
    if (node instanceof ProjectExec) {
      for (Expression projection : ((ProjectExec) node).projections()) {
        Expression value = projection;
        while (value instanceof Alias) {
          value = ((Alias) value).child();
        }
        if (!(value instanceof ColumnRef)) {
          Optional<String> reason = ExpressionSupport.unsupportedReason(value);
          if (reason.isPresent()) {
            return prefixed(node, reason);
          }
        }
      }
      return Optional.empty();
    }
    if (node instanceof HashAggregateExec) {
      return aggregateReason((HashAggregateExec) node);
    }
    return Optional.of(node.name() + " is not fused by codegen (only Filter, Project and"
        + " HashAggregate are)");
  }

  private static Optional<String> aggregateReason(HashAggregateExec node) {
    if (node.keys().size() > MAX_KEYS) {
      return Optional.of("HashAggregate has " + node.keys().size() + " grouping keys; codegen"
          + " supports at most " + MAX_KEYS);
    }
    for (Expression key : node.keys()) {
      Optional<String> reason = ExpressionSupport.keyUnsupportedReason(key);
      if (reason.isPresent()) {
        return prefixed(node, reason.map(text -> "grouping key: " + text));
      }
    }
    for (AggregateCall call : node.aggregates()) {
      Optional<String> reason = AggregateLayout.unsupportedReason(call);
      if (reason.isPresent()) {
        return prefixed(node, reason);
      }
    }
    return Optional.empty();
  }

  private static Optional<String> prefixed(PhysicalNode node, Optional<String> reason) {
    return reason.map(text -> node.name() + " is not generated: " + text);
  }
}
