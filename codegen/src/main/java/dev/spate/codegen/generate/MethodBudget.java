package dev.spate.codegen.generate;

import dev.spate.planner.expr.Expression;
import java.util.ArrayList;
import java.util.List;

/**
 * How {@link PipelineGenerator} keeps generated methods small: an expression costs one per node,
 * and expressions are split into chunks whose cost fits the method budget.
 */
final class MethodBudget {
  private MethodBudget() {}

  /**
   * Greedy groups of consecutive expression indexes whose total cost fits {@code budget} (an
   * expression costing more forms a chunk alone).
   */
  static List<List<Integer>> chunks(List<Expression> items, int budget) {
    List<List<Integer>> chunks = new ArrayList<>();
    List<Integer> current = new ArrayList<>();
    int used = 0;
    for (int index = 0; index < items.size(); index++) {
      int itemCost = cost(items.get(index));
      if (!current.isEmpty() && used + itemCost > budget) {
        chunks.add(current);
        current = new ArrayList<>();
        used = 0;
      }
      current.add(index);
      used += itemCost;
    }
    if (!current.isEmpty()) {
      chunks.add(current);
    }
    return chunks;
  }

  /** The total cost of {@code expressions}. */
  static int cost(List<? extends Expression> expressions) {
    int total = 0;
    for (Expression expression : expressions) {
      total += cost(expression);
    }
    return total;
  }

  /** The number of nodes of {@code expression}. */
  static int cost(Expression expression) {
    int total = 1;
    for (Expression child : expression.children()) {
      total += cost(child);
    }
    return total;
  }
}
