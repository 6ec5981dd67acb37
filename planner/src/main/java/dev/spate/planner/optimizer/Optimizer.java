package dev.spate.planner.optimizer;

import static java.util.Objects.requireNonNull;

import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.Literal;
import dev.spate.planner.expr.SortOrder;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites a resolved logical plan into a cheaper equivalent one. Rules, in order: drop
 * SubqueryAlias nodes (names are resolved already); constant folding and boolean simplification;
 * remove filters that are always true; merge adjacent projections; predicate pushdown (see {@link
 * PredicatePushdown}, which also merges adjacent filters and copies filters into scans); inner join
 * reordering (see {@link JoinReorder}); column
 * pruning into scans; drop identity projections; move a Limit below a Project so that
 * Limit-over-Sort (the top-N marker the physical planner turns into one {@code SortExec} with a
 * limit) is adjacent.
 *
 * <p>Usage: {@code LogicalPlan optimized = new Optimizer(config).optimize(analyzed);} The output
 * schema (names, types, order) equals the input's.
 */
public final class Optimizer {
  private final SpateConfig config;

  public Optimizer(SpateConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /** The configuration the rules run under. */
  public SpateConfig config() {
    return config;
  }

  public LogicalPlan optimize(LogicalPlan plan) {
    LogicalPlan current = plan.transformUp(Optimizer::removeSubqueryAlias);
    current = current.transformUp(Optimizer::simplifyExpressions);
    current = current.transformUp(Optimizer::removeTrueFilter);
    current = current.transformUp(Optimizer::combineProjects);
    current = PredicatePushdown.apply(current);
    current = JoinReorder.apply(current);
    current = current.transformUp(Optimizer::removeTrueFilter);
    current = ColumnPruning.apply(current);
    current = current.transformUp(Optimizer::combineProjects);
    current = current.transformUp(Optimizer::removeIdentityProject);
    current = current.transformUp(Optimizer::limitBelowProject);
    return current;
  }

  private static LogicalPlan removeSubqueryAlias(LogicalPlan plan) {
    return plan instanceof SubqueryAlias ? plan.child() : plan;
  }

  private static LogicalPlan simplifyExpressions(LogicalPlan plan) {
    if (plan instanceof Filter) {
      return new Filter(ExpressionSimplifier.simplify(((Filter) plan).condition()), plan.child());
    }
    if (plan instanceof Project) {
      return new Project(simplifyAll(((Project) plan).projections()), plan.child());
    }
    if (plan instanceof Aggregate) {
      Aggregate aggregate = (Aggregate) plan;
      return new Aggregate(simplifyAll(aggregate.groupings()), simplifyAll(aggregate.aggregates()),
          aggregate.child());
    }
    if (plan instanceof Join && ((Join) plan).condition() != null) {
      Join join = (Join) plan;
      Expression condition = ExpressionSimplifier.simplify(join.condition());
      return join.withCondition(ExpressionSimplifier.isTrue(condition) ? null : condition);
    }
    if (plan instanceof Sort) {
      List<SortOrder> order = new ArrayList<>();
      for (SortOrder key : ((Sort) plan).order()) {
        order.add((SortOrder) ExpressionSimplifier.simplify(key));
      }
      return new Sort(order, plan.child());
    }
    if (plan instanceof Generate) {
      Generate generate = (Generate) plan;
      return new Generate(ExpressionSimplifier.simplify(generate.generator()), generate.outer(),
          generate.outputNames(), generate.child());
    }
    return plan;
  }

  private static List<Expression> simplifyAll(List<Expression> expressions) {
    List<Expression> result = new ArrayList<>(expressions.size());
    for (Expression expression : expressions) {
      result.add(ExpressionSimplifier.simplify(expression));
    }
    return result;
  }

  private static LogicalPlan removeTrueFilter(LogicalPlan plan) {
    return plan instanceof Filter && ExpressionSimplifier.isTrue(((Filter) plan).condition())
        ? plan.child() : plan;
  }

  /**
   * Project over Project becomes one Project computing the outer expressions over the inner input,
   * unless that would copy a computed inner expression into several places (as Spark's
   * CollapseProject, an inner expression other than a column or a literal that the outer list reads
   * more than once stays in its own Project, so it is evaluated once per row).
   */
  private static LogicalPlan combineProjects(LogicalPlan plan) {
    if (!(plan instanceof Project) || !(plan.child() instanceof Project)) {
      return plan;
    }
    Project outer = (Project) plan;
    Project inner = (Project) plan.child();
    for (Expression projection : inner.projections()) {
      if (!Expressions.deterministic(projection)) {
        return plan;
      }
    }
    int[] reads = new int[inner.projections().size()];
    for (Expression projection : outer.projections()) {
      projection.anyMatch(node -> {
        if (node instanceof ColumnRef) {
          reads[((ColumnRef) node).ordinal()]++;
        }
        return false;
      });
    }
    for (int index = 0; index < reads.length; index++) {
      Expression computed = Expressions.unalias(inner.projections().get(index));
      if (reads[index] > 1 && !(computed instanceof ColumnRef) && !(computed instanceof Literal)) {
        return plan;
      }
    }
    List<Expression> combined = new ArrayList<>();
    for (Expression projection : outer.projections()) {
      if (projection instanceof ColumnRef) {
        combined.add(inner.projections().get(((ColumnRef) projection).ordinal()));
      } else {
        combined.add(Expressions.substitute(projection, inner.projections()));
      }
    }
    return new Project(combined, inner.child());
  }

  /** A Project that passes every input column through in order is dropped. */
  private static LogicalPlan removeIdentityProject(LogicalPlan plan) {
    if (!(plan instanceof Project)) {
      return plan;
    }
    List<Expression> projections = ((Project) plan).projections();
    if (projections.size() != plan.child().output().size()) {
      return plan;
    }
    for (int index = 0; index < projections.size(); index++) {
      if (!(projections.get(index) instanceof ColumnRef)
          || ((ColumnRef) projections.get(index)).ordinal() != index) {
        return plan;
      }
    }
    return plan.child();
  }

  private static LogicalPlan limitBelowProject(LogicalPlan plan) {
    if (plan instanceof Limit && plan.child() instanceof Project) {
      Project project = (Project) plan.child();
      return new Project(project.projections(), plan.withChildren(List.of(project.child())));
    }
    return plan;
  }
}
