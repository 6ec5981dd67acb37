package dev.spate.engine;

import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Binds {@code input_file_name()} as Spark evaluates it: to the URI of the file the row was read
 * from, where the row comes straight from a file scan through filters, projections, sorts and
 * limits into the projection, filter or aggregation that calls it. A scan that can name its files
 * gets a hidden last column carrying the URI, which the plan carries up to those operators and
 * then drops, so the output schema does not change. Calls no file column reaches (other sources,
 * above a join) stay, and evaluate to the empty string, as in Spark.
 */
public final class InputFileNames {
  private static final String INPUT_FILE_NAME = "input_file_name";

  private InputFileNames() {}

  /**
   * {@code plan} with every {@code input_file_name()} bound; {@code withFileColumn} returns, for
   * a scan, the same scan reading one more, last column with each row's file URI, or null when
   * its source cannot name files. Plans without the function are returned unchanged.
   */
  public static LogicalPlan bind(LogicalPlan plan, Function<Scan, Scan> withFileColumn) {
    if (!contains(plan)) {
      return plan;
    }
    Bound bound = bindNode(plan, withFileColumn);
    return bound.fileColumn >= 0 ? withoutLast(bound.plan) : bound.plan;
  }

  /** Whether any expression of {@code plan} calls {@code input_file_name()}. */
  public static boolean contains(LogicalPlan plan) {
    for (Expression expression : plan.expressions()) {
      if (expression.anyMatch(InputFileNames::isInputFileName)) {
        return true;
      }
    }
    for (LogicalPlan child : plan.children()) {
      if (contains(child)) {
        return true;
      }
    }
    return false;
  }

  /** A rewritten node and the ordinal of the hidden file column at the end of its output (-1). */
  private static final class Bound {
    final LogicalPlan plan;
    final int fileColumn;

    Bound(LogicalPlan plan, int fileColumn) {
      this.plan = plan;
      this.fileColumn = fileColumn;
    }
  }

  private static Bound bindNode(LogicalPlan plan, Function<Scan, Scan> withFileColumn) {
    if (plan instanceof Scan) {
      Scan widened = withFileColumn.apply((Scan) plan);
      return widened == null ? new Bound(plan, -1)
          : new Bound(widened, widened.output().size() - 1);
    }
    List<Bound> children = new ArrayList<>();
    for (LogicalPlan child : plan.children()) {
      children.add(bindNode(child, withFileColumn));
    }
    int fileColumn = children.size() == 1 ? children.get(0).fileColumn : -1;
    boolean passesThrough = plan instanceof Filter || plan instanceof SubqueryAlias
        || plan instanceof Sort || plan instanceof Limit;
    List<LogicalPlan> newChildren = new ArrayList<>();
    boolean changed = false;
    for (int index = 0; index < children.size(); index++) {
      Bound child = children.get(index);
      boolean keep = child.fileColumn >= 0
          && (passesThrough || plan instanceof Project || plan instanceof Aggregate);
      LogicalPlan newChild = child.fileColumn >= 0 && !keep ? withoutLast(child.plan) : child.plan;
      changed |= newChild != plan.children().get(index);
      newChildren.add(newChild);
    }
    LogicalPlan rebuilt = changed ? plan.withChildren(newChildren) : plan;
    if (plan instanceof Project && fileColumn >= 0) {
      ColumnRef reference = reference(newChildren.get(0), fileColumn);
      List<Expression> projections = new ArrayList<>(replace(((Project) plan).projections(),
          reference));
      projections.add(reference);
      return new Bound(new Project(projections, newChildren.get(0)), projections.size() - 1);
    }
    if (plan instanceof Aggregate && fileColumn >= 0) {
      ColumnRef reference = reference(newChildren.get(0), fileColumn);
      Aggregate aggregate = (Aggregate) plan;
      return new Bound(new Aggregate(replace(aggregate.groupings(), reference),
          replace(aggregate.aggregates(), reference), newChildren.get(0)), -1);
    }
    if (plan instanceof Filter && fileColumn >= 0) {
      ColumnRef reference = reference(newChildren.get(0), fileColumn);
      Expression condition = ((Filter) plan).condition().transformUp(
          expression -> isInputFileName(expression) ? reference : expression);
      return new Bound(new Filter(condition, newChildren.get(0)), fileColumn);
    }
    return new Bound(rebuilt, passesThrough ? fileColumn : -1);
  }

  /** {@code expressions} with every {@code input_file_name()} replaced by {@code reference}. */
  private static List<Expression> replace(List<Expression> expressions, ColumnRef reference) {
    List<Expression> replaced = new ArrayList<>(expressions.size());
    for (Expression expression : expressions) {
      replaced.add(expression.transformUp(
          node -> isInputFileName(node) ? reference : node));
    }
    return replaced;
  }

  private static ColumnRef reference(LogicalPlan plan, int column) {
    Attribute file = plan.output().get(column);
    return new ColumnRef(column, file.name(), file.field());
  }

  /** Removes the hidden file column (the last one) from {@code plan}'s output. */
  private static LogicalPlan withoutLast(LogicalPlan plan) {
    List<Attribute> output = plan.output();
    List<Expression> projections = new ArrayList<>();
    for (int index = 0; index < output.size() - 1; index++) {
      projections.add(new ColumnRef(index, output.get(index).name(), output.get(index).field()));
    }
    return new Project(projections, plan);
  }

  private static boolean isInputFileName(Expression expression) {
    return expression instanceof Call && ((Call) expression).name().equals(INPUT_FILE_NAME);
  }
}
