package dev.spate.planner.optimizer;

import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Moves filters toward the sources: through projections (substituting the projected
 * expressions), below sorts, below aggregations when they test grouping columns only, into both
 * sides of inner joins and into the preserved side of outer joins (a WHERE conjunct on the
 * null-supplying side stays above the join; an ON conjunct on the null-supplying side goes into
 * that side), and merges cross-side WHERE conjuncts into inner join conditions. Finally a copy of
 * each filter directly over a scan goes into {@link Scan#filters()} (for pruning; the Filter stays).
 */
final class PredicatePushdown {
  private PredicatePushdown() {}

  static LogicalPlan apply(LogicalPlan plan) {
    List<LogicalPlan> children = new ArrayList<>();
    for (LogicalPlan child : plan.children()) {
      children.add(apply(child));
    }
    LogicalPlan current = children.isEmpty() ? plan : plan.withChildren(children);
    if (current instanceof Filter) {
      return pushFilter((Filter) current);
    }
    if (current instanceof Join) {
      return pushJoinCondition((Join) current);
    }
    return current;
  }

  private static LogicalPlan pushFilter(Filter filter) {
    LogicalPlan child = filter.child();
    Expression condition = filter.condition();
    if (!Expressions.deterministic(condition)) {
      return filter;
    }
    if (child instanceof Filter) {
      Filter inner = (Filter) child;
      return pushFilter(new Filter(Expressions.and(List.of(inner.condition(), condition)),
          inner.child()));
    }
    if (child instanceof Project) {
      Project project = (Project) child;
      for (Expression projection : project.projections()) {
        if (!Expressions.deterministic(projection)) {
          return filter;
        }
      }
      Expression pushed = Expressions.substitute(condition, project.projections());
      return new Project(project.projections(), pushFilter(new Filter(pushed, project.child())));
    }
    if (child instanceof Sort) {
      return child.withChildren(List.of(pushFilter(new Filter(condition, child.child()))));
    }
    if (child instanceof Aggregate) {
      return pushThroughAggregate(condition, (Aggregate) child);
    }
    if (child instanceof Join) {
      return pushIntoJoin(condition, (Join) child);
    }
    if (child instanceof Scan) {
      return intoScan(condition, (Scan) child);
    }
    return filter;
  }

  private static LogicalPlan pushThroughAggregate(Expression condition, Aggregate aggregate) {
    List<Expression> below = new ArrayList<>();
    List<Expression> above = new ArrayList<>();
    for (Expression conjunct : Expressions.conjuncts(condition)) {
      boolean onGroupings = true;
      BitSet references = Expressions.references(conjunct);
      for (int ordinal = references.nextSetBit(0); ordinal >= 0;
          ordinal = references.nextSetBit(ordinal + 1)) {
        onGroupings &= aggregate.groupings().contains(
            Expressions.unalias(aggregate.aggregates().get(ordinal)));
      }
      if (onGroupings && !aggregate.groupings().isEmpty()) {
        below.add(Expressions.substitute(conjunct, aggregate.aggregates()));
      } else {
        above.add(conjunct);
      }
    }
    if (below.isEmpty()) {
      return new Filter(condition, aggregate);
    }
    LogicalPlan pushed = aggregate.withChildren(List.of(
        pushFilter(new Filter(Expressions.and(below), aggregate.child()))));
    return above.isEmpty() ? pushed : new Filter(Expressions.and(above), pushed);
  }

  private static LogicalPlan pushIntoJoin(Expression condition, Join join) {
    int leftWidth = join.left().output().size();
    JoinType type = join.joinType();
    boolean leftPreserved = type != JoinType.RIGHT_OUTER && type != JoinType.FULL_OUTER;
    boolean rightPreserved = type == JoinType.INNER || type == JoinType.CROSS
        || type == JoinType.RIGHT_OUTER;
    boolean mergeable = type == JoinType.INNER || type == JoinType.CROSS;
    List<Expression> left = new ArrayList<>();
    List<Expression> right = new ArrayList<>();
    List<Expression> joined = new ArrayList<>();
    List<Expression> above = new ArrayList<>();
    for (Expression conjunct : Expressions.conjuncts(condition)) {
      BitSet references = Expressions.references(conjunct);
      boolean onlyLeft = references.nextSetBit(leftWidth) < 0;
      boolean onlyRight = !references.isEmpty() && references.nextSetBit(0) >= leftWidth;
      if (onlyLeft && leftPreserved) {
        left.add(conjunct);
      } else if (onlyRight && rightPreserved && !type.leftOnly()) {
        right.add(Expressions.shift(conjunct, -leftWidth));
      } else if (mergeable) {
        joined.add(conjunct);
      } else {
        above.add(conjunct);
      }
    }
    Join result = rebuild(join, left, right, joined);
    return above.isEmpty() ? result : new Filter(Expressions.and(above), result);
  }

  /** Pushes single-side conjuncts of an ON condition into the side where that is correct. */
  private static LogicalPlan pushJoinCondition(Join join) {
    if (join.condition() == null) {
      return join;
    }
    int leftWidth = join.left().output().size();
    JoinType type = join.joinType();
    boolean pushLeft = type == JoinType.INNER || type == JoinType.CROSS
        || type == JoinType.RIGHT_OUTER || type == JoinType.LEFT_SEMI;
    boolean pushRight = type == JoinType.INNER || type == JoinType.CROSS
        || type == JoinType.LEFT_OUTER || type == JoinType.LEFT_SEMI || type == JoinType.LEFT_ANTI;
    List<Expression> left = new ArrayList<>();
    List<Expression> right = new ArrayList<>();
    List<Expression> kept = new ArrayList<>();
    for (Expression conjunct : Expressions.conjuncts(join.condition())) {
      BitSet references = Expressions.references(conjunct);
      if (!references.isEmpty() && references.nextSetBit(leftWidth) < 0 && pushLeft
          && Expressions.deterministic(conjunct)) {
        left.add(conjunct);
      } else if (!references.isEmpty() && references.nextSetBit(0) >= leftWidth && pushRight
          && Expressions.deterministic(conjunct)) {
        right.add(Expressions.shift(conjunct, -leftWidth));
      } else {
        kept.add(conjunct);
      }
    }
    if (left.isEmpty() && right.isEmpty()) {
      return join;
    }
    return rebuild(join.withCondition(null), left, right, kept);
  }

  private static Join rebuild(Join join, List<Expression> left, List<Expression> right,
      List<Expression> condition) {
    LogicalPlan newLeft = left.isEmpty() ? join.left()
        : pushFilter(new Filter(Expressions.and(left), join.left()));
    LogicalPlan newRight = right.isEmpty() ? join.right()
        : pushFilter(new Filter(Expressions.and(right), join.right()));
    List<Expression> all = new ArrayList<>();
    if (join.condition() != null) {
      all.addAll(Expressions.conjuncts(join.condition()));
    }
    all.addAll(condition);
    JoinType type = join.joinType() == JoinType.CROSS && !all.isEmpty() ? JoinType.INNER
        : join.joinType();
    return new Join(newLeft, newRight, type, Expressions.and(all), List.of());
  }

  /** Keeps the filter and gives the scan a copy over the source schema, for pruning. */
  private static LogicalPlan intoScan(Expression condition, Scan scan) {
    int[] toSource = new int[scan.columns().size()];
    for (int index = 0; index < toSource.length; index++) {
      toSource[index] = scan.columns().get(index);
    }
    List<Expression> filters = new ArrayList<>(scan.filters());
    for (Expression conjunct : Expressions.conjuncts(condition)) {
      if (conjunct.anyMatch(node -> node instanceof ColumnRef)) {
        Expression overSource = Expressions.remap(conjunct, toSource);
        if (!filters.contains(overSource)) {
          filters.add(overSource);
        }
      }
    }
    return new Filter(condition, scan.withFilters(filters));
  }
}
