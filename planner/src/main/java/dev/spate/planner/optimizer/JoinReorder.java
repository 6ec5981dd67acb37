package dev.spate.planner.optimizer;

import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;

/**
 * Reorders trees of inner and cross joins (as Spark's ReorderJoin does), so that {@code FROM a, b,
 * c WHERE ...} in any order joins through conditions instead of building Cartesian products, and
 * so that a star join streams its largest table and builds hash tables on the others: the new
 * order starts with the largest input (when every input's size is known from its scan, else the
 * first one) and then repeatedly takes, in the written order, the first input connected to the
 * inputs joined so far by a condition; an input connected to none is joined last, without a
 * condition. Each condition moves to the lowest join that sees all its columns. A projection on
 * top restores the written column order, so the output schema is unchanged.
 *
 * <p>Runs after predicate pushdown (which moves WHERE conjuncts into the join conditions); a tree
 * is rewritten only when the order changes and every condition is deterministic.
 */
final class JoinReorder {
  private JoinReorder() {}

  static LogicalPlan apply(LogicalPlan plan) {
    if (!(plan instanceof Join) || !reorderable((Join) plan)) {
      List<LogicalPlan> children = new ArrayList<>();
      boolean changed = false;
      for (LogicalPlan child : plan.children()) {
        LogicalPlan rewritten = apply(child);
        changed |= rewritten != child;
        children.add(rewritten);
      }
      return changed ? plan.withChildren(children) : plan;
    }
    Flattened tree = new Flattened();
    tree.add(plan);
    boolean inputsChanged = false;
    for (int index = 0; index < tree.inputs.size(); index++) {
      LogicalPlan input = tree.inputs.get(index);
      LogicalPlan rewritten = apply(input);
      inputsChanged |= rewritten != input;
      tree.inputs.set(index, rewritten);
    }
    List<Integer> order = order(tree);
    boolean written = true;
    for (int index = 0; index < order.size(); index++) {
      written &= order.get(index) == index;
    }
    if (!written) {
      return rebuild(tree, order);
    }
    return inputsChanged ? withInputs(plan, tree.inputs.iterator()) : plan;
  }

  /** The join tree {@code plan} with its inputs replaced, in written order, by {@code inputs}. */
  private static LogicalPlan withInputs(LogicalPlan plan, Iterator<LogicalPlan> inputs) {
    if (plan instanceof Join && reorderable((Join) plan)) {
      LogicalPlan left = withInputs(((Join) plan).left(), inputs);
      LogicalPlan right = withInputs(((Join) plan).right(), inputs);
      return plan.withChildren(List.of(left, right));
    }
    return inputs.next();
  }

  /** The inputs of a flattened join tree and its conditions over their concatenated columns. */
  private static final class Flattened {
    final List<LogicalPlan> inputs = new ArrayList<>();
    final List<Integer> offsets = new ArrayList<>();
    final List<Expression> conditions = new ArrayList<>();
    int width;

    void add(LogicalPlan plan) {
      if (plan instanceof Join && reorderable((Join) plan)) {
        Join join = (Join) plan;
        int offset = width;
        add(join.left());
        add(join.right());
        if (join.condition() != null) {
          for (Expression conjunct : Expressions.conjuncts(join.condition())) {
            conditions.add(Expressions.shift(conjunct, offset));
          }
        }
        return;
      }
      inputs.add(plan);
      offsets.add(width);
      width += plan.output().size();
    }

    /** The inputs whose columns {@code condition} reads. */
    BitSet inputsOf(Expression condition) {
      BitSet inputsRead = new BitSet();
      BitSet columns = Expressions.references(condition);
      for (int column = columns.nextSetBit(0); column >= 0; column = columns.nextSetBit(column + 1)) {
        int input = offsets.size() - 1;
        while (offsets.get(input) > column) {
          input--;
        }
        inputsRead.set(input);
      }
      return inputsRead;
    }
  }

  private static boolean reorderable(Join join) {
    return (join.joinType() == JoinType.INNER || join.joinType() == JoinType.CROSS)
        && join.usingColumns().isEmpty()
        && (join.condition() == null || Expressions.deterministic(join.condition()));
  }

  /** The greedy join order, as indexes into the written inputs. */
  private static List<Integer> order(Flattened tree) {
    int count = tree.inputs.size();
    List<BitSet> conditionInputs = new ArrayList<>();
    for (Expression condition : tree.conditions) {
      conditionInputs.add(tree.inputsOf(condition));
    }
    List<Integer> order = new ArrayList<>();
    BitSet joined = new BitSet();
    int first = largestInput(tree.inputs);
    order.add(first);
    joined.set(first);
    while (order.size() < count) {
      int next = -1;
      for (int candidate = 0; candidate < count && next < 0; candidate++) {
        if (!joined.get(candidate) && connected(candidate, joined, conditionInputs)) {
          next = candidate;
        }
      }
      if (next < 0) {
        next = joined.nextClearBit(0);
      }
      order.add(next);
      joined.set(next);
    }
    return order;
  }

  /** Whether a condition reads {@code candidate} and otherwise only inputs already joined. */
  private static boolean connected(int candidate, BitSet joined, List<BitSet> conditionInputs) {
    for (BitSet inputs : conditionInputs) {
      if (inputs.get(candidate) && inputs.cardinality() > 1) {
        BitSet others = (BitSet) inputs.clone();
        others.clear(candidate);
        others.andNot(joined);
        if (others.isEmpty()) {
          return true;
        }
      }
    }
    return false;
  }

  /** The input with the most estimated bytes when all are scans of known size, else input 0. */
  private static int largestInput(List<LogicalPlan> inputs) {
    int largest = 0;
    long largestBytes = -1;
    for (int index = 0; index < inputs.size(); index++) {
      long bytes = estimatedBytes(inputs.get(index));
      if (bytes < 0) {
        return 0;
      }
      if (bytes > largestBytes) {
        largest = index;
        largestBytes = bytes;
      }
    }
    return largest;
  }

  /** The size of the table under a chain of single-input operators, or -1 when unknown. */
  private static long estimatedBytes(LogicalPlan plan) {
    LogicalPlan current = plan;
    while (current.children().size() == 1) {
      current = current.children().get(0);
    }
    return current instanceof Scan ? ((Scan) current).source().estimatedBytes() : -1;
  }

  /**
   * The left-deep join tree over the inputs in {@code order}, each condition at the lowest join
   * that covers it, under a projection back to the written column order.
   */
  private static LogicalPlan rebuild(Flattened tree, List<Integer> order) {
    int[] newPosition = new int[tree.width];
    int position = 0;
    for (int input : order) {
      int width = tree.inputs.get(input).output().size();
      for (int column = 0; column < width; column++) {
        newPosition[tree.offsets.get(input) + column] = position++;
      }
    }
    List<Expression> pending = new ArrayList<>(tree.conditions);
    BitSet joined = new BitSet();
    joined.set(order.get(0));
    LogicalPlan current = tree.inputs.get(order.get(0));
    for (int step = 1; step < order.size(); step++) {
      joined.set(order.get(step));
      List<Expression> here = new ArrayList<>();
      for (Expression condition : List.copyOf(pending)) {
        BitSet outside = tree.inputsOf(condition);
        outside.andNot(joined);
        if (outside.isEmpty()) {
          here.add(Expressions.remap(condition, newPosition));
          pending.remove(condition);
        }
      }
      Expression condition = here.isEmpty() ? null : Expressions.and(here);
      current = new Join(current, tree.inputs.get(order.get(step)),
          condition == null ? JoinType.CROSS : JoinType.INNER, condition, List.of());
    }
    List<Expression> restore = new ArrayList<>(tree.width);
    List<Attribute> output = current.output();
    for (int column = 0; column < tree.width; column++) {
      Attribute attribute = output.get(newPosition[column]);
      restore.add(new ColumnRef(newPosition[column], attribute.name(), attribute.field()));
    }
    return new Project(restore, current);
  }
}
