package dev.spate.planner.optimizer;

import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.expr.SortOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Removes columns nobody reads: unused projections, and unused scan columns (pushed into {@link
 * Scan#columns()}); every column reference above a pruned node is renumbered. Distinct and Union
 * keep all their columns (their meaning depends on them) but are pruned below.
 */
final class ColumnPruning {
  /** A rewritten plan and where each old output column went ({@code -1}: removed). */
  private static final class Pruned {
    final LogicalPlan plan;
    final int[] mapping;

    Pruned(LogicalPlan plan, int[] mapping) {
      this.plan = plan;
      this.mapping = mapping;
    }
  }

  private ColumnPruning() {}

  static LogicalPlan apply(LogicalPlan plan) {
    BitSet all = new BitSet();
    all.set(0, plan.output().size());
    return prune(plan, all).plan;
  }

  private static Pruned prune(LogicalPlan plan, BitSet required) {
    if (plan instanceof Scan) {
      return pruneScan((Scan) plan, required);
    }
    if (plan instanceof Project) {
      return pruneProject((Project) plan, required);
    }
    if (plan instanceof Filter || plan instanceof Sort || plan instanceof Limit
        || plan instanceof SubqueryAlias) {
      BitSet childRequired = (BitSet) required.clone();
      for (Expression expression : plan.expressions()) {
        childRequired.or(Expressions.references(expression));
      }
      Pruned child = prune(plan.child(), childRequired);
      return new Pruned(passThrough(plan, child), child.mapping);
    }
    if (plan instanceof Aggregate) {
      Aggregate aggregate = (Aggregate) plan;
      BitSet childRequired = new BitSet();
      for (Expression expression : aggregate.expressions()) {
        childRequired.or(Expressions.references(expression));
      }
      Pruned child = prune(aggregate.child(), childRequired);
      return new Pruned(new Aggregate(remapAll(aggregate.groupings(), child.mapping),
          remapAll(aggregate.aggregates(), child.mapping), child.plan),
          identity(aggregate.aggregates().size()));
    }
    if (plan instanceof Join) {
      return pruneJoin((Join) plan, required);
    }
    if (plan instanceof Generate) {
      return pruneGenerate((Generate) plan, required);
    }
    List<LogicalPlan> children = new ArrayList<>();
    for (LogicalPlan child : plan.children()) {
      BitSet all = new BitSet();
      all.set(0, child.output().size());
      children.add(prune(child, all).plan);
    }
    LogicalPlan rebuilt = children.isEmpty() ? plan : plan.withChildren(children);
    return new Pruned(rebuilt, identity(plan.output().size()));
  }

  private static Pruned pruneScan(Scan scan, BitSet required) {
    List<Integer> columns = new ArrayList<>();
    int[] mapping = new int[scan.columns().size()];
    Arrays.fill(mapping, -1);
    for (int index = 0; index < scan.columns().size(); index++) {
      if (required.get(index)) {
        mapping[index] = columns.size();
        columns.add(scan.columns().get(index));
      }
    }
    if (columns.isEmpty() && !scan.columns().isEmpty()) {
      mapping[0] = 0;
      columns.add(scan.columns().get(0));
    }
    return new Pruned(columns.size() == scan.columns().size() ? scan : scan.withColumns(columns),
        mapping);
  }

  private static Pruned pruneProject(Project project, BitSet required) {
    List<Expression> kept = new ArrayList<>();
    int[] mapping = new int[project.projections().size()];
    Arrays.fill(mapping, -1);
    BitSet childRequired = new BitSet();
    for (int index = 0; index < project.projections().size(); index++) {
      if (required.get(index)) {
        mapping[index] = kept.size();
        Expression projection = project.projections().get(index);
        kept.add(projection);
        childRequired.or(Expressions.references(projection));
      }
    }
    Pruned child = prune(project.child(), childRequired);
    return new Pruned(new Project(remapAll(kept, child.mapping), child.plan), mapping);
  }

  private static Pruned pruneJoin(Join join, BitSet required) {
    int leftWidth = join.left().output().size();
    int rightWidth = join.right().output().size();
    BitSet needed = (BitSet) required.clone();
    if (join.condition() != null) {
      needed.or(Expressions.references(join.condition()));
    }
    Pruned left = prune(join.left(), needed.get(0, leftWidth));
    Pruned right = prune(join.right(), needed.get(leftWidth, leftWidth + rightWidth));
    int newLeftWidth = left.plan.output().size();
    int[] combined = new int[leftWidth + rightWidth];
    for (int index = 0; index < leftWidth; index++) {
      combined[index] = left.mapping[index];
    }
    for (int index = 0; index < rightWidth; index++) {
      combined[leftWidth + index] = right.mapping[index] < 0 ? -1
          : newLeftWidth + right.mapping[index];
    }
    Expression condition = join.condition() == null ? null
        : Expressions.remap(join.condition(), combined);
    Join rebuilt = new Join(left.plan, right.plan, join.joinType(), condition, List.of());
    int[] mapping = join.joinType().leftOnly() ? left.mapping : combined;
    return new Pruned(rebuilt, mapping);
  }

  private static Pruned pruneGenerate(Generate generate, BitSet required) {
    int childWidth = generate.child().output().size();
    int generated = generate.output().size() - childWidth;
    BitSet childRequired = required.get(0, childWidth);
    childRequired.or(Expressions.references(generate.generator()));
    Pruned child = prune(generate.child(), childRequired);
    int newChildWidth = child.plan.output().size();
    int[] mapping = Arrays.copyOf(child.mapping, childWidth + generated);
    for (int index = 0; index < generated; index++) {
      mapping[childWidth + index] = newChildWidth + index;
    }
    Generate rebuilt = new Generate(Expressions.remap(generate.generator(), child.mapping),
        generate.outer(), generate.outputNames(), child.plan);
    return new Pruned(rebuilt, mapping);
  }

  /** Rebuilds a node whose output is its child's, renumbering its expressions. */
  private static LogicalPlan passThrough(LogicalPlan plan, Pruned child) {
    if (plan instanceof Filter) {
      return new Filter(Expressions.remap(((Filter) plan).condition(), child.mapping), child.plan);
    }
    if (plan instanceof Sort) {
      List<SortOrder> order = new ArrayList<>();
      for (SortOrder key : ((Sort) plan).order()) {
        order.add((SortOrder) Expressions.remap(key, child.mapping));
      }
      return new Sort(order, child.plan);
    }
    return plan.withChildren(List.of(child.plan));
  }

  private static List<Expression> remapAll(List<Expression> expressions, int[] mapping) {
    List<Expression> result = new ArrayList<>(expressions.size());
    for (Expression expression : expressions) {
      result.add(Expressions.remap(expression, mapping));
    }
    return result;
  }

  private static int[] identity(int size) {
    int[] mapping = new int[size];
    for (int index = 0; index < size; index++) {
      mapping[index] = index;
    }
    return mapping;
  }
}
