package dev.spate.planner.physical;

import static java.util.Objects.requireNonNull;

import dev.spate.SpateException;
import dev.spate.planner.config.SpateConfig;
import dev.spate.planner.expr.AggregateCall;
import dev.spate.planner.expr.Alias;
import dev.spate.planner.expr.Call;
import dev.spate.planner.expr.ColumnRef;
import dev.spate.planner.expr.Expression;
import dev.spate.planner.expr.FunctionNames;
import dev.spate.planner.logical.Aggregate;
import dev.spate.planner.logical.Attribute;
import dev.spate.planner.logical.Distinct;
import dev.spate.planner.logical.Filter;
import dev.spate.planner.logical.Generate;
import dev.spate.planner.logical.Join;
import dev.spate.planner.logical.JoinType;
import dev.spate.planner.logical.Limit;
import dev.spate.planner.logical.LogicalPlan;
import dev.spate.planner.logical.Project;
import dev.spate.planner.logical.Scan;
import dev.spate.planner.logical.Sort;
import dev.spate.planner.logical.SubqueryAlias;
import dev.spate.planner.logical.Union;
import dev.spate.planner.optimizer.Expressions;
import dev.spate.planner.types.DataTypes;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * Turns an optimized logical plan into physical nodes: Scan, Filter, Project, HashAggregate (keys
 * then aggregate calls, with a Project on top computing the Aggregate's output expressions),
 * Sort (with a limit for Sort under Limit: top-N), Limit, HashJoin (equi-key pairs split from the
 * condition, the rest as the residual), Union, Generate; Distinct becomes a HashAggregate over all
 * columns, and Distinct on keys (dropDuplicates) a HashAggregate on the keys with {@code first}
 * of the other columns and a Project restoring the column order.
 *
 * <p>Usage: {@code PhysicalNode root = new PhysicalPlanner(config).plan(optimizedPlan);} then
 * {@code PlacedPlan.place(root, Backends.load(), config)}.
 */
public final class PhysicalPlanner {
  private final SpateConfig config;

  public PhysicalPlanner(SpateConfig config) {
    this.config = requireNonNull(config, "config is null");
  }

  /** The configuration planning runs under. */
  public SpateConfig config() {
    return config;
  }

  public PhysicalNode plan(LogicalPlan plan) {
    if (plan instanceof Scan) {
      Scan scan = (Scan) plan;
      return new ScanExec(scan.source(), scan.columns(), scan.filters());
    }
    if (plan instanceof Filter) {
      return new FilterExec(((Filter) plan).condition(), plan(plan.child()));
    }
    if (plan instanceof Project) {
      return new ProjectExec(((Project) plan).projections(), plan(plan.child()));
    }
    if (plan instanceof Aggregate) {
      return aggregate((Aggregate) plan);
    }
    if (plan instanceof Sort) {
      return new SortExec(((Sort) plan).order(), -1, plan(plan.child()));
    }
    if (plan instanceof Limit) {
      return limit((Limit) plan);
    }
    if (plan instanceof Join) {
      return join((Join) plan);
    }
    if (plan instanceof Union) {
      List<PhysicalNode> inputs = new ArrayList<>();
      for (LogicalPlan input : plan.children()) {
        inputs.add(plan(input));
      }
      return new UnionExec(inputs, plan.schema());
    }
    if (plan instanceof Generate) {
      Generate generate = (Generate) plan;
      return new GenerateExec(generate.generator(), generate.outer(), generate.generatedFields(),
          plan(generate.child()));
    }
    if (plan instanceof Distinct) {
      return distinct((Distinct) plan);
    }
    if (plan instanceof SubqueryAlias) {
      return plan(plan.child());
    }
    throw SpateException.internal("the physical planner cannot plan " + plan.describe()
        + (plan.resolved() ? "" : " (the plan is not resolved)"), null);
  }

  private PhysicalNode limit(Limit limit) {
    if (limit.child() instanceof Sort) {
      Sort sort = (Sort) limit.child();
      long rows = limit.limit() > Long.MAX_VALUE - limit.offset() ? -1
          : limit.limit() + limit.offset();
      PhysicalNode topN = new SortExec(sort.order(), rows, plan(sort.child()));
      return limit.offset() == 0 ? topN : new LimitExec(limit.limit(), limit.offset(), topN);
    }
    return new LimitExec(limit.limit(), limit.offset(), plan(limit.child()));
  }

  private PhysicalNode aggregate(Aggregate aggregate) {
    List<Expression> keys = aggregate.groupings();
    List<String> keyNames = new ArrayList<>();
    for (Expression key : keys) {
      keyNames.add(keyName(key, aggregate.aggregates()));
    }
    List<AggregateCall> calls = new ArrayList<>();
    for (Expression output : aggregate.aggregates()) {
      collectAggregates(output, calls);
    }
    List<String> callNames = new ArrayList<>();
    for (AggregateCall call : calls) {
      callNames.add(call.sql());
    }
    HashAggregateExec hashAggregate = new HashAggregateExec(keys, keyNames, calls, callNames,
        plan(aggregate.child()));
    List<Expression> projections = new ArrayList<>();
    boolean identity = aggregate.aggregates().size() == keys.size() + calls.size();
    for (int index = 0; index < aggregate.aggregates().size(); index++) {
      Expression output = aggregate.aggregates().get(index);
      Expression rewritten = overAggregateOutput(Expressions.unalias(output), keys, keyNames,
          calls, callNames);
      identity &= rewritten instanceof ColumnRef && ((ColumnRef) rewritten).ordinal() == index
          && Project.nameOf(output).equals(index < keys.size() ? keyNames.get(index)
              : callNames.get(index - keys.size()));
      projections.add(output instanceof Alias ? new Alias(rewritten, ((Alias) output).name())
          : rewritten);
    }
    return identity ? hashAggregate : new ProjectExec(projections, hashAggregate);
  }

  private static String keyName(Expression key, List<Expression> outputs) {
    for (Expression output : outputs) {
      if (Expressions.unalias(output).equals(key)) {
        return Project.nameOf(output);
      }
    }
    return key instanceof ColumnRef ? ((ColumnRef) key).name() : key.sql();
  }

  private static void collectAggregates(Expression expression, List<AggregateCall> calls) {
    if (expression instanceof AggregateCall) {
      if (!calls.contains(expression)) {
        calls.add((AggregateCall) expression);
      }
      return;
    }
    for (Expression child : expression.children()) {
      collectAggregates(child, calls);
    }
  }

  private static Expression overAggregateOutput(Expression expression, List<Expression> keys,
      List<String> keyNames, List<AggregateCall> calls, List<String> callNames) {
    int key = keys.indexOf(expression);
    if (key >= 0) {
      return new ColumnRef(key, keyNames.get(key), DataTypes.rename(expression.dataType(),
          keyNames.get(key)));
    }
    int call = calls.indexOf(expression);
    if (call >= 0) {
      return new ColumnRef(keys.size() + call, callNames.get(call),
          DataTypes.rename(expression.dataType(), callNames.get(call)));
    }
    List<Expression> children = new ArrayList<>();
    for (Expression child : expression.children()) {
      children.add(overAggregateOutput(child, keys, keyNames, calls, callNames));
    }
    return children.isEmpty() ? expression : expression.withChildren(children);
  }

  private PhysicalNode join(Join join) {
    PhysicalNode left = plan(join.left());
    PhysicalNode right = plan(join.right());
    int leftWidth = join.left().output().size();
    List<Expression> leftKeys = new ArrayList<>();
    List<Expression> rightKeys = new ArrayList<>();
    List<Expression> residual = new ArrayList<>();
    if (join.condition() != null) {
      for (Expression conjunct : Expressions.conjuncts(join.condition())) {
        if (!addKeyPair(conjunct, leftWidth, leftKeys, rightKeys)) {
          residual.add(conjunct);
        }
      }
    }
    JoinType type = join.joinType() == JoinType.CROSS && join.condition() != null
        ? JoinType.INNER : join.joinType();
    return new HashJoinExec(type, leftKeys, rightKeys, Expressions.and(residual), left, right);
  }

  /** Adds {@code l = r} with one side over the left input only and the other over the right only. */
  private static boolean addKeyPair(Expression conjunct, int leftWidth, List<Expression> leftKeys,
      List<Expression> rightKeys) {
    if (!(conjunct instanceof Call) || !((Call) conjunct).name().equals(FunctionNames.EQUAL)) {
      return false;
    }
    Expression first = ((Call) conjunct).argument(0);
    Expression second = ((Call) conjunct).argument(1);
    if (side(first, leftWidth) == 0 && side(second, leftWidth) == 1) {
      leftKeys.add(first);
      rightKeys.add(Expressions.shift(second, -leftWidth));
      return true;
    }
    if (side(first, leftWidth) == 1 && side(second, leftWidth) == 0) {
      leftKeys.add(second);
      rightKeys.add(Expressions.shift(first, -leftWidth));
      return true;
    }
    return false;
  }

  /** 0: only left columns, 1: only right columns, -1: both or none. */
  private static int side(Expression expression, int leftWidth) {
    BitSet references = Expressions.references(expression);
    if (references.isEmpty()) {
      return -1;
    }
    if (references.nextSetBit(leftWidth) < 0) {
      return 0;
    }
    return references.nextSetBit(0) >= leftWidth ? 1 : -1;
  }

  private PhysicalNode distinct(Distinct distinct) {
    PhysicalNode child = plan(distinct.child());
    List<Attribute> output = distinct.child().output();
    List<Integer> keyOrdinals = new ArrayList<>(distinct.keys());
    if (keyOrdinals.isEmpty()) {
      for (int index = 0; index < output.size(); index++) {
        keyOrdinals.add(index);
      }
    }
    List<Expression> keys = new ArrayList<>();
    List<String> keyNames = new ArrayList<>();
    for (int ordinal : keyOrdinals) {
      keys.add(reference(output, ordinal));
      keyNames.add(output.get(ordinal).name());
    }
    List<AggregateCall> firsts = new ArrayList<>();
    List<String> firstNames = new ArrayList<>();
    for (int index = 0; index < output.size(); index++) {
      if (!keyOrdinals.contains(index)) {
        ColumnRef column = reference(output, index);
        firsts.add(new AggregateCall("first", List.of(column), false,
            DataTypes.withNullable(column.dataType(), true)));
        firstNames.add(column.name());
      }
    }
    HashAggregateExec aggregate = new HashAggregateExec(keys, keyNames, firsts, firstNames, child);
    if (firsts.isEmpty() && distinct.keys().isEmpty()) {
      return aggregate;
    }
    List<Expression> restored = new ArrayList<>();
    List<org.apache.arrow.vector.types.pojo.Field> fields = aggregate.schema().getFields();
    int nextFirst = keys.size();
    for (int index = 0; index < output.size(); index++) {
      int position = keyOrdinals.indexOf(index);
      int ordinal = position >= 0 ? position : nextFirst++;
      restored.add(new ColumnRef(ordinal, fields.get(ordinal).getName(), fields.get(ordinal)));
    }
    return new ProjectExec(restored, aggregate);
  }

  private static ColumnRef reference(List<Attribute> output, int ordinal) {
    Attribute attribute = output.get(ordinal);
    return new ColumnRef(ordinal, attribute.name(), attribute.field());
  }
}
