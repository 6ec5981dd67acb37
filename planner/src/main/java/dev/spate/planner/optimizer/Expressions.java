package dev.spate.planner.optimizer;

import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/** Helpers over resolved expressions shared by the optimizer rules and the physical planner. */
public final class Expressions {
  private Expressions() {}

  /** The conjuncts of an {@code AND} tree, left to right. */
  public static List<Expression> conjuncts(Expression condition) {
    List<Expression> result = new ArrayList<>();
    addConjuncts(condition, result);
    return result;
  }

  private static void addConjuncts(Expression condition, List<Expression> result) {
    if (condition instanceof Call && ((Call) condition).name().equals(FunctionNames.AND)) {
      for (Expression argument : condition.children()) {
        addConjuncts(argument, result);
      }
    } else {
      result.add(condition);
    }
  }

  /** The AND of {@code conjuncts}, or null when there are none. */
  public static Expression and(List<Expression> conjuncts) {
    Expression result = null;
    for (Expression conjunct : conjuncts) {
      result = result == null ? conjunct : new Call(FunctionNames.AND, List.of(result, conjunct),
          DataTypes.field("", DataTypes.BOOLEAN, result.nullable() || conjunct.nullable()));
    }
    return result;
  }

  /** The input ordinals {@code expression} reads. */
  public static BitSet references(Expression expression) {
    BitSet result = new BitSet();
    expression.anyMatch(node -> {
      if (node instanceof ColumnRef) {
        result.set(((ColumnRef) node).ordinal());
      }
      return false;
    });
    return result;
  }

  /** Moves every column reference: ordinal {@code i} becomes {@code mapping[i]}. */
  public static Expression remap(Expression expression, int[] mapping) {
    return expression.transformUp(node -> node instanceof ColumnRef
        ? ((ColumnRef) node).withOrdinal(mapping[((ColumnRef) node).ordinal()]) : node);
  }

  /** Shifts every column reference by {@code offset}. */
  public static Expression shift(Expression expression, int offset) {
    return offset == 0 ? expression : expression.transformUp(node -> node instanceof ColumnRef
        ? ((ColumnRef) node).withOrdinal(((ColumnRef) node).ordinal() + offset) : node);
  }

  /** Replaces each reference to column {@code i} by the expression of {@code projections[i]}. */
  public static Expression substitute(Expression expression, List<Expression> projections) {
    return expression.transformUp(node -> node instanceof ColumnRef
        ? unalias(projections.get(((ColumnRef) node).ordinal())) : node);
  }

  public static Expression unalias(Expression expression) {
    return expression instanceof Alias ? ((Alias) expression).child() : expression;
  }

  /** True for expressions whose value may differ between evaluations of the same row. */
  public static boolean deterministic(Expression expression) {
    return !expression.anyMatch(node -> node instanceof Call
        && (((Call) node).name().equals("rand") || ((Call) node).name().equals("input_file_name")));
  }
}
